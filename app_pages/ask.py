"""Ask: plain-English questions in a chat; every answer shows its number, chart, SQL and engine."""

import streamlit as st

from supportwise.questions.suggestions import starters
from ui.analysis_view import report as analysis_report
from ui.answer_actions import queue_question
from ui.answer_view import render_answer
from ui.auth import page_principal
from ui.conversation import (
    CHAT_INPUT,
    SQL_MODE,
    answer_pending,
    history,
    job_progress,
    new_conversation,
    pending_question,
    queue_typed_question,
    schedule_offer,
)
from ui.errors import friendly_errors
from ui.resources import settings
from ui.schedule_form import schedule_form

USER, ASSISTANT = ":material/person:", ":material/support_agent:"



def _show_question(text: str, is_sql: bool) -> None:
    if is_sql:
        st.code(text, language="sql")
    else:
        st.markdown(text)


principal = page_principal("ask")
entries = history()

st.title("Ask")
scope = f"Answers cover team **{principal.team}** only. " if principal.scope_team else ""
st.caption(f"{scope}Today is {settings().current_date():%A %d %B %Y}; time phrases are read against it. "
           "Ask “why …?” (e.g. why are customers unhappy with auto-sync?) for an analysis of what tickets say.")

if principal.role == "admin":
    st.sidebar.toggle("SQL mode", key=SQL_MODE, help="Paste a SELECT: it is checked by the same guard and run "
                      "read-only, like any answer.")
sql_mode = bool(st.session_state.get(SQL_MODE))
st.chat_input("Paste a SELECT statement …" if sql_mode else "Ask about your support tickets …", key=CHAT_INPUT,
              on_submit=queue_typed_question)
question = pending_question()

last = len(entries) - 1
for index, entry in enumerate(entries):
    with st.chat_message("user", avatar=USER):
        _show_question(entry.question, entry.is_sql)
    with st.chat_message("assistant", avatar=ASSISTANT):
        if entry.answer is not None:
            render_answer(entry.answer, index, live=index == last and not question)
        elif entry.report is not None:
            analysis_report(entry.report)
        elif entry.state in ("queued", "running"):
            job_progress(entry)
        elif entry.state == "cancelled":
            st.info("Cancelled. Ask again whenever you like.", icon=":material/cancel:")
        else:
            st.error(entry.error or "This question could not be answered.", icon=":material/error:")

offer = schedule_offer()
if offer and not question:
    typed, phrase = offer
    with st.chat_message("user", avatar=USER):
        st.markdown(typed)
    with st.chat_message("assistant", avatar=ASSISTANT):
        answered = [entry.answer for entry in entries if entry.answer is not None and entry.answer.status == "ok"]
        if answered:
            st.markdown(f"Schedule **{answered[-1].question}**:")
            schedule_form(answered[-1], "offer", phrase=phrase)
        else:
            st.info("Ask a question first; then say when to send it (e.g. “send me this every Monday at 9am”).",
                    icon=":material/schedule:")

if not entries and not question and not offer:
    st.markdown("#### Try one of these")
    for column, starter in zip(st.columns(4), starters(principal)):
        column.button(starter, on_click=queue_question, args=(starter,), width="stretch")

if question:
    with st.chat_message("user", avatar=USER):
        _show_question(question, sql_mode)
    with st.chat_message("assistant", avatar=ASSISTANT), friendly_errors():
        with st.spinner("Looking it up …"):
            entry = answer_pending(question)
        if entry.answer is not None:
            render_answer(entry.answer, len(entries) - 1)
        else:
            job_progress(entry)

if entries:
    # A new conversation also drops the follow-up context ("what about the week before?").
    st.sidebar.button("New conversation", icon=":material/refresh:", on_click=new_conversation)
