"""SupportWise — navigation only: sign in, then the pages the user's role may open."""

import streamlit as st

from supportwise.records.roles import pages_for
from ui.auth import account_sidebar, require_login

st.set_page_config(page_title="SupportWise", page_icon=":material/support_agent:", layout="wide")

PAGES = {
    "ask": st.Page("app_pages/ask.py", title="Ask", icon=":material/chat:"),
    "reports": st.Page("app_pages/reports.py", title="Reports", icon=":material/summarize:"),
    "trends": st.Page("app_pages/trends.py", title="Trends", icon=":material/trending_up:"),
    "costs": st.Page("app_pages/costs.py", title="Costs", icon=":material/payments:"),
    "audit": st.Page("app_pages/audit.py", title="Audit", icon=":material/policy:"),
    "data": st.Page("app_pages/data.py", title="Data", icon=":material/dictionary:"),
}

principal = require_login()
navigation = st.navigation([PAGES[name] for name in pages_for(principal.role)])
account_sidebar(principal)
navigation.run()
