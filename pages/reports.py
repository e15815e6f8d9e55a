"""Reports: the weekly summary (created, solved, CSAT) and the saved reports."""

import streamlit as st

from supportwise.reports import reports_view
from ui.auth import page_principal
from ui.charts import numeric, weekly_lines
from ui.errors import friendly_errors
from ui.tables import table_or_note
from ui.resources import database, settings

principal = page_principal("reports")
today = settings().current_date()

st.title("Reports")
with friendly_errors():
    view = reports_view(database(), principal, today)
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
    table_or_note(view.saved, "No saved reports yet.", ":material/bookmark:",
                  updated_at=st.column_config.DatetimeColumn("Updated", format="YYYY-MM-DD HH:mm"),
                  runs=st.column_config.NumberColumn("Runs", format="%d"))
