"""Data (admins): the team glossary — the team's own words, with one meaning for everyone — and verified answers."""

import pandas as pd
import streamlit as st

from supportwise.engine.glossary import KINDS, MAX_TERM, targets
from supportwise.records import glossary, verified
from ui.auth import page_principal, signed_in
from ui.errors import friendly_errors
from ui.resources import database
from ui.tables import table_or_note

KIND_HELP = {"value": "a value of the data, e.g. P1 → priority=urgent, VIP → plan=enterprise",
             "metric": "a measure, e.g. TTR → resolution_time:median",
             "word": "another word the engine knows, e.g. tix → tickets"}
TERM, KIND, TARGET, NOTE, REMOVE, UNVERIFY = ("sw_glossary_term", "sw_glossary_kind", "sw_glossary_target",
                                              "sw_glossary_note", "sw_glossary_remove", "sw_verified_remove")


def _save() -> None:
    state = st.session_state
    with friendly_errors():
        saved = glossary.save_entry(database().app, signed_in(), state.get(TERM, ""), state[KIND],
                                    state.get(f"{TARGET}_{state[KIND]}") or "", state.get(NOTE))
        st.success(f"Saved: '{saved.term}' means {saved.label}.", icon=":material/check:")


def _remove() -> None:
    with friendly_errors():
        glossary.delete_entry(database().app, signed_in(), st.session_state[REMOVE])
        st.session_state[REMOVE] = None


def _unverify() -> None:
    with friendly_errors():
        verified.remove_verified(database().app, signed_in(), int(st.session_state[UNVERIFY]))
        st.session_state[UNVERIFY] = None


principal = page_principal("data")
engine = database().app

st.title("Data")
st.subheader("Team glossary")
st.caption("An entry fixes what a word means in every question, for everyone (Ask, reports, the command line). "
           "Answers say when an entry was used. Every change is recorded in the audit log.")
entries = pd.DataFrame()
with friendly_errors():
    entries = pd.DataFrame([e.__dict__ for e in glossary.list_entries(engine)])
    table_or_note(entries, "No entries yet: words with two readings (P1, closed, VIP) are answered on their "
                  "stated default or asked about.", ":material/dictionary:",
                  term=st.column_config.TextColumn("Word"), label=st.column_config.TextColumn("Means"),
                  updated_at=st.column_config.DatetimeColumn("Changed", format="YYYY-MM-DD HH:mm"))

term_col, kind_col, target_col = st.columns([1, 1, 2])
term_col.text_input("Word", max_chars=MAX_TERM, placeholder="P1", key=TERM)
kind = kind_col.selectbox("Means a", KINDS, help="; ".join(f"{k}: {h}" for k, h in KIND_HELP.items()), key=KIND)
if kind == "word":
    target_col.text_input("Meaning", placeholder="tickets", key=f"{TARGET}_word")
else:
    target_col.selectbox("Meaning", targets(kind), index=None, placeholder="choose from the semantic layer",
                         key=f"{TARGET}_{kind}")
st.text_input("Note (optional)", max_chars=glossary.MAX_NOTE, key=NOTE)
save_col, remove_col, remove_button = st.columns([1, 2, 1], vertical_alignment="bottom")
save_col.button("Save entry", icon=":material/save:", type="primary", on_click=_save)
if not entries.empty:
    remove_col.selectbox("Remove an entry", list(entries["term"]), index=None, placeholder="choose a word", key=REMOVE)
    remove_button.button("Remove", icon=":material/delete:", disabled=not st.session_state.get(REMOVE),
                         on_click=_remove, key="sw_glossary_remove_button")

st.divider()
st.subheader("Verified answers")
st.caption("Questions an admin marked as verified on the Ask page. Asked again, they are answered from the "
           "verified question first, re-checked against today's semantic layer.")
with friendly_errors():
    rows = pd.DataFrame([{"id": v.id, "question": v.question, "verified_by": v.verified_by,
                          "verified_at": v.verified_at} for v in verified.list_verified(engine)])
    if table_or_note(rows, "No verified answers yet: mark one under an answer on the Ask page.", ":material/verified:",
                     verified_at=st.column_config.DatetimeColumn("Verified", format="YYYY-MM-DD HH:mm")):
        pick_col, unverify_col = st.columns([3, 1], vertical_alignment="bottom")
        pick_col.selectbox("Remove a verified answer", list(rows["id"]), index=None, placeholder="choose one",
                           format_func=dict(zip(rows["id"], rows["question"])).get, key=UNVERIFY)
        unverify_col.button("Remove", icon=":material/delete:", disabled=st.session_state.get(UNVERIFY) is None,
                            on_click=_unverify, key="sw_verified_remove_button")
