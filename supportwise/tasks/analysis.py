"""The root-cause analysis job: ``supportwise.analysis.analyse`` on the RQ worker (job kind ANALYSIS).

Queued with plain arguments by ``supportwise.queue.submit.submit_analysis``; the user is loaded
by name, so role, team scope and masking are the user's as stored, not as the caller claimed.
Progress goes to ``job.meta`` as for every job: ``progress`` (0..1) and ``stage`` (a STAGES
name); the result is the report's dict (a "why …?" turn stores it with kind 'analysis').
"""

from __future__ import annotations

from datetime import date

from supportwise.analysis import analyse
from supportwise.tasks.bootstrap import job_run


def run_analysis(username: str, question: str, today_iso: str) -> dict:
    """Analyse ``question`` as ``username`` for the day ``today_iso``; return the report's dict."""
    with job_run() as run:
        principal = run.principal(username, deactivated=f"The account {username!r} is deactivated.")
        report = analyse(run.db, principal, question, today=date.fromisoformat(today_iso), settings=run.settings,
                         progress=lambda stage, fraction: run.report(stage, fraction))
        return report.to_dict()
