"""Root-cause analyses on a page: start one in the background, follow it, and show its report.

``start(slot, question)`` queues the analysis for the signed-in user and remembers it in
session state under ``slot``; ``panel(slot)`` shows its progress bar and cancel button while
it runs (a fragment polling the RQ job, as ui/conversation.py does for questions) and the
report once it is done. ``report(data)`` renders a ``RootCauseReport.to_dict()`` and is what
any page (Trends, Ask) uses to show one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from supportwise.charts.palette import PRIMARY
from supportwise.queue.cancel import cancel
from supportwise.queue.kinds import ANALYSIS
from supportwise.queue.status import JobStatus, job_status
from supportwise.queue.submit import submit_analysis
from ui.auth import signed_in
from ui.errors import friendly_errors
from ui.resources import redis_client, settings

POLL_SECONDS = 1.0
QUOTES_SHOWN = 3


@dataclass
class Analysis:
    """One analysis on the page: its question, its job, and the report or what stopped it."""

    question: str
    title: str
    job_id: str
    note: str | None = None          # what the analysis covers, shown under the title
    state: str = "queued"            # queued | running | done | failed | cancelled
    report: dict[str, Any] | None = None
    error: str | None = None

    def settle(self, status: JobStatus) -> None:
        self.state, self.error = status.state, status.error
        if status.state == "done":
            self.report = status.answer


def _key(slot: str) -> str:
    return f"sw_analysis_{slot}"


def current(slot: str) -> Analysis | None:
    return st.session_state.get(_key(slot))


def start(slot: str, question: str, title: str, note: str | None = None) -> None:
    """Queue the analysis of question for the signed-in user; it replaces what slot showed."""
    with friendly_errors():
        job_id = submit_analysis(redis_client(), signed_in(), question, today=settings().current_date())
        st.session_state[_key(slot)] = Analysis(question, title, job_id, note)


def panel(slot: str) -> None:
    """The slot's analysis: progress and cancel while it runs, then the report (or why there is none)."""
    analysis = current(slot)
    if analysis is None:
        return
    st.subheader(analysis.title)
    if analysis.note:
        st.caption(analysis.note)
    if analysis.state in ("queued", "running"):
        _progress(analysis)
    elif analysis.state == "done" and analysis.report:
        report(analysis.report)
    elif analysis.state == "cancelled":
        st.info("The analysis was cancelled.", icon=":material/cancel:")
    else:
        st.error(analysis.error or "The analysis failed.", icon=":material/error:")


@st.fragment(run_every=POLL_SECONDS)
def _progress(analysis: Analysis) -> None:
    with friendly_errors():
        status = job_status(redis_client(), analysis.job_id, principal=signed_in(), kind=ANALYSIS)
        if status.state in ("queued", "running"):
            analysis.state = status.state
            label = "Waiting for a worker …" if status.state == "queued" else f"{status.stage.capitalize()} …"
            st.progress(max(status.progress, 0.02), text=f"Analysing in the background · {label}")
            st.button("Cancel", key=f"sw_cancel_analysis_{analysis.job_id}", icon=":material/cancel:",
                      on_click=_cancel, args=(analysis,))
            return
        analysis.settle(status)
        st.rerun(scope="app")


def _cancel(analysis: Analysis) -> None:
    with friendly_errors():
        analysis.settle(cancel(redis_client(), signed_in(), analysis.job_id, ANALYSIS))


def report(data: dict[str, Any]) -> None:
    """A root-cause report: what was analysed, sentiment, the summary, then each theme."""
    subject, period = data.get("subject") or {}, data.get("period") or {}
    st.caption(f"{subject.get('label', 'Tickets')} · {period.get('label', '')} · themes by {data.get('engine')}, "
               f"summary by {data.get('summary_engine')}")
    count, sentiment = data.get("ticket_count", 0), data.get("sentiment") or {}
    shares = sentiment.get("shares") or {}
    scored = any(v is not None for v in shares.values())
    columns = st.columns(4 if scored else [1, 3], vertical_alignment="center")
    columns[0].metric("Tickets analysed", f"{count:,}", border=True)
    if scored:
        for column, label in zip(columns[1:], ("negative", "neutral", "positive")):
            column.metric(f"{label.capitalize()} sentiment", f"{shares[label]:.0f} %", border=True,
                          help=f"{sentiment.get(label, 0):,} tickets, by their customer comments"
                               + (f"; {sentiment['unknown']:,} not scored yet" if sentiment.get("unknown") else ""))
    else:
        columns[1].caption("Sentiment not computed yet for these tickets — run `python -m supportwise enrich`.")
    st.markdown(f"**Summary.** {data.get('summary', '')}")
    for notice in data.get("notices") or []:
        st.info(notice, icon=":material/info:")
    if data.get("truncated"):
        st.caption("More tickets matched than were analysed; the newest were kept.")
    themes = data.get("themes") or []
    if not themes:
        st.info("No themes: too few alike tickets to group.", icon=":material/scatter_plot:")
    for rank, theme in enumerate(themes, 1):
        _theme(rank, theme)
    if data.get("unclustered"):
        st.caption(f"{data['unclustered']:,} tickets fit no theme.")


def _theme(rank: int, theme: dict[str, Any]) -> None:
    with st.container(border=True):
        title, numbers = st.columns([3, 2])
        title.markdown(f"**{rank}. {theme['label']}**")
        title.caption("Phrases: " + ", ".join(f"“{p}”" for p in theme.get("phrases") or []))
        release = f" · began after **{theme['release']}**" if theme.get("release") else ""
        numbers.markdown(f"**{theme['tickets']:,}** tickets ({theme['share']:.0f} %) · "
                         f"{theme.get('unhappy_share', 0):.0f} % unhappy{release}")
        weekly = pd.DataFrame(theme.get("weekly") or [], columns=["week", "tickets"])
        if len(weekly) > 1:
            numbers.altair_chart(_sparkline(weekly), width="stretch")
        elif len(weekly) == 1:
            numbers.caption(f"All in the week of {weekly.at[0, 'week']}.")
        for quote in (theme.get("quotes") or [])[:QUOTES_SHOWN]:
            st.markdown(f"> {_one_line(quote)}")


def _sparkline(weekly: pd.DataFrame) -> alt.Chart:
    weekly = weekly.assign(week=pd.to_datetime(weekly["week"]))
    return (alt.Chart(weekly).mark_area(line={"color": PRIMARY}, color=PRIMARY, opacity=0.25)
            .encode(x=alt.X("week:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0, tickCount=4)),
                    y=alt.Y("tickets:Q", title=None, axis=alt.Axis(tickCount=3)),
                    tooltip=[alt.Tooltip("week:T", title="Week of", format="%Y-%m-%d"),
                             alt.Tooltip("tickets:Q", title="Tickets")])
            .properties(height=90))


def _one_line(text: str) -> str:
    """A quote as one Markdown line (its own line breaks and Markdown characters neutralised)."""
    flat = " ".join(str(text).split())
    for char in ("\\", "*", "_", "`", "#", "[", "]", "<", ">", "|"):
        flat = flat.replace(char, "\\" + char)
    return flat
