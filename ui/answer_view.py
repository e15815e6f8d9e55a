"""Render one Answer (CONTRACT §3) inside a chat message."""

from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st

from supportwise.answer import Answer, json_value
from ui.charts import ranked_bars, time_line

PENDING_QUESTION = "sw_pending_question"
CHAT_INPUT = "sw_chat_input"


def queue_question(question: str) -> None:
    """Button callback: ask this question on the next run, as if typed."""
    st.session_state[PENDING_QUESTION] = question


def queue_typed_question() -> None:
    """chat_input callback: queue what was typed.

    Callbacks run before the script body, so a rerun that interrupts this run (a component
    reporting back, say) cannot drop the question the way it drops a plain return value.
    """
    typed = (st.session_state.get(CHAT_INPUT) or "").strip()
    if typed:
        st.session_state[PENDING_QUESTION] = typed


def pending_question() -> str | None:
    return st.session_state.get(PENDING_QUESTION)


def answer_pending(question: str, compute: Callable[[str], Answer], history: list) -> Answer:
    """Answer the queued question and add it to history.

    The question leaves the queue in the same step as it enters the history (no Streamlit call in
    between, so no rerun can cut in): an interrupted run asks it again, a failing one is not retried.
    """
    try:
        answer = compute(question)
    except Exception:
        st.session_state.pop(PENDING_QUESTION, None)
        raise
    history.append((question, answer))
    st.session_state.pop(PENDING_QUESTION, None)
    return answer


def render_answer(answer: Answer, index: int) -> None:
    """Draw an answer by status; index keeps widget keys unique across the history."""
    if answer.status == "ok":
        _render_ok(answer)
    elif answer.status == "unanswerable":
        st.info(answer.reason or "I can't answer that from the support data.", icon=":material/help:")
        _suggestions(answer.suggestions, index)
    elif answer.status == "rejected":
        st.warning(answer.reason or "That request is not allowed.", icon=":material/block:")
    else:
        st.error(answer.reason or "The question could not be answered.", icon=":material/error:")


def _render_ok(answer: Answer) -> None:
    frame = pd.DataFrame([[json_value(v) for v in row] for row in answer.rows], columns=answer.columns)
    chart = answer.chart or {}
    kind, x, y = chart.get("type"), chart.get("x"), chart.get("y") or "tickets"
    if kind == "number" and len(frame) == 1:
        value = frame.iloc[0, -1]
        st.metric(_label(y), _format_number(value))
    elif frame.empty:
        st.info("No tickets match that question.", icon=":material/inbox:")
    else:
        if kind in ("bar", "pie", "line") and x in frame.columns and y in frame.columns:
            left, right = st.columns([3, 2], vertical_alignment="top")
            # Categories are ranked, tallest first; a time series keeps its time order.
            drawing = time_line(frame, x, y) if kind == "line" else ranked_bars(frame, x, y)
            left.altair_chart(drawing, width="stretch")
            right.dataframe(frame, hide_index=True, width="stretch")
        else:
            st.dataframe(frame, hide_index=True, width="stretch")
    if answer.interpretation:
        st.markdown(f"**Read as** {answer.interpretation}")
    if answer.sql:
        with st.expander("SQL"):
            st.code(answer.sql, language="sql")
    seconds = (answer.duration_ms or 0) / 1000
    cost = f" · ${answer.cost_usd:.4f}" if answer.cost_usd else ""
    st.caption(f"Engine: {answer.engine} · {seconds:.2f} s{cost}")
    for notice in getattr(answer, "notices", None) or []:  # e.g. the LLM budget warning
        st.warning(notice, icon=":material/savings:")


def _suggestions(suggestions: list[str], index: int) -> None:
    if not suggestions:
        return
    st.caption("Questions I can answer:")
    for number, suggestion in enumerate(suggestions):
        st.button(suggestion, key=f"sw_suggestion_{index}_{number}", on_click=queue_question, args=(suggestion,))


def _label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def _format_number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
