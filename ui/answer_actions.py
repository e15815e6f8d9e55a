"""What a person can do with an answer: judge it, export it, save it as a report, ask on."""

from __future__ import annotations

from datetime import date

import streamlit as st

from supportwise.questions.answer import Answer
from supportwise.records.feedback import record_feedback
from supportwise.records.saved_reports import save_report
from supportwise.records.verified import mark_verified
from supportwise.views.exports import FORMATS, export_answer, export_filename
from ui.auth import signed_in
from ui.errors import friendly_errors
from ui.resources import answer_drawing, client_info, database
from ui.schedule_form import schedule_form

PENDING_QUESTION = "sw_pending_question"
EXPORT_LABELS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "json": "JSON", "parquet": "Parquet (for BI tools)",
                 "png": "Chart as PNG", "svg": "Chart as SVG", "html": "Interactive chart (HTML)"}
EXPORT_ICONS = {False: ":material/table:", True: ":material/bar_chart:"}
ENGINE_NAMES = {"semantic": "offline engine", "cache": "result cache", "sql": "your SQL",
                "template": "verified answer"}


def queue_question(question: str) -> None:
    """Button callback: ask this question on the next run, as if typed."""
    st.session_state[PENDING_QUESTION] = question


def answer_actions(answer: Answer, index: int | str, *, in_chat: bool = True) -> None:
    """The footer under an answer: which engine, time, cost; then feedback, exports and save."""
    seconds = (answer.duration_ms or 0) / 1000
    engine = answer.engine.replace("llm:", "LLM · ") if answer.engine.startswith("llm:") else \
        ENGINE_NAMES.get(answer.engine, answer.engine)
    if answer.sql_origin == "model":
        engine = f"SQL written by the model, checked by the guard ({engine})"
    cost = f" · ${answer.cost_usd:.4f}" if answer.cost_usd else " · no LLM cost"
    st.caption(f"Engine: {engine} · {seconds:.2f} s{cost}")
    if not in_chat:
        with st.popover("Export", icon=":material/download:"):
            _export_buttons(answer, index)
        return
    verdict, exports, save, schedule = st.columns([2, 1, 1, 1], vertical_alignment="center")
    with verdict:
        st.feedback("thumbs", key=f"sw_feedback_{index}", on_change=_store_feedback, args=(answer, index))
    with exports.popover("Export", icon=":material/download:", width="stretch"):
        _export_buttons(answer, index)
    with save.popover("Save as report", icon=":material/bookmark_add:", width="stretch"):
        _save_form(answer, index)
    with schedule.popover("Schedule", icon=":material/schedule_send:", width="stretch"):
        schedule_form(answer, str(index))
    if signed_in().role == "admin" and answer.spec and answer.engine != "template":
        st.button("Mark as verified", key=f"sw_verify_{index}", icon=":material/verified:", on_click=_verify,
                  args=(answer,), help="Admins: this question is then answered this way first, for everyone.")


def _verify(answer: Answer) -> None:
    with friendly_errors():
        mark_verified(database().app, signed_in(), answer)
        st.toast("Verified: this question is now answered this way first.", icon=":material/verified:")


def _store_feedback(answer: Answer, index: int) -> None:
    choice = st.session_state.get(f"sw_feedback_{index}")
    if choice is None:
        return
    with friendly_errors():
        record_feedback(database(), signed_in(), question=answer.question, verdict="right" if choice else "wrong",
                        audit_id=answer.audit_id)
        st.toast("Thanks — your feedback is recorded.", icon=":material/thumb_up:")


def _export_buttons(answer: Answer, index: int | str) -> None:
    st.caption("Personal data is masked for your role. Every download is recorded in the audit log.")
    db, who, client = database(), signed_in(), client_info()
    kind = st.session_state.get(f"sw_chart_kind_{index}")  # the chart as the person switched it
    has_chart = answer_drawing(answer).plan.kind != "table" or kind not in (None, "table")
    for fmt, spec in FORMATS.items():
        if spec.chart and not has_chart:
            continue
        # Deferred: the file is made (and the export audited) only when the button is clicked.
        st.download_button(EXPORT_LABELS[fmt], data=lambda fmt=fmt: export_answer(
                               answer, fmt, principal=who, db=db, kind=kind, client=client).data,
                           file_name=export_filename(answer.question, date.today(), spec.extension), mime=spec.mime,
                           key=f"sw_export_{index}_{fmt}",
                           on_click="ignore", width="stretch", icon=EXPORT_ICONS[spec.chart])


def _save_form(answer: Answer, index: int) -> None:
    if not answer.spec:
        st.caption("Only questions in plain English can be saved as reports.")
        return
    with st.form(f"sw_save_{index}", border=False):
        name = st.text_input("Report name", value=answer.question[:80], max_chars=80)
        if st.form_submit_button("Save", icon=":material/save:", type="primary"):
            with friendly_errors():
                report = save_report(database(), signed_in(), name, answer.question, answer.spec)
                st.success(f"Saved as “{report.name}” (version {report.version}); re-run it from Reports.",
                           icon=":material/bookmark_added:")


def follow_up_buttons(follow_ups: list[str], index: int) -> None:
    if not follow_ups:
        return
    for column, (number, text) in zip(st.columns(len(follow_ups)), enumerate(follow_ups)):
        column.button(text, key=f"sw_follow_{index}_{number}", on_click=queue_question, args=(text,),
                      icon=":material/subdirectory_arrow_right:", width="stretch")


def reading_buttons(readings: list[dict], index: int | str, *, asked: bool = False) -> None:
    """One button per other reading of a word ("P1 as priority high"); a click asks that reading."""
    if not readings:
        return
    st.caption("Which did you mean?" if asked else "Read differently:")
    for number, reading in enumerate(readings):
        st.button(f"{reading['word']} as {reading['label']}", key=f"sw_reading_{index}_{number}",
                  on_click=queue_question, args=(reading["question"],), icon=":material/alt_route:",
                  help=reading["question"])


def suggestion_buttons(suggestions: list[str], index: int) -> None:
    """'Did you mean' buttons under an answer the engine could not read."""
    if not suggestions:
        return
    st.caption("Did you mean:")
    for number, suggestion in enumerate(suggestions):
        st.button(suggestion, key=f"sw_suggestion_{index}_{number}", on_click=queue_question, args=(suggestion,))
