"""Trends: KPI cards against the previous period, weekly series, and daily spikes with their root cause."""

from datetime import timedelta

import streamlit as st

from supportwise import spikes as rule
from supportwise.resultcache import ResultCache
from supportwise.trends import ENRICH_HINT, FILTER_LABELS, TrendFilters, filter_options, trends_view
from ui import analysis_view
from ui.auth import page_principal
from ui.charts import stacked_weekly, weekly_lines
from ui.errors import friendly_errors
from ui.resources import database, redis_client, settings
from ui.trend_charts import daily_with_spikes

# For these a fall is good news, so a negative change is shown in green.
LOWER_IS_BETTER = {"backlog", "median_first_response_hours", "median_resolution_hours", "negative_share"}
NEUTRAL = {"created"}
SPIKES_LISTED = 10
SLOT = "trends_spike"

principal = page_principal("trends")
config, today = settings(), settings().current_date()
cache = ResultCache(redis_client())

st.title("Trends")
with friendly_errors():
    options = filter_options(database(), principal, cache=cache, settings=config)
    period_column, *filter_columns = st.columns([1.6, 1, 1, 1, 1, 1])
    picked = period_column.date_input("Period", value=(today - timedelta(days=27), today), max_value=today,
                                      format="YYYY-MM-DD")
    names = [name for name in FILTER_LABELS if not (name == "teams" and principal.scope_team)]
    chosen = {name: tuple(column.multiselect(FILTER_LABELS[name], options[name], placeholder="All",
                                             key=f"sw_trends_{name}"))
              for column, name in zip(filter_columns, names)}
    if len(picked) != 2:
        st.info("Pick the last day of the period too.", icon=":material/date_range:")
        st.stop()
    view = trends_view(database(), principal, picked[0], picked[1], TrendFilters(**chosen), today=today,
                       cache=cache, settings=config)

    scope = f"team {principal.scope_team}" if principal.scope_team else "all teams"
    previous_end = view.start - timedelta(days=1)
    st.caption(f"{view.start:%d %b %Y} – {view.end:%d %b %Y} ({view.days} days, {scope}, "
               f"{view.filters.describe()}). Changes are against the {view.days} days before "
               f"({view.previous_start:%d %b} – {previous_end:%d %b}).")

    for row in (view.kpis[:3], view.kpis[3:]):
        for column, kpi in zip(st.columns(3), row):
            label = kpi.label
            if kpi.key == "backlog":
                label = "Open backlog now" if view.end >= today else f"Open backlog on {view.end:%d %b}"
            digits = 0 if not kpi.unit.strip() else 1
            value = "—" if kpi.value is None else f"{kpi.value:,.{digits}f}{kpi.unit}"
            change_unit = " pts" if kpi.unit.strip() == "%" else kpi.unit  # a change of a percentage
            delta = None if kpi.change is None else f"{kpi.change:+,.{digits}f}{change_unit}"
            colour = "inverse" if kpi.key in LOWER_IS_BETTER else "off" if kpi.key in NEUTRAL else "normal"
            previous = "—" if kpi.previous is None else f"{kpi.previous:,.{digits}f}{kpi.unit}"
            note = f"Previous period: {previous}"
            if kpi.key == "negative_share" and not view.sentiment_computed:
                note = ENRICH_HINT.capitalize()
            column.metric(label, value, delta=delta, delta_color=colour, border=True, help=note)
    if not view.sentiment_computed:
        st.caption(f"Negative sentiment: {ENRICH_HINT}.")

    st.subheader("Tickets created per week by product area")
    st.caption("Weeks start on Monday; the first and last bars hold only the days inside the period.")
    if view.weekly_by_area.empty:
        st.info("No tickets were created in this period.", icon=":material/inbox:")
    else:
        st.altair_chart(stacked_weekly(view.weekly_by_area, x="week", stack="product_area", value="tickets",
                                       stack_title="Product area", x_title="Week starting"), width="stretch")

    speed, mood = st.columns(2)
    with speed:
        st.subheader("Response and resolution")
        st.caption("Weekly medians in hours: first response by the week a ticket came in, resolution by the "
                   "week it was solved.")
        st.altair_chart(weekly_lines(view.weekly, {"median_first_response_hours": "Median first response",
                                                   "median_resolution_hours": "Median resolution"},
                                     y_title="Hours"), width="stretch")
    with mood:
        st.subheader("CSAT and sentiment")
        series = {"csat": "CSAT (good of rated)"}
        if view.sentiment_computed:
            series["negative_share"] = "Negative sentiment"
            st.caption("Weekly percentages: CSAT by the week a ticket was solved, negative sentiment (share of "
                       "scored tickets) by the week it came in.")
        else:
            st.caption(f"Weekly CSAT by the week a ticket was solved; {ENRICH_HINT}.")
        st.altair_chart(weekly_lines(view.weekly, series, y_title="Percent"), width="stretch")

    st.subheader("Daily volume and spikes")
    st.caption(f"A spike is a day with at least {rule.MIN_TICKETS} tickets in a product area and a z-score of "
               f"{rule.Z_MIN:g} or more against the {rule.WINDOW_DAYS} days before it (weekday-adjusted).")
    if view.daily.empty:
        st.info("No tickets were created in this period.", icon=":material/inbox:")
    else:
        st.altair_chart(daily_with_spikes(view.daily), width="stretch")
    if not view.spikes:
        st.info("No spikes in this period.", icon=":material/check_circle:")
    else:
        widths = [1.2, 1.6, 1, 1, 0.8, 1.4]
        for column, heading in zip(st.columns(widths), ("Product area", "Days", "Tickets", "Expected",
                                                        "z-score", "")):
            column.markdown(f"**{heading}**" if heading else "")
        for spike in view.spikes[:SPIKES_LISTED]:
            area, days, tickets, expected, z, action = st.columns(widths, vertical_alignment="center")
            area.write(spike.product_area)
            days.write(spike.when())
            tickets.write(f"{spike.tickets:,}")
            expected.write(f"{spike.expected:,.1f}")
            z.write(f"{spike.z:.1f}")
            action.button("Explain this spike", key=f"sw_explain_{spike.key}", icon=":material/troubleshoot:",
                          on_click=analysis_view.start,
                          args=(SLOT, spike.question(), f"Why did {spike.product_area} tickets spike "
                                f"({spike.when()})?"))
        if len(view.spikes) > SPIKES_LISTED:
            st.caption(f"{len(view.spikes) - SPIKES_LISTED} weaker spikes are marked on the chart only.")
    analysis_view.panel(SLOT)
