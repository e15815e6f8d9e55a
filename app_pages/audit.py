"""Audit: filter the audit trail, verify its hash chain, download the rows as CSV."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from supportwise.records import audit
from ui.auth import page_principal
from ui.errors import friendly_errors
from ui.resources import database, settings
from ui.tables import table_or_note

LIMIT = 1000

principal = page_principal("audit")
# Audit rows carry the real clock time, not the demo's fixed "today".
now = datetime.now(ZoneInfo(settings().timezone)).date()

st.title("Audit")
user_col, action_col, dates_col = st.columns([1, 1, 1.4])
username = user_col.text_input("User", placeholder="any user").strip().lower() or None
action = action_col.selectbox("Action", audit.ACTIONS, index=None, placeholder="any action", accept_new_options=True)
picked = dates_col.date_input("Dates", value=(now - timedelta(days=29), now), max_value=now, format="YYYY-MM-DD")
since, until = (picked[0], picked[1]) if len(picked) == 2 else (picked[0], picked[0]) if picked else (None, None)

with friendly_errors():
    rows = pd.DataFrame(audit.recent(database().app, limit=LIMIT, username=username, action=action,
                                     since=since, until=until))
    shown = f"{len(rows):,} rows" + (f" (newest {LIMIT:,})" if len(rows) == LIMIT else "")
    st.caption(f"{shown}, newest first")
    if table_or_note(rows, "No audit rows match these filters.", ":material/filter_alt_off:",
                     at=st.column_config.DatetimeColumn("At", format="YYYY-MM-DD HH:mm:ss"),
                     format=st.column_config.TextColumn("Format", help="Exports: the file format"),
                     file_name=st.column_config.TextColumn("File", help="Exports: the downloaded file's name"),
                     cost_usd=st.column_config.NumberColumn("Cost (USD)", format="$%.6f"),
                     duration_ms=st.column_config.NumberColumn("ms", format="%.0f")):
        st.download_button("Download CSV", rows.to_csv(index=False).encode(), file_name="supportwise-audit.csv",
                           mime="text/csv", icon=":material/download:")

st.divider()
if st.button("Verify chain", icon=":material/verified:"):
    with friendly_errors(), st.spinner("Checking every row's hash …"):
        check = audit.verify_chain(database().app)
        if check.ok:
            st.success(f"The chain is intact: {check.rows:,} rows checked.", icon=":material/verified:")
        else:
            st.error(f"The chain is broken at row {check.first_broken_id}: {check.reason}", icon=":material/gpp_bad:")
