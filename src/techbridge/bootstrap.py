"""The one place that wires the platform: settings, database, unit of work, event handlers."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, MetaData
from sqlalchemy.orm import Session, sessionmaker

from techbridge.config import Settings, get_settings
from techbridge.kernel.clock import utcnow
from techbridge.listings.events import EventBus, ListingChanged, ListingsImported
from techbridge.matching.documents import DocumentSources
from techbridge.storage.db import make_engine, make_session_factory
from techbridge.storage.metadata import metadata, start_mappers
from techbridge.storage.uow import UnitOfWork

# The capabilities, one package each. Order matters only for page routes (first match wins).
FEATURES = (
    "accounts", "listings", "matching", "deals", "notifications", "jobs", "insight",
    "talent", "instruments", "policies", "challenges", "trading", "evaluation", "ip", "finance", "roadshows",
    "pilot", "landing", "incubation", "workspace",
)


def feature_modules(name: str) -> list[ModuleType]:
    """Each feature's module `name` (e.g. "tables", "api", "pages"), for those features that have one."""
    found = []
    for feature in FEATURES:
        module = f"techbridge.{feature}.{name}"
        if importlib.util.find_spec(module) is not None:
            found.append(importlib.import_module(module))
    return found


def load_tables() -> MetaData:
    """Import every feature's tables into the shared metadata (Alembic and the tests read it)."""
    feature_modules("tables")
    return metadata


def job_handlers() -> dict[str, Any]:
    """Every feature's background job handlers (`<feature>/tasks.py`: HANDLERS = {kind: handler})."""
    return {kind: handler for module in feature_modules("tasks") for kind, handler in module.HANDLERS.items()}


def feature_directories(name: str) -> list[Path]:
    """Each feature's folder `name` (e.g. "templates") where it has one."""
    root = Path(__file__).parent
    return [root / feature / name for feature in FEATURES if (root / feature / name).is_dir()]


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
            from techbridge.matching.embedders import make_embedder

            self._embedder = make_embedder(self.settings.embedder)
        return self._embedder

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    _matching: Any = None

    @property
    def matching(self) -> Any:
        """The matching service (its index is built from the database on first use)."""
        if self._matching is None:
            from techbridge.matching.service import MatchingService

            self._matching = MatchingService(self)
        return self._matching

    def text_ranker(self) -> Any:
        """The matching engine's retrieval as the library's text ranker."""
        return self.matching.rank_text

    _job_workers: list[Any] = field(default_factory=list)

    def start(self) -> None:
        """A long-running process (the web server): load the index, start the index and job workers."""
        from techbridge.jobs.worker import WorkerThread
        from techbridge.matching.indexing import IndexWorker

        loading_from = utcnow()
        self.matching.ensure_loaded()
        self.matching.worker = IndexWorker(self, self.matching, since=loading_from)
        self.matching.worker.start()
        for index in range(self.settings.job_workers):
            worker = WorkerThread(self, job_handlers(), index=index)
            worker.start()
            self._job_workers.append(worker)

    def stop(self) -> None:
        for worker in self._job_workers:
            worker.stop()
        self._job_workers.clear()
        if self._matching is not None and self._matching.worker is not None:
            self._matching.worker.stop()

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None) -> Platform:
    """Build the platform from settings (the environment by default). Nothing heavy happens here."""
    settings = settings or get_settings()
    start_mappers(m.map_tables for m in feature_modules("tables") if hasattr(m, "map_tables"))
    engine = make_engine(settings.database_url)
    platform = Platform(settings=settings, engine=engine, session_factory=make_session_factory(engine))
    platform.bus.subscribe(ListingChanged, lambda e: platform.matching.on_listing_changed(e))
    platform.bus.subscribe(ListingsImported, lambda e: platform.matching.on_listings_imported(e))
    from techbridge.policies import service as policies

    platform.documents.register("policy", policies.load_documents)
    from techbridge.instruments import service as instruments
    from techbridge.pilot import service as pilot
    from techbridge.talent import service as talent

    platform.documents.register("expert", talent.expert_documents)
    platform.documents.register("instrument", instruments.instrument_documents)
    from techbridge.finance import service as finance

    platform.documents.register(finance.FUND_KIND, finance.fund_documents)
    platform.documents.register(finance.NEED_KIND, finance.need_documents)
    platform.documents.register(finance.PRODUCT_KIND, finance.product_documents)
    platform.documents.register(pilot.KIND, pilot.facility_documents)
    return platform
