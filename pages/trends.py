"""Trends: KPI cards against the previous period of the same length, weekly volume by product area."""

from datetime import timedelta

import streamlit as st

from supportwise.trends import trends_view
from ui.auth import page_principal
from ui.charts import stacked_weekly
from ui.errors import friendly_errors
from ui.resources import database, settings

# For these a fall is good news, so a negative change is shown in green.
LOWER_IS_BETTER = {"median_first_response_hours", "median_resolution_hours"}
NEUTRAL = {"created", "backlog"}

principal = page_principal("trends")
today = settings().current_date()

st.title("Trends")
picked = st.date_input("Period", value=(today - timedelta(days=27), today), max_value=today, format="YYYY-MM-DD")
if len(picked) != 2:
    st.info("Pick the last day of the period too.", icon=":material/date_range:")
    st.stop()

with friendly_errors():
    view = trends_view(database(), principal, picked[0], picked[1])
    days = (view.end - view.start).days + 1
    scope = f"team {principal.scope_team}" if principal.scope_team else "all teams"
    st.caption(f"{view.start:%d %b %Y} – {view.end:%d %b %Y} ({days} days, {scope}); "
               f"changes are against the {days} days before.")

    for row in (view.kpis[:3], view.kpis[3:]):
        for column, kpi in zip(st.columns(3), row):
            digits = 0 if not kpi.unit.strip() else 1
            value = "—" if kpi.value is None else f"{kpi.value:,.{digits}f}{kpi.unit}"
            change_unit = " pts" if kpi.unit.strip() == "%" else kpi.unit  # a change of a percentage
            delta = None if kpi.change is None else f"{kpi.change:+,.{digits}f}{change_unit}"
            colour = "inverse" if kpi.key in LOWER_IS_BETTER else "off" if kpi.key in NEUTRAL else "normal"
            previous = "—" if kpi.previous is None else f"{kpi.previous:,.{digits}f}{kpi.unit}"
            column.metric(kpi.label, value, delta=delta, delta_color=colour, border=True,
                          help="Right now (no comparison)" if kpi.key == "backlog" else f"Previous period: {previous}")

    st.subheader("Tickets created per week by product area")
    st.caption("Weeks start on Monday; the last bar is the current week so far.")
    if view.weekly_by_area.empty:
        st.info("No tickets were created in these weeks.", icon=":material/inbox:")
    else:
        st.altair_chart(stacked_weekly(view.weekly_by_area, x="week", stack="product_area", value="tickets",
                                       stack_title="Product area", x_title="Week starting"), width="stretch")
