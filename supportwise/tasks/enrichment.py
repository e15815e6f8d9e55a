"""The enrichment job: ``supportwise.text.enrich`` on the RQ worker (queue 'heavy').

Enqueue with ``supportwise.text.queue.enqueue_enrichment``. The worker builds its own
Database from the environment. While it runs, ``job.meta['progress']`` is
``{'done': tickets done, 'total': tickets that needed work}``, saved after every committed
batch; the result is ``EnrichStats.as_dict()``. A job killed half-way (time limit, worker
restart) loses at most one batch: the next run picks up the rest.
"""

from __future__ import annotations

from rq import get_current_job

from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.text.enrich import enrich


def run_enrichment(batch_size: int = 500, embeddings: bool | None = None) -> dict:
    """Enrich every ticket that needs it; return the run's statistics as a dict."""
    settings = Settings.from_env()
    database = Database.from_settings(settings)
    job = get_current_job()

    def progress(done: int, total: int) -> None:
        if job is not None:
            job.meta["progress"] = {"done": done, "total": total}
            job.save_meta()

    try:
        return enrich(database, batch_size=batch_size, progress=progress, embeddings=embeddings).as_dict()
    finally:
        database.dispose()
