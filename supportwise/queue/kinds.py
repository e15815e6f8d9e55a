"""The kinds of background work: which function runs, on which queue, for how long, kept how long.

The function paths name ``supportwise.tasks``; RQ imports them inside the worker. A job
queued by an older release under another path fails with "function not found": drain the
queues before upgrading (README).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_QUEUE = "default"   # quick jobs: the health round trip
HEAVY_QUEUE = "heavy"       # questions over the planner's threshold, analyses, enrichment
QUEUES = (DEFAULT_QUEUE, HEAVY_QUEUE)  # what a worker listens to, in priority order

DAY_S = 24 * 3600


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str                  # for messages: "Cannot reach Redis to queue the analysis"
    function: str
    queue: str
    timeout_s: int
    result_ttl_s: int = DAY_S   # a turn keeps the answer for good; RQ only needs it while a page polls
    failure_ttl_s: int = DAY_S
    ttl_s: int | None = None    # longest a job may wait in the queue (None: until a worker takes it)
    on_failure: str | None = None
    on_stopped: str | None = None


QUESTION = JobKind(
    "question", "question", "supportwise.tasks.question.answer_question", HEAVY_QUEUE,
    # the SQL itself is still bounded by SUPPORTWISE_STATEMENT_TIMEOUT_MS
    timeout_s=300, on_failure="supportwise.tasks.question.record_failure",
    on_stopped="supportwise.tasks.question.record_stop")
ANALYSIS = JobKind(
    "analysis", "analysis", "supportwise.tasks.analysis.run_analysis", HEAVY_QUEUE,
    # an analysis of 6,000 tickets takes well under a minute; this is the backstop
    timeout_s=600)
ENRICHMENT = JobKind(
    "enrichment", "enrichment", "supportwise.tasks.enrichment.run_enrichment", HEAVY_QUEUE,
    # the first run over 100k tickets with embeddings takes about half an hour on two cores
    # (benchmarks/text_benchmark.py); later runs only see new comments
    timeout_s=4 * 3600)
HEALTH = JobKind(
    "health", "health job", "supportwise.tasks.health.ping", DEFAULT_QUEUE,
    timeout_s=60, result_ttl_s=60, failure_ttl_s=300, ttl_s=60)

SCHEDULE_DISPATCH = JobKind(
    "schedule_dispatch", "schedule check", "supportwise.tasks.schedules.dispatch", DEFAULT_QUEUE,
    # every minute: a dispatch nobody took within the minute is superseded by the next one
    timeout_s=120, result_ttl_s=600, failure_ttl_s=DAY_S, ttl_s=60)
SCHEDULE_RUN = JobKind(
    "schedule_run", "scheduled report", "supportwise.tasks.schedules.run_schedules", DEFAULT_QUEUE,
    # the report's SQL is bounded by SUPPORTWISE_STATEMENT_TIMEOUT_MS, each delivery by its timeout and retries;
    # a run still 'running' after SUPPORTWISE_SCHEDULE_RUN_TIMEOUT_S is retried by the dispatcher
    timeout_s=600, result_ttl_s=DAY_S)

KINDS = {kind.name: kind for kind in (QUESTION, ANALYSIS, ENRICHMENT, HEALTH, SCHEDULE_DISPATCH, SCHEDULE_RUN)}
