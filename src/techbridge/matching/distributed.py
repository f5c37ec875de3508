"""Indexing and batch matching on a Ray cluster (`--ray auto|ADDRESS`).

The driver decides the work (listings lacking a current vector, demands of a list) and a pool of
Ray actors does it. Each actor builds its own platform from the settings (its own database
engine, one embedder or one loaded index for its whole life) and a killed actor is restarted
with its unfinished call retried. Embedding writes back idempotently: a worker re-checks which
listings of its batch still lack a current vector (same rule as `indexing.stored_vectors`) and
writes each one in place, keyed by (kind, listing id, model id) with the text hash, so a batch
run twice writes nothing twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import ray
from ray.util import ActorPool

from techbridge.config import Settings
from techbridge.matching import documents, indexing
from techbridge.matching.alerts import FindStrong, ListingRef, StrongMatch, strong_matches
from techbridge.matching.documents import Document
from techbridge.matching.match_lists import DemandEntry, MatchRows, entry_rows
from techbridge.matching.types import Listing as EngineListing

RESTARTS = 4  # how often a killed worker is brought back, its unfinished call retried each time
EMBED_BATCH = 16  # listings per task: a few seconds of the real model, so a lost batch costs little


def connect(address: str) -> int:
    """Join the cluster (`auto`: the one `ray start` runs on this machine); returns its CPU count."""
    if not ray.is_initialized():
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def worker_settings(settings: Settings) -> Settings:
    """Settings a worker on another node can use: paths made absolute (its working folder differs)."""
    return settings.model_copy(update={"data_dir": settings.data_dir.resolve()})


def _platform(settings: Settings) -> Any:
    from techbridge.bootstrap import bootstrap  # the wiring, imported in the worker only

    return bootstrap(settings)


@ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)
class EmbedWorker:
    """Embeds batches of listings and stores their vectors itself."""

    def __init__(self, settings: Settings) -> None:
        self.platform = _platform(settings)
        self.embedder = self.platform.embedder
        self.embedder.embed_passages(["加载模型"])  # load the model once, here, not in the first batch

    def pid(self) -> int:
        return os.getpid()

    def embed(self, batch: list[EngineListing]) -> tuple[int, int]:
        """(listings embedded now, listings in the batch); those already current are skipped."""
        with self.platform.uow() as uow:
            embedded = indexing.embed_missing(uow, self.embedder, batch, batch=len(batch))
        return embedded, len(batch)

    def embed_documents(self, kind: str, batch: list[Document]) -> tuple[int, int]:
        """The same for documents of another collection (policies, experts, instruments…)."""
        with self.platform.uow() as uow:
            embedded = documents.embed_documents(uow, self.embedder, kind, batch)
            uow.commit()
        return embedded, len(batch)


@ray.remote(num_cpus=1, max_restarts=RESTARTS, max_task_retries=RESTARTS)
class MatchWorker:
    """Matches demands against the persisted index, loaded once."""

    def __init__(self, settings: Settings) -> None:
        self.platform = _platform(settings)
        self.platform.matching.ensure_loaded()

    def pid(self) -> int:
        return os.getpid()

    def rows(self, entries: list[DemandEntry], k: int) -> list[list[Any]]:
        return entry_rows(self.platform, entries, k=k)

    def strong(self, refs: list[ListingRef], k: int, threshold: int) -> dict[ListingRef, list[StrongMatch]]:
        return strong_matches(self.platform, refs, k, threshold)


class WorkerPool:
    """A fixed set of actors of one kind, handed work as each becomes free."""

    def __init__(self, actor_class: Any, settings: Settings, workers: int) -> None:
        self.actors = [actor_class.remote(worker_settings(settings)) for _ in range(workers)]

    def pids(self) -> list[int]:
        return list(ray.get([a.pid.remote() for a in self.actors]))

    def map(self, call: Callable[[Any, Any], Any], items: Sequence[Any], *, ordered: bool) -> Iterator[Any]:
        pool = ActorPool(self.actors)
        return pool.map(call, list(items)) if ordered else pool.map_unordered(call, list(items))

    def close(self) -> None:
        for actor in self.actors:
            ray.kill(actor)


def _chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def embed_on_pool(platform: Any, pool: WorkerPool, listings: list[EngineListing], *, batch: int = EMBED_BATCH,
                  progress: indexing.Progress | None = None) -> int:
    """Embed the listings lacking a current vector on the pool; returns how many were embedded."""
    with platform.uow() as uow:
        have = indexing.stored_vectors(uow, listings, platform.embedder.model_id)
    todo = [x for x in listings if x.id not in have]
    embedded = done = 0
    for count, size in pool.map(lambda actor, chunk: actor.embed.remote(chunk), _chunks(todo, batch), ordered=False):
        embedded, done = embedded + count, done + size
        if progress:
            progress(done, len(todo))
    return embedded


def embed_documents_on_pool(platform: Any, pool: WorkerPool, kind: str, docs: list[Document], *,
                            batch: int = EMBED_BATCH) -> int:
    """Embed one collection's documents lacking a current vector on the pool; returns how many."""
    with platform.uow() as uow:
        have = documents.stored_vectors(uow, kind, docs, model_id=platform.embedder.model_id)
    todo = [d for d in docs if d.id not in have]
    chunks = _chunks(todo, batch)
    return sum(count for count, _ in pool.map(lambda actor, chunk: actor.embed_documents.remote(kind, chunk), chunks,
                                              ordered=False))


