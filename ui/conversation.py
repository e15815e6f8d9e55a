"""The Ask page's conversation in session state: restored from the database on a new visit,
fed by the chat box and by suggestion buttons, with background questions polled until done.

The conversation id is the engine's session id, so "what about the week before?" reads
against the last question even after a reload.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from supportwise.questions.answer import Answer
from supportwise.questions.context import AskContext
from supportwise.questions.pasted_sql import sql_turn
from supportwise.questions.router import ask_or_submit
from supportwise.queue.status import JobStatus
from supportwise.queue.turns import Submitted, cancel_turn, settle
from supportwise.records import conversations
from supportwise.records.conversations import TurnKind
from supportwise.schedules.offer import schedule_request
from ui.answer_actions import PENDING_QUESTION
from ui.auth import signed_in
from ui.errors import friendly_errors
from ui.resources import SESSION_ID, client_info, database, redis_client, settings

HISTORY = "sw_history"
CHAT_INPUT = "sw_chat_input"
SQL_MODE = "sw_sql_mode"
SCHEDULE_OFFER = "sw_schedule_offer"
POLL_SECONDS = 1.0


@dataclass
class Entry:
    """One question on the page: its answer, or the background job still working on it."""

    question: str
    turn_id: int | None
    answer: Answer | None = None
    job_id: str | None = None
    state: str = "done"          # done | queued | running | cancelled | failed
    error: str | None = None
    is_sql: bool = False
    is_report: bool = False      # the turn holds a root-cause analysis ("why …?") instead of an Answer
    report: dict | None = None


def history() -> list[Entry]:
    """This session's entries; on the first run of a visit, the user's latest conversation (last 12 h)."""
    if HISTORY not in st.session_state:
        entries: list[Entry] = []
        with friendly_errors():
            found = conversations.latest(database(), signed_in())
            if found is not None:
                st.session_state[SESSION_ID] = found.id
                entries = [_entry(turn) for turn in found.turns]
        st.session_state[HISTORY] = entries
    return st.session_state[HISTORY]


def _entry(turn: conversations.Turn) -> Entry:
    report = turn.answer if turn.kind == TurnKind.ANALYSIS else None
    answer = Answer.from_dict(turn.answer) if turn.answer and report is None else None
    state = {"pending": "running"}.get(turn.status, str(turn.status))
    return Entry(turn.question, turn.id, answer, turn.job_id, state, turn.error,
                 is_sql=bool(answer and answer.engine == "sql"), is_report=turn.kind == TurnKind.ANALYSIS,
                 report=report)


def new_conversation() -> None:
    """Button callback: an empty page and a new session id (follow-ups start afresh)."""
    st.session_state[HISTORY] = []
    st.session_state.pop(SESSION_ID, None)


def queue_typed_question() -> None:
    """chat_input callback: queue what was typed.

    Callbacks run before the script body, so a rerun that interrupts this run (a component
    reporting back, say) cannot drop the question the way it drops a plain return value.
    """
    typed = (st.session_state.get(CHAT_INPUT) or "").strip()
    st.session_state.pop(SCHEDULE_OFFER, None)
    phrase = None if st.session_state.get(SQL_MODE) else schedule_request(typed)
    if phrase is not None:  # "send me this every Monday at 9am": about the last answer, not a new question
        st.session_state[SCHEDULE_OFFER] = (typed, phrase)
    elif typed:
        st.session_state[PENDING_QUESTION] = typed


def schedule_offer() -> tuple[str, str] | None:
    """(what was typed, its schedule phrase) while a "send me this every …" request is open."""
    return st.session_state.get(SCHEDULE_OFFER)


def pending_question() -> str | None:
    return st.session_state.get(PENDING_QUESTION)


def answer_pending(question: str) -> Entry:
    """Answer (or submit) the queued question as a new turn of the conversation.

    The question leaves the queue in the same step as it enters the history (no Streamlit
    call in between, so no rerun can cut in): an interrupted run asks it again, a failing
    one is not retried.
    """
    try:
        ctx = _context()
        if st.session_state.get(SQL_MODE):
            answer, turn_id = sql_turn(question, ctx)
            entry = Entry(question, turn_id, answer, is_sql=True)
        else:
            outcome = ask_or_submit(ctx, question)
            if isinstance(outcome, Submitted):
                entry = Entry(question, outcome.turn_id, job_id=outcome.job_id, state="queued",
                              is_report=outcome.kind == TurnKind.ANALYSIS)
            else:
                entry = Entry(question, outcome.turn_id, outcome.answer)
    finally:
        st.session_state.pop(PENDING_QUESTION, None)
    history().append(entry)
    return entry


def _context() -> AskContext:
    config, db, who = settings(), database(), signed_in()
    if SESSION_ID not in st.session_state:
        st.session_state[SESSION_ID] = conversations.start(db, who)
    return AskContext(db, config, who, config.current_date(), st.session_state[SESSION_ID], redis_client(),
                      client=client_info())


@st.fragment(run_every=POLL_SECONDS)
def job_progress(entry: Entry) -> None:
    """A background question's progress bar and cancel button; redraws the page once it is settled."""
    with friendly_errors():
        status = settle(database(), redis_client(), signed_in(), entry.job_id)
        if status.state in ("queued", "running"):
            label = "Waiting for a worker …" if status.state == "queued" else f"{status.stage.capitalize()} …"
            st.progress(max(status.progress, 0.02), text=f"Working in the background · {label}")
            st.button("Cancel", key=f"sw_cancel_{entry.job_id}", icon=":material/cancel:", on_click=_cancel,
                      args=(entry,))
            return
        _settle(entry, status)
        st.rerun(scope="app")


def _cancel(entry: Entry) -> None:
    with friendly_errors():
        _settle(entry, cancel_turn(database(), redis_client(), signed_in(), entry.job_id))


def _settle(entry: Entry, status: JobStatus) -> None:
    entry.state, entry.error = str(status.state), status.error
    if status.state == "done" and status.answer:
        if entry.is_report:
            entry.report = status.answer
        else:
            entry.answer = Answer.from_dict(status.answer)
