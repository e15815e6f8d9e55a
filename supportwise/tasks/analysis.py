"""The root-cause analysis job: runs ``supportwise.analysis.analyse`` on the RQ worker.

Enqueue with plain arguments (``supportwise.analysis.queue.enqueue_analysis`` does):
the worker builds its own Database from the environment and loads the user by name, so
role, team scope and masking are the user's as stored, not as the caller claimed.
Progress goes to ``job.meta``: ``progress`` (0..1) and ``stage`` (a STAGES name), the same keys
the background questions use, so ``supportwise.questions.router.job_status`` reads either kind.
"""

from __future__ import annotations

from datetime import date

from rq import get_current_job

from supportwise.analysis import analyse
from supportwise.platform.database import Database
from supportwise.errors import PermissionDenied
from supportwise.records.roles import Principal
from supportwise.platform.settings import Settings
from supportwise.records.users import get_user


def run_analysis(username: str, question: str, today_iso: str) -> dict:
    """Analyse ``question`` as ``username`` for the day ``today_iso``; return the report's dict."""
    settings = Settings.from_env()
    database = Database.from_settings(settings)
    job = get_current_job()

    def progress(stage: str, fraction: float) -> None:
        if job is not None:
            job.meta["progress"] = round(float(fraction), 3)
            job.meta["stage"] = stage
            job.save_meta()

    try:
        principal = _principal(database, username)
        report = analyse(database, principal, question, today=date.fromisoformat(today_iso), progress=progress,
                         settings=settings)
        return report.to_dict()
    finally:
        database.dispose()


def _principal(database: Database, username: str) -> Principal:
    # Only stored users: the worker trusts no role or team handed to it in the job's arguments.
    user = get_user(database.app, username)
    if not user.active:
        raise PermissionDenied(f"The account {username!r} is deactivated.")
    return user.principal()
