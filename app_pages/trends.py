"""Trends: KPI cards against the previous period, weekly series, and daily spikes with their root cause."""

from datetime import timedelta

import streamlit as st

from supportwise.charts.palette import OKABE_ITO
from supportwise.questions.cache import ResultCache
from supportwise.views import spikes as rule
from supportwise.views.trends import ENRICH_HINT, FILTER_LABELS, TrendFilters, filter_options, trends_view
from ui import analysis_view
from ui.auth import page_principal
from ui.charts import stacked_weekly
from ui.errors import friendly_errors
from ui.resources import database, redis_client, settings
from ui.trend_charts import daily_with_spikes, kpi_cards, weekly_line

SPIKES_LISTED = 10
SLOT = "trends_spike"

principal = page_principal("trends")
config, today = settings(), settings().current_date()
cache = ResultCache(redis_client())

st.title("Trends")
with friendly_errors():
    options = filter_options(database(), principal, cache=cache, settings=config)
    names = [name for name in FILTER_LABELS if not (name == "teams" and principal.scope_team)]
    columns = [column for _ in range(2) for column in st.columns(3)]
    picked = columns[0].date_input("Period", value=(today - timedelta(days=27), today), max_value=today,
                                   format="YYYY-MM-DD")
    chosen = {name: tuple(column.multiselect(FILTER_LABELS[name], options[name], placeholder="All",
                                             key=f"sw_trends_{name}"))
              for column, name in zip(columns[1:], names)}
    if len(picked) != 2:
        st.info("Pick the last day of the period too.", icon=":material/date_range:")
        st.stop()
    view = trends_view(database(), principal, picked[0], picked[1], TrendFilters(**chosen), today=today,
                       cache=cache, settings=config)

    scope = f"team {principal.scope_team}" if principal.scope_team else "all teams"
    st.caption(f"{view.start:%d %b %Y} – {view.end:%d %b %Y} ({view.days} days, {scope}, "
               f"{view.filters.describe()}). Changes are against the {view.days} days before "
               f"({view.previous_start:%d %b} – {view.start - timedelta(days=1):%d %b}).")
    kpi_cards(view, today)

    st.subheader("Tickets created per week by product area")
    st.caption("Weeks start on Monday; the first and last bars hold only the days inside the period.")
    if view.weekly_by_area.empty:
        st.info("No tickets were created in this period.", icon=":material/inbox:")
    else:
        st.altair_chart(stacked_weekly(view.weekly_by_area, x="week", stack="product_area", value="tickets",
                                       stack_title="Product area", x_title="Week starting"), width="stretch")

    st.subheader("Response and resolution")
    st.caption("Weekly medians: first response by the week a ticket came in, resolution by the week it was solved.")
    first, solved = st.columns(2)
    first.altair_chart(weekly_line(view.weekly, "median_first_response_hours", y_title="Median first response (h)",
                                   value_format=",.2f"), width="stretch")
    solved.altair_chart(weekly_line(view.weekly, "median_resolution_hours", y_title="Median resolution (h)",
                                    colour=OKABE_ITO[1]), width="stretch")

    st.subheader("CSAT and sentiment")
    st.caption("CSAT (good of rated) by the week a ticket was solved; negative sentiment (share of the tickets "
               "with a sentiment score) by the week it came in.")
    csat, mood = st.columns(2)
    csat.altair_chart(weekly_line(view.weekly, "csat", y_title="CSAT (%)", colour=OKABE_ITO[2]), width="stretch")
    if view.sentiment_computed:
        mood.altair_chart(weekly_line(view.weekly, "negative_share", y_title="Negative sentiment (%)",
                                      colour=OKABE_ITO[5], extra={"mean_sentiment": "Mean sentiment (−1 … 1)",
                                                                  "labelled": "Scored tickets"}), width="stretch")
    else:
        mood.info(f"Negative sentiment: {ENRICH_HINT}.", icon=":material/sentiment_neutral:")

    st.subheader("Daily volume and spikes")
    st.caption(f"A spike is a day with at least {rule.MIN_TICKETS} tickets in a product area and a z-score of "
               f"{rule.Z_MIN:g} or more against the {rule.WINDOW_DAYS} days before it (weekday-adjusted).")
    if view.daily.empty:
        st.info("No tickets were created in this period.", icon=":material/inbox:")
    else:
        st.altair_chart(daily_with_spikes(view.daily, view.spikes), width="stretch")
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
            scope_note = (f"Every {spike.product_area} ticket of {spike.when()}"
                          + (f" of team {principal.scope_team}" if principal.scope_team else "")
                          + "; the page's other filters do not narrow the analysis.")
            action.button("Explain this spike", key=f"sw_explain_{spike.key}", icon=":material/troubleshoot:",
                          on_click=analysis_view.start, args=(SLOT, spike.question(), spike.question(), scope_note))
        if len(view.spikes) > SPIKES_LISTED:
            st.caption(f"{len(view.spikes) - SPIKES_LISTED} weaker spikes are marked on the chart only.")
    analysis_view.panel(SLOT)
