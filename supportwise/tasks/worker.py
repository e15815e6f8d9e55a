"""The RQ worker and scheduler processes (``python -m supportwise worker|scheduler``)."""

from __future__ import annotations

import logging
import warnings

from rq import Queue, Worker

from supportwise.platform import redis_client
from supportwise.platform.settings import Settings
from supportwise.queue.kinds import DEFAULT_QUEUE, HEALTH, QUEUES, SCHEDULE_DISPATCH
from supportwise.queue.submit import submit


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    """Work the SupportWise queues until stopped (or until empty with burst)."""
    # Imported once here, not in every forked work horse: the question pipeline pulls in presidio
    # (and with the embeddings extra, torch), about 12 s per job otherwise.
    import supportwise.questions.envelope  # noqa: F401
    import supportwise.questions.pipeline  # noqa: F401

    connection = redis_client.connect(settings)
    queues = [Queue(name, connection=connection) for name in QUEUES]
    Worker(queues, connection=connection).work(burst=burst, with_scheduler=True, logging_level="INFO")


def run_scheduler(settings: Settings, *, interval: int = 30) -> None:
    """Run rq-scheduler: the periodic health job, and every minute the check for schedules that came due.

    A check also runs at once on start-up, so a slot missed while everything was down is sent (late) now.
    """
    from rq_scheduler import Scheduler

    # crontab warns on every computation that its default will change; we pass UTC explicitly.
    warnings.filterwarnings("ignore", category=FutureWarning, module="crontab")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="crontab")
    logging.basicConfig(level=logging.INFO)
    connection = redis_client.connect(settings)
    scheduler = Scheduler(queue=Queue(DEFAULT_QUEUE, connection=connection), connection=connection, interval=interval)
    for job in scheduler.get_jobs():
        if job.meta.get("supportwise") in ("health", "dispatch"):
            scheduler.cancel(job)
    scheduler.cron("*/5 * * * *", func=HEALTH.function, args=["scheduled"], meta={"supportwise": "health"},
                   use_local_timezone=False)
    scheduler.cron("* * * * *", func=SCHEDULE_DISPATCH.function, meta={"supportwise": "dispatch"},
                   timeout=SCHEDULE_DISPATCH.timeout_s, use_local_timezone=False)
    submit(connection, SCHEDULE_DISPATCH, owner=None)
    scheduler.run()
