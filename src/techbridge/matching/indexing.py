"""The matching index as derived data: listings and their stored embeddings → the engine.

The database is the record of truth. Embeddings are stored per listing with the model id
and a hash of the text they came from (`listing_embeddings`), recomputed only when either
changes, by `techbridge index build` or the background worker — never in a web request. The
in-memory engine is rebuilt from the database at start-up and kept current by events
(this process) and, for changes made by other processes (another web worker, a CLI import),
PostgreSQL `LISTEN/NOTIFY` or, on SQLite, a periodic sync.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from techbridge.kernel.clock import utcnow
from techbridge.listings import queries as listing_queries
from techbridge.listings.events import CHANNEL, parse_notice
from techbridge.listings.model import Achievement, Demand, Listing
from techbridge.matching.documents import Document, embed_documents
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.repository import EmbeddingRepository
from techbridge.matching.types import Listing as EngineListing
from techbridge.storage.notify import Listener, advisory_lock, supports_notify
from techbridge.storage.uow import UnitOfWork

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
KIND_PREFIX = {"achievement": "A", "demand": "D"}
SAFETY_POLL_SECONDS = 60.0  # the poll behind LISTEN/NOTIFY on PostgreSQL
PREFIX_KIND = {v: k for k, v in KIND_PREFIX.items()}


def engine_id(kind: str, listing_id: int) -> str:
    return f"{KIND_PREFIX[kind]}{listing_id}"


def parse_engine_id(value: str) -> tuple[str, int]:
    return PREFIX_KIND[value[0]], int(value[1:])


def to_engine(listing: Listing) -> EngineListing:
    """What the engine sees of a stored achievement or demand."""
    assert listing.id is not None
    trl: int | None
    if isinstance(listing, Achievement):
        trl, price = listing.trl, listing.asking_price
    else:
        assert isinstance(listing, Demand)
        trl, price = listing.expected_trl, listing.budget
    published = listing.published_at or listing.created_at
    return EngineListing(
        id=engine_id(listing.kind, listing.id), kind=listing.kind, title=listing.title, text=listing.full_text(),
        industry=listing.industry, trl=trl, region_code=listing.region_code, price_wan=price,
        published_on=published.date() if published else None, visibility=listing.visibility,
        org_id=listing.organization_id,
    )


def published_listings(uow: UnitOfWork, since: datetime | None = None) -> list[Listing]:
    """Every published listing (or those changed since a moment, whatever their status)."""
    return listing_queries.published_listings(uow, changed_since=since)


def stored_vectors(uow: UnitOfWork, listings: list[EngineListing], model_id: str) -> dict[str, np.ndarray]:
    """Vectors whose stored text hash matches each listing's current text."""
    out: dict[str, np.ndarray] = {}
    for kind in KIND_PREFIX:
        ids = {parse_engine_id(x.id)[1]: x for x in listings if x.kind == kind}
        for listing_id, (text_hash, matrix) in uow.repo(EmbeddingRepository).load(kind, list(ids), model_id=model_id).items():
            if text_hash == MatchingEngine.text_hash(ids[listing_id]):
                out[ids[listing_id].id] = matrix.astype(np.float32)
    return out


def embed_missing(uow: UnitOfWork, embedder: Any, listings: list[EngineListing], *, progress: Progress | None = None,
                  batch: int = 16) -> int:
    """Embed and store the listings whose text or model changed; returns how many were embedded.

    Another process may be embedding the same listings (a web worker that heard the change, a Ray
    worker): each chunk takes the listings' advisory locks in id order, then looks again, so every
    vector is computed and written once.
    """
    have = stored_vectors(uow, listings, embedder.model_id)
    todo = [x for x in listings if x.id not in have]
    embedded = 0
    for start in range(0, len(todo), batch):
        chunk = sorted(todo[start : start + batch], key=lambda x: x.id)
        assert uow.session is not None
        for listing in chunk:
            advisory_lock(uow.session, f"embed:{listing.id}")
        done = stored_vectors(uow, chunk, embedder.model_id)
        chunk = [x for x in chunk if x.id not in done]
        embedded += len(chunk)
        texts = [MatchingEngine.texts_to_embed(x) for x in chunk]
        rows = (np.asarray(embedder.embed_passages([t for ts in texts for t in ts]), dtype=np.float32)
                if chunk else np.zeros((0, 0), np.float32))
        offset = 0
        now = utcnow()
        for listing, ts in zip(chunk, texts, strict=True):
            kind, listing_id = parse_engine_id(listing.id)
            uow.repo(EmbeddingRepository).save(kind, listing_id, model_id=embedder.model_id, text_hash=MatchingEngine.text_hash(listing),
                                matrix=rows[offset : offset + len(ts)], now=now)
            offset += len(ts)
        uow.commit()
        if progress:
            progress(min(start + batch, len(todo)), len(todo))
    return embedded


