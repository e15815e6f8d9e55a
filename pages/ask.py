"""Ask: plain-English questions in a chat; every answer shows its number, chart, SQL and engine."""

import streamlit as st

from supportwise.ask import AskContext, ask
from ui.answer_view import (CHAT_INPUT, answer_pending, pending_question, queue_question, queue_typed_question,
                            render_answer)
from ui.auth import page_principal
from ui.errors import friendly_errors
from ui.resources import client_info, database, new_conversation, redis_client, session_id, settings

STARTERS = (
    "How many urgent tickets did we get last week?",
    "How many tickets were solved this month?",
    "Open tickets by priority",
    "Tickets by channel in the last 30 days",
)
HISTORY = "sw_history"
USER, ASSISTANT = ":material/person:", ":material/support_agent:"

def ask_as_signed_in_user(text: str):
    config = settings()
    return ask(text, AskContext(database(), config, principal, config.current_date(), session_id(), redis_client(),
                                client=client_info()))


principal = page_principal("ask")
history = st.session_state.setdefault(HISTORY, [])

st.title("Ask")
scope = f"Answers cover team **{principal.team}** only. " if principal.scope_team else ""
st.caption(f"{scope}Today is {settings().current_date():%A %d %B %Y}; time phrases are read against it.")

st.chat_input("Ask about your support tickets …", key=CHAT_INPUT, on_submit=queue_typed_question)
question = pending_question()

for index, (asked, answer) in enumerate(history):
    with st.chat_message("user", avatar=USER):
        st.markdown(asked)
    with st.chat_message("assistant", avatar=ASSISTANT):
        render_answer(answer, index)

if not history and not question:
    st.markdown("#### Try one of these")
    for column, starter in zip(st.columns(len(STARTERS)), STARTERS):
        column.button(starter, on_click=queue_question, args=(starter,), width="stretch")

if question:
    with st.chat_message("user", avatar=USER):
        st.markdown(question)
    with st.chat_message("assistant", avatar=ASSISTANT), friendly_errors():
        with st.spinner("Looking it up …"):
            answer = answer_pending(question, ask_as_signed_in_user, history)
        render_answer(answer, len(history) - 1)

if history:
    # A new session id also drops the follow-up context ("what about the week before?").
    st.sidebar.button("New conversation", icon=":material/refresh:", on_click=new_conversation, args=(HISTORY,))