def build_index_on_ray(platform: Any, address: str, *, workers: int | None = None,
                       progress: indexing.Progress | None = None) -> dict[str, int]:
    """`techbridge index build --ray`: listings and the other collections embedded by Ray workers,
    then the index saved."""
    cpus = connect(address)
    pool = WorkerPool(EmbedWorker, platform.settings, workers or cpus)
    try:
        return indexing.build_index(platform, embed=lambda items: embed_on_pool(platform, pool, items, progress=progress),
                                    embed_docs=lambda kind, docs: embed_documents_on_pool(platform, pool, kind, docs))
    finally:
        pool.close()


def _shares(items: Sequence[Any], pool: WorkerPool) -> list[list[Any]]:
    """A few shares per worker, so a slow share does not leave the others idle at the end."""
    return _chunks(items, max(1, -(-len(items) // (len(pool.actors) * 4))))


def match_on_pool(pool: WorkerPool, entries: Sequence[DemandEntry], *, k: int) -> list[list[Any]]:
    """The 对接清单 rows, each worker matching a share of the demands; rows keep the list's order."""
    parts = pool.map(lambda actor, chunk: actor.rows.remote(chunk, k), _shares(entries, pool), ordered=True)
    return [row for part in parts for row in part]


def strong_on_pool(pool: WorkerPool, refs: Sequence[ListingRef], k: int, threshold: int,
                   ) -> dict[ListingRef, list[StrongMatch]]:
    """The match alerts' strong pairs, each worker matching a share of the changed listings."""
    found: dict[ListingRef, list[StrongMatch]] = {}
    for part in pool.map(lambda actor, chunk: actor.strong.remote(chunk, k, threshold), _shares(refs, pool),
                         ordered=False):
        found.update(part)
    return found


@contextmanager
def match_pool(platform: Any, address: str, workers: int | None) -> Iterator[WorkerPool]:
    """Match workers over the persisted index (saved first if there is none yet)."""
    cpus = connect(address)
    if platform.matching.saved_build() is None:
        platform.matching.save()  # the workers load this index instead of each rebuilding it
    pool = WorkerPool(MatchWorker, platform.settings, workers or cpus)
    try:
        yield pool
    finally:
        pool.close()


def match_rows_on_ray(platform: Any, address: str, *, workers: int | None = None) -> MatchRows:
    """A `write_match_list(match=...)` that matches on Ray."""

    def match(entries: Sequence[DemandEntry], k: int) -> list[list[Any]]:
        with match_pool(platform, address, workers) as pool:
            return match_on_pool(pool, entries, k=k)

    return match


def strong_matches_on_ray(platform: Any, address: str, *, workers: int | None = None) -> FindStrong:
    """A `match_alerts(find=...)` that matches on Ray."""

    def find(refs: Sequence[ListingRef], k: int, threshold: int) -> dict[ListingRef, list[StrongMatch]]:
        with match_pool(platform, address, workers) as pool:
            return strong_on_pool(pool, refs, k, threshold)

    return find
