"""The enrichment job: ``supportwise.text.enrich`` on the RQ worker (job kind ENRICHMENT).

Queued by ``supportwise.queue.submit.submit_enrichment``. While it runs, ``job.meta`` holds
``progress`` (0..1, as every job) and ``tickets`` ({'done', 'total'}: tickets that needed
work), saved after every committed batch; the result is ``EnrichStats.as_dict()``. A job
killed half-way (time limit, worker restart) loses at most one batch: the next run picks up
the rest.
"""

from __future__ import annotations

from supportwise.tasks.bootstrap import job_run
from supportwise.text.enrich import enrich


def run_enrichment(batch_size: int = 500, embeddings: bool | None = None) -> dict:
    """Enrich every ticket that needs it; return the run's statistics as a dict."""
    with job_run() as run:
        def progress(done: int, total: int) -> None:
            run.report("enriching", done / total if total else 1.0, tickets={"done": done, "total": total})

        return enrich(run.db, batch_size=batch_size, progress=progress, embeddings=embeddings).as_dict()
