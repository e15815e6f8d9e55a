"""Reports: the weekly summary (created, solved, CSAT) and the saved reports."""

import pandas as pd
import streamlit as st

from supportwise.questions.report_runs import run_report
from supportwise.records.notifications import mark_read
from supportwise.records.saved_reports import list_reports, report_runs
from supportwise.records.schedules import delete_schedule, set_paused
from supportwise.views.reports import reports_view
from supportwise.views.schedules import schedules_view
from ui.answer_view import render_answer
from ui.auth import page_principal
from ui.charts import numeric, weekly_lines
from ui.errors import friendly_errors
from ui.resources import database, redis_client, settings
from ui.tables import table_or_note

LAST_RUN = "sw_last_report_run"

principal = page_principal("reports")
today = settings().current_date()

st.title("Reports")
view = None
with friendly_errors():
    view = reports_view(database(), principal, today, settings=settings())
    weekly = numeric(view.weekly, "created", "solved", "csat")
    st.caption(f"Weekly summary for {view.scope} · ISO weeks from Monday · the last row is the current week "
               f"up to {today:%d %b %Y}")

    last, before = weekly.iloc[-2], weekly.iloc[-3]
    cards = st.columns(3)
    cards[0].metric("Created last week", f"{int(last.created):,}", delta=f"{int(last.created - before.created):+,}",
                    delta_color="off", help=f"Week of {last.week:%d %b}, against the week before")
    cards[1].metric("Solved last week", f"{int(last.solved):,}", delta=f"{int(last.solved - before.solved):+,}",
                    help=f"Week of {last.week:%d %b}, against the week before")
    csat_delta = None if weekly[["csat"]].iloc[-3:-1].isna().any().any() else f"{last.csat - before.csat:+.1f} pts"
    cards[2].metric("CSAT last week", "—" if weekly.csat.isna().iloc[-2] else f"{last.csat:.1f} %", delta=csat_delta,
                    help="Share of rated solved tickets rated good")

    st.subheader("Created vs solved per week")
    # Full weeks only: the current, partial week would look like a collapse in the line.
    st.altair_chart(weekly_lines(weekly.iloc[:-1], {"created": "Created", "solved": "Solved"}), width="stretch")
    st.dataframe(weekly, hide_index=True, width="stretch",
                 column_config={"week": st.column_config.DateColumn("Week starting", format="YYYY-MM-DD"),
                                "created": st.column_config.NumberColumn("Created", format="%d"),
                                "solved": st.column_config.NumberColumn("Solved", format="%d"),
                                "csat": st.column_config.NumberColumn("CSAT %", format="%.1f")})

    st.subheader("Saved reports")
    table_or_note(view.saved, "No saved reports yet: ask a question on the Ask page and save it as a report.",
                  ":material/bookmark:",
                  updated_at=st.column_config.DatetimeColumn("Updated", format="YYYY-MM-DD HH:mm"),
                  runs=st.column_config.NumberColumn("Runs", format="%d"))

if view is not None and not view.saved.empty:
    reports = {report.id: report for report in list_reports(database(), principal)}
    with st.form("sw_run_report"):
        st.markdown("**Re-run a report**")
        left, right = st.columns([2, 1])
        chosen = left.selectbox("Report", list(reports), format_func=lambda rid: f"{reports[rid].name} "
                                f"(v{reports[rid].version}, by {reports[rid].owner_name})")
        period = right.text_input("Period", placeholder="as saved, or e.g. last month, Q3, last 4 weeks",
                                  help="A time phrase, read against today. Empty keeps the report's own dates.")
        run = st.form_submit_button("Run", icon=":material/play_arrow:", type="primary")
    if run:
        finished = None
        # A run that fails shows only its error: the previous run's chart must not look like its result.
        st.session_state.pop(LAST_RUN, None)
        with friendly_errors(), st.spinner("Running the report …"):
            finished, answer = run_report(database(), settings(), principal, chosen, period=period.strip() or None,
                                          today=today, redis=redis_client())
            st.session_state[LAST_RUN] = (chosen, finished.id, answer)
        if finished is not None:
            st.rerun()  # once more, so the table above counts this run too
    last = st.session_state.get(LAST_RUN)
    if last and last[0] in reports:
        chosen_id, run_id, answer = last
        st.markdown(f"##### {reports[chosen_id].name}")
        st.caption(f"Run {run_id} by you · your scope and masking apply")
        render_answer(answer, f"report_{run_id}", live=False, in_chat=False)

    with friendly_errors():
        report = reports[chosen]
        st.markdown(f"**Past runs of “{report.name}”**")
        runs = pd.DataFrame([{"started": r.started_at, "by": r.run_by, "from": r.period_start,
                              "to (excl.)": r.period_end, "status": r.status, "rows": r.row_count,
                              "version": r.version} for r in report_runs(database(), principal, chosen)],
                            columns=["started", "by", "from", "to (excl.)", "status", "rows", "version"])
        table_or_note(runs, "Not run yet.", ":material/history:",
                      started=st.column_config.DatetimeColumn("Started", format="YYYY-MM-DD HH:mm:ss"))

st.subheader("Schedules")
with friendly_errors():
    board = schedules_view(database(), principal, settings().now())
    for note in board.notes:
        left, right = st.columns([8, 1], vertical_alignment="center")
        left.warning(note.message, icon=":material/notifications:")
        right.button("Dismiss", key=f"sw_note_{note.id}", on_click=mark_read, args=(database(), principal, note.id))
    if not board.cards:
        st.info("No schedules yet: under any answer on the Ask page, choose Schedule, or type "
                "“send me this every Monday at 9am” after a question.", icon=":material/schedule:")
    for card in board.cards:
        s = card.schedule
        state = "paused" if s.paused else (card.last_status or "not run yet")
        with st.expander(f"{s.report_name} — {card.echo} → {s.to} · {state}", expanded=len(board.cards) == 1):
            st.caption(f"“{s.phrase}” · cron `{s.cron}` · owner {s.owner} · attachment {s.attach}"
                       + (" · skipped when empty" if s.skip_if_empty else ""))
            if card.next_runs:
                st.markdown("Next runs: " + " · ".join(f"**{run:%a %d %b %H:%M}**" for run in card.next_runs))
            else:
                st.markdown("**Paused**: nothing is sent until it is resumed.")
            pause, delete, _ = st.columns([1, 1, 4])
            pause.button("Resume" if s.paused else "Pause", key=f"sw_pause_{s.id}",
                         icon=":material/play_arrow:" if s.paused else ":material/pause:",
                         on_click=set_paused, args=(database(), principal, s.id, not s.paused))
            delete.button("Delete", key=f"sw_delete_{s.id}", icon=":material/delete:",
                          on_click=delete_schedule, args=(database(), principal, s.id))
            table_or_note(card.runs, "No runs yet.", ":material/history:",
                          slot=st.column_config.DatetimeColumn(f"Slot ({s.timezone})", format="YYYY-MM-DD HH:mm"))
    if board.failed is not None and not board.failed.empty:
        st.markdown("**Failed runs of every schedule** (admins)")
        st.dataframe(board.failed, hide_index=True, width="stretch")