def build_index(platform: Any, *, progress: Progress | None = None,
                embed: Callable[[list[EngineListing]], int] | None = None,
                embed_docs: Callable[[str, list[Document]], int] | None = None) -> dict[str, int]:
    """`techbridge index build`: embed what is missing (listings and registered collections).

    `embed` and `embed_docs` replace the in-process embedding of listings and of the other
    collections (e.g. by Ray workers, `distributed.py`).
    """
    with platform.uow() as uow:
        listings = [to_engine(x) for x in published_listings(uow)]
        embedded = embed(listings) if embed else embed_missing(uow, platform.embedder, listings, progress=progress)
        counts = {"listings": len(listings), "embedded": embedded}
        for kind, loader in platform.documents.loaders.items():
            docs = loader(uow)
            counts[kind] = len(docs)
            counts[f"{kind}_embedded"] = (embed_docs(kind, docs) if embed_docs
                                          else embed_documents(uow, platform.embedder, kind, docs))
            uow.commit()
    platform.matching.save()  # the server loads this at start-up instead of rebuilding
    return counts


def drop_listing_vectors(platform: Any) -> int:
    """Forget every stored listing vector (a full rebuild recomputes them)."""
    with platform.uow() as uow:
        count = 0
        for kind in KIND_PREFIX:
            for listing_id in list(uow.repo(EmbeddingRepository).hashes(kind, model_id=platform.embedder.model_id)):
                uow.repo(EmbeddingRepository).remove(kind, listing_id)
                count += 1
        uow.commit()
    return count


class IndexWorker:
    """Background thread: embeds changed listings and keeps the in-memory engine current.

    On PostgreSQL a listener hears each change another process commits and the listing is refreshed
    at once (lexically; its vector follows from this thread); on SQLite the database is polled.
    """

    def __init__(self, platform: Any, engine_holder: Any, sync_seconds: float = 5.0, *,
                 since: datetime | None = None) -> None:
        """`since`: when the engine was loaded (changes committed while it loaded are caught up too)."""
        self.platform = platform
        self.holder = engine_holder
        self.sync_seconds = sync_seconds
        self.jobs: queue.Queue[tuple[str, int] | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_sync = since or utcnow()
        self.listener: Listener | None = None
        if supports_notify(platform.engine):
            self.listener = Listener(platform.engine, CHANNEL, self._on_notice, on_connect=self._sync)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="techbridge-index", daemon=True)
        self._thread.start()
        if self.listener:
            self.listener.start()

    def stop(self) -> None:
        self._stop.set()
        if self.listener:
            self.listener.stop()
        self.jobs.put(None)
        if self._thread:
            self._thread.join(timeout=10)

    def submit(self, kind: str, listing_id: int) -> None:
        self.jobs.put((kind, listing_id))

    def _run(self) -> None:
        last_poll = time.monotonic()
        while not self._stop.is_set():
            try:
                job = self.jobs.get(timeout=self.sync_seconds)
            except queue.Empty:
                job = None
            try:
                if job is not None:
                    self.holder.refresh(job[0], job[1], embed=True)
                # With a listener the poll is only a safety net: a connection that went quiet without
                # an error, or a writer that did not announce its change, is caught up within a minute.
                interval = SAFETY_POLL_SECONDS if self.listener else self.sync_seconds
                if time.monotonic() - last_poll >= interval:
                    last_poll = time.monotonic()
                    self._sync()
            except Exception:  # a failed job must not kill the worker; the next sync retries
                log.exception("index worker job failed: %s", job)

    def _on_notice(self, payload: str) -> None:
        """Another process committed a change: searchable here now, embedded (if nobody did) next."""
        kind, listing_ids = parse_notice(payload)
        for listing_id in listing_ids:
            self.holder.refresh(kind, listing_id, embed=False)
            self.submit(kind, listing_id)

    def _sync(self) -> None:
        """Pick up listings changed by other processes since the last sync.

        Each is made searchable here and queued for its vector; the mark moves only once all of them
        are, so a failure part-way is retried from the same moment next time.
        """
        since, now = self._last_sync - timedelta(seconds=2), utcnow()
        with self.platform.uow() as uow:
            changed = published_listings(uow, since=since)
        for listing in changed:
            assert listing.id is not None
            self.holder.refresh(listing.kind, listing.id, embed=False)
            self.submit(listing.kind, listing.id)
        self._last_sync = now
