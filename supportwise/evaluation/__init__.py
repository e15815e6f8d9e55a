"""The accuracy harness (``python -m supportwise eval``) and its question suites (package data)."""
