"""Schedules: when saved reports and alerts run, read from plain English (issue 12)."""
