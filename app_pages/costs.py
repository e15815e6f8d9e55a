"""Costs: LLM spend per day and provider, and which engine answered the questions."""

import streamlit as st

from supportwise.views.costs import costs_view
from ui.auth import page_principal
from ui.charts import numeric, stacked_weekly
from ui.errors import friendly_errors
from ui.resources import database, settings
from ui.tables import table_or_note

principal = page_principal("costs")
today = settings().current_date()

st.title("Costs")
with friendly_errors():
    view = costs_view(database(), today, daily_budget_usd=settings().daily_budget_usd,
                      timeout_ms=settings().statement_timeout_ms)
    st.caption(f"Since {view.since:%d %b %Y} (30 days)")
    engines = numeric(view.questions_by_engine, "questions", "cost_usd", "avg_ms")
    answered = int(engines.loc[engines.status == "ok", "questions"].sum()) if len(engines) else 0
    calls = int(numeric(view.spend_by_day, "calls")["calls"].sum()) if len(view.spend_by_day) else 0

    cards = st.columns(4)
    cards[0].metric("LLM spend", f"${view.total_usd:,.2f}", border=True)
    cards[1].metric("Questions asked", f"{view.questions:,}", border=True)
    cards[2].metric("Answered", f"{answered:,}", border=True)
    cards[3].metric("LLM calls", f"{calls:,}", border=True)

    st.subheader("Spend per day and provider")
    if view.spend_by_day.empty:
        st.info("No LLM calls in this period: every question was answered offline, at no cost.",
                icon=":material/savings:")
    else:
        st.altair_chart(stacked_weekly(view.spend_by_day, x="day", stack="provider", value="cost_usd",
                                       stack_title="Provider", x_title="Day", value_format="$,.4f"),
                        width="stretch")

    usd = st.column_config.NumberColumn

    st.subheader("Questions by engine")
    table_or_note(engines, "Nobody has asked a question in this period.", ":material/chat:",
                  questions=usd("Questions", format="%d"), cost_usd=usd("Cost (USD)", format="$%.4f"),
                  avg_ms=usd("Average time (ms)", format="%.0f"))

    st.subheader("Spend by user and department")
    st.caption(f"Daily budget per user: ${view.daily_budget_usd:,.2f}; a warning shows from 80 %, "
               "and at 100 % that user's questions are answered offline only until midnight UTC.")
    table_or_note(numeric(view.spend_by_user, "calls", "cost_usd", "today_usd", "budget_used_pct"),
                  "No user has caused LLM spend in this period.", ":material/person:",
                  cost_usd=usd("Spend (USD)", format="$%.4f"), today_usd=usd("Today (USD)", format="$%.4f"),
                  budget_used_pct=st.column_config.ProgressColumn("Budget used today", format="%.0f%%",
                                                                  min_value=0, max_value=100))

    st.subheader("Spend by provider and model")
    table_or_note(numeric(view.spend_by_provider, "calls", "failed", "input_tokens", "output_tokens", "cost_usd"),
                  "No provider was called in this period.", ":material/cloud_off:",
                  cost_usd=usd("Spend (USD)", format="$%.4f"))

    st.subheader("Most expensive questions")
    table_or_note(view.expensive_questions, "No question has cost anything in this period.", ":material/savings:",
                  cost_usd=usd("Cost (USD)", format="$%.6f"),
                  at=st.column_config.DatetimeColumn("At", format="YYYY-MM-DD HH:mm"))
