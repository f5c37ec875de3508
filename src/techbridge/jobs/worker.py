"""Job workers: threads of the web server (`TECHBRIDGE_JOB_WORKERS`, default 1) or the process
`techbridge jobs work`. Each claims one job at a time and runs the handler registered for its kind."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from techbridge.jobs import queue
from techbridge.jobs.model import Job
from techbridge.kernel.errors import DomainError
from techbridge.storage.uow import UnitOfWork

log = logging.getLogger("techbridge.jobs")
REPORT_EVERY = 0.5  # seconds between progress writes: the page polls once a second
BEAT_EVERY = 20.0  # seconds between heartbeats while a handler works without reporting


class Reporter(Protocol):
    def __call__(self, done: int | None = None, total: int | None = None, stage: str | None = None) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """What a handler hands back: the result shown to the owner, and whether the job failed."""

    result: dict[str, Any]
    failed: bool = False
    stage: str = ""


Handler = Callable[[Any, Job, Reporter], Outcome]


class _Progress:
    """Throttled progress writes, in transactions of their own."""

    def __init__(self, make_uow: Callable[[], UnitOfWork], job_id: int) -> None:
        self.make_uow, self.job_id, self.last = make_uow, job_id, 0.0
        self.lock = threading.Lock()

    def __call__(self, done: int | None = None, total: int | None = None, stage: str | None = None) -> None:
        now = time.monotonic()
        if stage is None and now - self.last < REPORT_EVERY and (done is None or total is None or done < total):
            return
        self.beat(done=done, total=total, stage=stage)

    def beat(self, **values: Any) -> None:
        with self.lock:
            self.last = time.monotonic()
            try:
                queue.report(self.make_uow(), self.job_id, **values)
            except Exception:  # a missed progress write must never fail the job itself
                log.warning("progress of job %s not recorded", self.job_id, exc_info=True)


def run_one(platform: Any, handlers: Mapping[str, Handler], worker: str) -> bool:
    """Claim and run one job; False when the queue is empty."""
    job = queue.claim(platform.uow(), worker)
    if job is None or job.id is None:
        return False
    progress = _Progress(platform.uow, job.id)
    stop = threading.Event()
    beater = threading.Thread(target=_beat, args=(progress, stop), daemon=True, name=f"job-{job.id}-heartbeat")
    beater.start()
    try:
        handler = handlers.get(job.kind)
        if handler is None:
            outcome = Outcome({"message": f"未知的任务类型 {job.kind}"}, failed=True)
        else:
            outcome = handler(platform, job, progress)
        queue.finish(platform.uow(), job.id, outcome.result, failed=outcome.failed, stage=outcome.stage)
    except DomainError as err:
        queue.finish(platform.uow(), job.id, {"message": err.message, "code": err.code}, failed=True)
    except Exception as err:
        log.exception("job %s (%s) failed", job.id, job.kind)
        queue.crash(platform.uow(), job.id, err)
    finally:
        stop.set()
        beater.join(timeout=5)
    return True


def _beat(progress: _Progress, stop: threading.Event) -> None:
    while not stop.wait(BEAT_EVERY):
        progress.beat()


def run_pending(platform: Any, handlers: Mapping[str, Handler], *, limit: int = 1000) -> int:
    """Run queued jobs in this thread until none is left (the CLI and the tests); returns how many."""
    name, ran = worker_name("inline"), 0
    while ran < limit and run_one(platform, handlers, name):
        ran += 1
    return ran


def worker_name(kind: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{kind}"[:64]


class WorkerThread:
    """A daemon thread that polls the queue; the web server runs a few (settings.job_workers)."""

    def __init__(self, platform: Any, handlers: Mapping[str, Handler], *, index: int = 0, poll: float = 0.5) -> None:
        self.platform, self.handlers, self.poll = platform, handlers, poll
        self.name = worker_name(f"t{index}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"job-worker-{index}")

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._thread.join(timeout=timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = run_one(self.platform, self.handlers, self.name)
            except Exception:
                log.exception("job worker %s could not claim a job", self.name)
                busy = False
            if not busy:
                self._stop.wait(self.poll)
