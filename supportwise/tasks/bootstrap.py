"""The one worker bootstrap: what every job builds for itself inside the work horse, and tears down.

    with job_run() as run:
        principal = run.principal(username)       # the stored user: role, team, active
        run.report("running query")              # stage (and progress) into job.meta
        ... run.settings, run.db, run.redis ...

Settings are read from the worker's environment (the process edge; domain code gets them
passed in), engines and pools are created here, in the process that uses them, and disposed
when the job ends. Only stored users run jobs: no role or team is taken from a job's arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import redis
from rq import get_current_job
from rq.job import Job

from supportwise.errors import PermissionDenied
from supportwise.platform import redis_client
from supportwise.platform.database import Database
from supportwise.platform.settings import Settings
from supportwise.records.roles import Principal
from supportwise.records.users import get_user

DEACTIVATED = "Your account was deactivated before this job ran."


@dataclass
class JobRun:
    settings: Settings
    db: Database
    job: Job | None
    stages: dict[str, float] = field(default_factory=dict)   # stage → progress, for a progress bar
    _redis: redis.Redis | None = None

    @property
    def redis(self) -> redis.Redis:
        if self._redis is None:
            self._redis = redis_client.connect(self.settings)
        return self._redis

    def principal(self, username: str, *, deactivated: str = DEACTIVATED) -> Principal:
        """The stored user ``username``; PermissionDenied (with ``deactivated``) when switched off."""
        user = get_user(self.db.app, username)
        if not user.active:
            raise PermissionDenied(deactivated)
        return user.principal()

    def report(self, stage: str | None = None, progress: float | None = None, **meta: Any) -> None:
        """Write the stage, the progress (0…1; else the stage's own) and any other meta to the job."""
        if self.job is None:
            return
        if stage is not None:
            self.job.meta["stage"] = stage
            self.job.meta["stages"] = [*self.job.meta.get("stages", []), stage]  # the path taken, for logs and tests
            if progress is None:
                progress = self.stages.get(stage)
        if progress is not None:
            self.job.meta["progress"] = round(float(progress), 3)
        self.job.meta.update(meta)
        self.job.save_meta()

    def close(self) -> None:
        if self._redis is not None:
            self._redis.close()
        self.db.dispose()


@contextmanager
def job_run(*, stages: dict[str, float] | None = None, job: Job | None = None) -> Iterator[JobRun]:
    """Settings, database and (on first use) Redis for one job; everything closed afterwards."""
    settings = Settings.from_env()
    run = JobRun(settings, Database.from_settings(settings), job or get_current_job(), dict(stages or {}))
    try:
        yield run
    finally:
        run.close()
