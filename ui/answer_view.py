"""Render one Answer (CONTRACT §3) inside a chat message: headline, chart, what was counted, the SQL."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from supportwise.charts.shape import ChartPlan
from supportwise.questions.answer import Answer
from ui.answer_actions import answer_actions, follow_up_buttons, reading_buttons, suggestion_buttons
from ui.resources import answer_drawing

CHART_NAMES = {"line": "Line", "bar": "Bar", "pie": "Pie", "heatmap": "Heatmap", "grouped_bar": "Grouped bars",
               "scatter": "Scatter", "number": "Number", "table": "Table"}


def render_answer(answer: Answer, index: int | str, *, live: bool = True, in_chat: bool = True) -> None:
    """Draw an answer by status; index keeps widget keys unique on the page.

    ``live`` is False for all but the conversation's latest answer: those are shown in full but
    offer no follow-up buttons (the follow-up context belongs to the last turn). ``in_chat`` is
    False elsewhere (a report run): exports only, no feedback, saving or follow-ups.
    """
    if answer.status == "ok":
        _render_ok(answer, index)
        answer_actions(answer, index, in_chat=in_chat)
        if live and in_chat:
            reading_buttons(answer.readings, index)
            follow_up_buttons(answer.follow_ups, index)
    elif answer.status == "unanswerable":
        st.info(answer.reason or "I can't answer that from the support data.", icon=":material/help:")
        if answer.readings:
            reading_buttons(answer.readings, index, asked=True)
        else:
            suggestion_buttons(answer.suggestions, index)
    elif answer.status == "rejected":
        st.warning(answer.reason or "That request is not allowed.", icon=":material/block:")
    else:
        st.error(answer.reason or "The question could not be answered.", icon=":material/error:")


def _render_ok(answer: Answer, index: int | str) -> None:
    plan = answer_drawing(answer).plan
    if not answer.rows:
        st.info("No tickets match that question.", icon=":material/inbox:")
    elif plan.kind == "number":
        _headline(answer, plan)
    else:
        kind = _chosen_kind(plan, index)
        drawing = answer_drawing(answer, kind)
        if kind == "table":
            if (answer.chart or {}).get("title"):  # a chart carries it; a table gets it above
                st.markdown(f"**{plan.title}**")
            st.dataframe(drawing.frame, hide_index=True, width="stretch")
        else:
            # The spec carries the text alternative as its description (the accessible name).
            st.vega_lite_chart(spec=drawing.spec, width="stretch")
            st.caption(drawing.shown.text, help="The chart in words, for screen readers and quick reading")
            with st.expander(f"Data · {len(answer.rows):,} rows"):
                st.dataframe(drawing.frame, hide_index=True, width="stretch")
    if answer.interpretation:
        st.markdown(f"**Read as** {answer.interpretation}")
    if answer.sql:
        with st.expander("SQL", icon=":material/code:"):
            st.code(answer.sql, language="sql")
    for notice in answer.notices or []:  # e.g. the LLM budget warning
        st.warning(notice, icon=":material/savings:")


def _chosen_kind(plan: ChartPlan, index: int | str) -> str:
    """The chart type the person picked for this answer (the data's best fit until they pick)."""
    if len(plan.alternatives) < 2:
        return plan.kind
    picked = st.segmented_control("Chart type", plan.alternatives, default=plan.kind, key=f"sw_chart_kind_{index}",
                                  format_func=CHART_NAMES.get, label_visibility="collapsed")
    return picked or plan.kind


def _headline(answer: Answer, plan: ChartPlan) -> None:
    value = _number(answer.rows[0][-1])
    compared = answer.comparison or {}
    delta, before = None, _number(compared.get("value"))
    if isinstance(value, (int, float)) and isinstance(before, (int, float)):
        delta = _format_number(value - before, signed=True)
    help_text = (f"Against {compared['label']} ({compared['start']} – {compared['end']}, end excluded): "
                 f"{_format_number(before)}") if compared else None
    # More tickets is not good or bad in itself; a colour would claim it is.
    # the title ("Urgent tickets, last week") names every filter; stored answers before it had only the measure
    label = plan.title if (answer.chart or {}).get("title") else plan.y_title or _label(answer.columns[-1])
    st.metric(label, _format_number(value), delta=delta, delta_color="off",
              help=help_text, border=True)
    if compared:
        st.caption(f"{_format_number(before)} in the {compared['label']}")


def _label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def _number(value):
    """PostgreSQL numerics arrive as Decimal (an average, a duration): a float here, or 4.57 h reads as 4."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _format_number(value, *, signed: bool = False) -> str:
    """Whole numbers with separators, others with up to two decimals: 4.57 → "4.57", 12.50 → "12.5"."""
    value = _number(value)
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:+,.2f}" if signed else f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if not isinstance(value, (int, float)):
        return str(value)
    return f"{int(value):+,}" if signed else f"{int(value):,}"
