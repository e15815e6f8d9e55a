"""Streamlit helpers shared by app.py and pages/: login, caching, errors, charts, answer rendering."""
