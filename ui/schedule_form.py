"""Scheduling an answer: the phrase, its echo and next three runs, where it goes, and Save."""

from __future__ import annotations

import streamlit as st

from supportwise.errors import InvalidInput
from supportwise.questions.answer import Answer
from supportwise.schedules.offer import preview, schedule_answer
from ui.auth import signed_in
from ui.errors import friendly_errors
from ui.resources import database, settings

CHANNEL_LABELS = {"email": "Email", "slack": "Slack (incoming webhook)", "webhook": "Webhook (signed JSON)"}


def schedule_form(answer: Answer, key: str, *, phrase: str = "") -> None:
    """Widgets under an answer; saving makes it a report with a schedule (managed on the Reports page)."""
    if answer.status != "ok" or not answer.spec:
        st.caption("Only answered questions in plain English can be scheduled.")
        return
    typed = st.text_input("When", value=phrase, key=f"sw_sched_when_{key}",
                          placeholder="e.g. every Monday at 9am, weekdays at 8:30, daily at 17:00 Europe/Berlin")
    if not typed.strip():
        return
    try:
        seen = preview(settings(), typed)
    except InvalidInput as exc:
        st.warning(str(exc), icon=":material/event_busy:")
        return
    st.markdown(f"**{seen.echo}** · `{seen.cron}`")
    st.caption("Next runs: " + " · ".join(f"{run:%a %d %b %Y %H:%M}" for run in seen.next_runs))
    channel = st.segmented_control("Deliver by", list(CHANNEL_LABELS), format_func=CHANNEL_LABELS.get,
                                   default="email", key=f"sw_sched_channel_{key}") or "email"
    who = signed_in()
    if channel == "email":
        to = st.text_input("To", value=who.username, key=f"sw_sched_to_{key}",
                           help="App usernames get it in their own scope and masking; other addresses get it "
                                "in your scope with personal data masked.")
        target = None
    else:
        to = None
        target = st.text_input("URL", key=f"sw_sched_url_{key}", placeholder="https://hooks.slack.com/services/…")
        st.caption("Posted in your scope with personal data masked.")
    name = st.text_input("Report name", value=answer.question[:80], max_chars=80, key=f"sw_sched_name_{key}")
    skip = st.checkbox("Skip when there are no rows", key=f"sw_sched_skip_{key}")
    if st.button("Save schedule", icon=":material/schedule_send:", type="primary", key=f"sw_sched_save_{key}"):
        with friendly_errors():
            saved = schedule_answer(database(), settings(), who, answer, typed, name=name, channel=channel,
                                    recipients=to, target=target, skip_if_empty=skip)
            st.success(f"Scheduled “{saved.report_name}”: {saved.describe()}, to {saved.to}. Manage it on the "
                       "Reports page.", icon=":material/event_available:")
