"""Matching as the platform uses it: recommendations, live matches, library search, batch lists.

`MatchingService` owns the in-memory engine (built from the database, kept current by
events and the index worker). Its results are typed (`RecommendResult` of `MatchView`s
carrying the engine's `Explanation`); the API serialises them and the pages render them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.exc import OperationalError

from techbridge.accounts.directory import get_organization, organizations_by_id
from techbridge.accounts.model import Organization, User
from techbridge.accounts.rules import is_admin, is_broker
from techbridge.deals.pipeline import Engagement
from techbridge.deals.service import engagement_seen_by
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.regions import regions
from techbridge.kernel.snippets import join_sentences
from techbridge.listings import service as registry
from techbridge.listings.events import ListingChanged, ListingsImported
from techbridge.listings.model import Demand, Listing, ListingStatus, SearchScope
from techbridge.listings.queries import achievements_by_id, demands_by_id
from techbridge.listings.validation import validate_demand_input
from techbridge.matching import index_builds, indexing
from techbridge.matching.adapter import shipped_adapter
from techbridge.matching.calibration import DEMAND as DEMAND_QUERY
from techbridge.matching.calibration import HIGH_MATCH, SEARCH, note_catalogue_size, shipped_calibration
from techbridge.matching.catalog import Catalog, MatchFilters
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.outcomes import outcome_stats
from techbridge.matching.settings import MatchSettings
from techbridge.matching.types import Listing as EngineListing
from techbridge.matching.types import MatchHit
from techbridge.storage.db import reading_only

log = logging.getLogger(__name__)

FACTOR_LABELS = {"industry": "行业领域", "trl": "成熟度", "region": "地区协同", "budget": "预算与报价",
                 "freshness": "发布时效", "outcome": "历史对接"}
# 匹配度 is the calibrated chance that a pair is right (matching/calibration.py); from HIGH_MATCH on it
# counts as 高度匹配. Recommendations always show the engine's best k with their 匹配度 (a low figure
# is information, and the notice says when none is strong); a search drops hits below MIN_PERCENT.
MIN_PERCENT = 3
NO_STRONG_MATCH = "暂无高度匹配：以下结果与本条目的相关度较低，仅供参考。"


def match_percent(score: float, kind: str = DEMAND_QUERY) -> int:
    """The 0–100 匹配度 of a final ranking score, the same on every page, API and list."""
    return shipped_calibration().percent(score, kind)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float  # percent of the widest bar
    reason: str = ""
    left: float = 0.0


@dataclass
class MatchView:
    listing: Listing  # the recommended counterpart
    org: Organization
    hit: MatchHit
    percent: int
    achievement_id: int
    demand_id: int
    engagement: Engagement | None = None
    can_engage: bool = False
    terms: list[str] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)


@dataclass
class RecommendResult:
    kind: str  # kind of the listing the matches are for
    listing_id: int | None
    hits: list[MatchView] = field(default_factory=list)
    notice: str = ""

    @property
    def strong(self) -> bool:
        """True when at least one hit is a 高度匹配 (匹配度 ≥ HIGH_MATCH)."""
        return any(m.percent >= HIGH_MATCH for m in self.hits)


def bars_of(hit: MatchHit) -> list[Bar]:
    """Each part of the score as a bar: keyword match, semantic similarity, then every factor."""
    x = hit.explanation
    parts = [("关键词匹配", x.lexical, f"{len(x.shared_terms)} 个共同技术要点"),
             ("语义相似", x.relevance - x.lexical, f"最相关句子相似度 {x.best_pair.similarity:.2f}" if x.best_pair else ""),
             *[(FACTOR_LABELS.get(f.name, f.name), f.value, f.reason) for f in x.factors]]
    widest = max((abs(v) for _, v, _ in parts), default=1.0) or 1.0
    return [Bar(label, round(value, 3), round(100 * abs(value) / widest, 1), reason) for label, value, reason in parts]


class MatchingService:
    """The engine behind the platform, loaded lazily from the database."""

    def __init__(self, platform: Any, settings: MatchSettings | None = None) -> None:
        self.platform = platform
        labels = {code: regions().short_label(code) for code in regions().by_code}
        # The engine never embeds by itself here: stored vectors come from the index job, and
        # this service embeds only the query (see preview_demand and rank_text).
        model_id = platform.embedder.model_id
        self.engine = MatchingEngine(settings or MatchSettings(), embedder=None, region_names=labels,
                                     today=beijing_today, vector_model_id=model_id, adapter=shipped_adapter(model_id))
        self.calibration = shipped_calibration(model_id)
        self._lock = threading.RLock()
        self._loaded = False
        self.worker: indexing.IndexWorker | None = None

    # ------------------------------------------------------------- index lifecycle
    @property
    def index_dir(self) -> Path:
        return Path(self.platform.settings.data_dir) / "index"

    def ensure_loaded(self) -> None:
        """Load the saved index (then catch up with changes since it was saved), or build it."""
        with self._lock:
            if self._loaded:
                return
            saved_at = self._load_saved()
            if saved_at is None:
                self.rebuild()
            self._loaded = True
        if saved_at is not None:
            with self.platform.uow() as uow:
                changed = indexing.published_listings(uow, since=saved_at)
            for listing in changed:
                assert listing.id is not None
                self.refresh(listing.kind, listing.id, embed=False)
        note_catalogue_size(len(self.engine.catalogs["achievement"]))

    def rebuild(self) -> None:
        """Build both catalogues from the database and its stored vectors."""
        with self.platform.uow() as uow:
            listings = [indexing.to_engine(x) for x in indexing.published_listings(uow)]
            vectors = indexing.stored_vectors(uow, listings, self.platform.embedder.model_id)
        with self._lock:
            self.engine.build(listings, vectors)
            self._loaded = True
        note_catalogue_size(len(self.engine.catalogs["achievement"]))

    def save(self) -> Path:
        """Persist the index (.npy + JSON, no pickle) as a new build, switched in as a whole."""
        from techbridge.matching.store import save_engine

        built_at = utcnow()
        self.rebuild()
        with self._lock:
            return index_builds.publish_build(self.index_dir, built_at,
                                              {"model_id": self.platform.embedder.model_id},
                                              lambda folder: save_engine(self.engine, folder))

    def saved_build(self) -> Path | None:
        """The folder of the current saved build, if there is one."""
        return index_builds.current_build(self.index_dir)

    def _load_saved(self) -> datetime | None:
        """The saved index, if there is one for this model; returns when it was built."""
        from techbridge.matching.store import load_engine

        build = self.saved_build()  # resolved once: every file below comes from this one build
        if build is None:
            return None
        try:
            meta = index_builds.read_manifest(build)
            if meta.get("model_id") != self.platform.embedder.model_id:
                return None
            load_engine(self.engine, build)
        except (OSError, ValueError, KeyError):  # a damaged, removed or older index is rebuilt, not trusted
            return None
        return datetime.fromisoformat(meta["built_at"])

    def refresh(self, kind: str, listing_id: int, *, embed: bool) -> None:
        """Bring one listing's place in the index up to date (remove it if no longer published)."""
        self.ensure_loaded()
        # without embedding this only reads: on SQLite it must not queue for the write lock behind an import
        with (nullcontext() if embed else reading_only()), self.platform.uow() as uow:
            listing = registry.kind_of(kind).repo(uow).get(listing_id)
            if listing is None or listing.status != ListingStatus.PUBLISHED:
                with self._lock:
                    self.engine.remove(indexing.engine_id(kind, listing_id))
                return
            item = indexing.to_engine(listing)
            if embed:
                # every worker hears the change: the first embeds, the others wait in embed_missing and then
                # find its vector
                indexing.embed_missing(uow, self.platform.embedder, [item])
            vectors = indexing.stored_vectors(uow, [item], self.platform.embedder.model_id).get(item.id)
        with self._lock:
            self.engine.upsert(item, vectors)

    def on_listing_changed(self, event: ListingChanged) -> None:
        """Searchable at once (lexically); its embedding follows from the worker."""
        if not self._loaded:
            return  # the index is built from the database on first use
        self.refresh(event.kind, event.listing_id, embed=self.worker is None)
        if self.worker is not None:
            self.worker.submit(event.kind, event.listing_id)

    def on_listings_imported(self, event: ListingsImported) -> None:
        """The import is committed before this runs: a listing the index misses now, the next sync catches."""
        try:
            for listing_id in event.listing_ids:
                self.on_listing_changed(ListingChanged(event.kind, listing_id))
        except OperationalError:
            log.warning("index update after an import of %d listings deferred to the next sync",
                        len(event.listing_ids), exc_info=True)

    # ------------------------------------------------------------- queries
    def _filters(self, viewer: User | None, exclude_org: int | None) -> MatchFilters:
        # admins are given their region's confidential demands only: _views drops the others
        confidential = is_broker(viewer) or is_admin(viewer)
        return MatchFilters(include_brokers_only=confidential, exclude_org_id=exclude_org)

    def rank_text(self, kind: str, query: str, scope: SearchScope) -> dict[int, float]:
        """Library search: relevance of each listing of `kind` in the viewer's scope to a typed query."""
        self.ensure_loaded()
        catalog = self.engine.catalogs[kind]
        with self._lock:
            mask = self._scope_mask(kind, catalog, scope)
        n = int(mask.sum())
        if not n:
            return {}
        qvec = np.asarray(self.platform.embedder.embed_queries([query]), dtype=np.float32)[0]
        with self._lock:
            parts = self.engine.relevance(catalog, query, qvec, mask)
            slots = np.flatnonzero(mask)
            # graded against the number of candidates, as the calibration was fitted
            percent = self.calibration.percents(parts["relevance"][slots], SEARCH, n)
            keep = percent >= MIN_PERCENT
            ids = [indexing.parse_engine_id(catalog.get(int(s)).id)[1] for s in slots[keep]]
        return dict(zip(ids, percent[keep].astype(float).tolist(), strict=True))

    @staticmethod
    def _scope_mask(kind: str, catalog: Catalog, scope: SearchScope) -> np.ndarray:
        """The candidate slots of a library search: built from the catalogue's own visibility mask
        (cached by the catalogue), so no list of every visible id crosses from the database."""
        if scope.ids is not None:
            mask = np.zeros(catalog.n_slots, dtype=bool)
            listed = scope.ids
        else:
            mask = catalog.mask(MatchFilters(include_brokers_only=scope.brokers_only)).copy()
            listed = scope.also
        slots = [catalog.slot_of.get(indexing.engine_id(kind, i)) for i in listed]
        mask[[s for s in slots if s is not None]] = True
        return mask

    def recommend(self, *, kind: str, listing_id: int, viewer: User | None, k: int = 8) -> RecommendResult:
        """Top counterparts of one listing the viewer may see, explained."""
        self.ensure_loaded()
        with self.platform.uow() as uow:
            listing = registry.get_listing(uow, kind=kind, viewer=viewer, listing_id=listing_id)
            query = indexing.to_engine(listing)
            outcomes = outcome_stats(uow, listing.industry) if kind == "demand" else {}
        # A listing whose vectors the index job has not computed yet is embedded now, exactly as
        # its draft was in the preview, so the 匹配度 of a pair does not change when it is published.
        vectors = None
        if not self.engine.has_vectors(query):
            vectors = np.asarray(self.platform.embedder.embed_passages(MatchingEngine.texts_to_embed(query)),
                                 dtype=np.float32)
        with self._lock:
            hits = self.engine.match(query, k=k * 2, filters=self._filters(viewer, listing.organization_id),
                                     outcomes=outcomes, query_vectors=vectors)
        result = RecommendResult(kind, listing_id, self._views(hits, listing, viewer, k))
        notices = [] if result.strong or not result.hits else [NO_STRONG_MATCH]
        if listing.status != ListingStatus.PUBLISHED:
            notices.insert(0, "该条目尚未发布：以下为预览，发布后对方才能看到匹配。")
        result.notice = " ".join(notices)
        return result

    def preview_demand(self, form: Mapping[str, Any], *, viewer: User | None, k: int = 5) -> RecommendResult:
        """Live matches for a demand being typed (not stored): embeds only this query.

        The draft is given to the engine exactly as the published demand will be (same text, a
        publication date of today, the same outcome evidence), so the preview shows the 匹配度
        the published page will show for the same pair.
        """
        text = join_sentences(str(form.get(f) or "") for f in Demand.TEXT_FIELDS)
        if len(text.strip("。 ")) < 8:
            return RecommendResult("demand", None)
        self.ensure_loaded()
        fields = {key: form.get(key) for key in ("industry", "expected_trl", "budget", "region")}
        try:
            data = validate_demand_input({**fields, "title": form.get("title") or "草稿需求", "problem": text})
            industry, trl, budget, region = data.industry, data.expected_trl, data.budget, data.region_code
        except Exception:  # an unfinished form still gets text matches
            industry, trl, budget, region = None, None, None, None
        with self.platform.uow() as uow:
            org_region = None
            if viewer is not None and viewer.organization_id is not None:
                org = get_organization(uow, viewer.organization_id)
                org_region = org.region_code if org else None
            outcomes = outcome_stats(uow, industry or None)
        query = EngineListing(id="D-draft", kind="demand", title=str(form.get("title") or ""), text=text,
                              industry=industry or None, trl=trl, region_code=region or org_region, price_wan=budget,
                              published_on=beijing_today())
        vectors = np.asarray(self.platform.embedder.embed_passages(MatchingEngine.texts_to_embed(query)), dtype=np.float32)
        with self._lock:
            hits = self.engine.match(query, k=k * 2, query_vectors=vectors, outcomes=outcomes,
                                     filters=self._filters(viewer, viewer.organization_id if viewer else None))
        result = RecommendResult("demand", None, self._views(hits, None, viewer, k))
        result.notice = "" if result.strong or not result.hits else NO_STRONG_MATCH
        return result

    def batch_match(self, demand_ids: list[int], *, viewer: User | None, k: int = 5) -> dict[int, RecommendResult]:
        """The 对接清单: top-k achievements for each demand of a list."""
        return {d: self.recommend(kind="demand", listing_id=d, viewer=viewer, k=k) for d in demand_ids}

    def _views(self, hits: list[MatchHit], source: Listing | None, viewer: User | None, k: int) -> list[MatchView]:
        """Join hits with their listings, organisations and existing engagements; drop weak ones."""
        ids: dict[str, list[int]] = {"achievement": [], "demand": []}
        for hit in hits:
            kind, listing_id = indexing.parse_engine_id(hit.listing_id)
            ids[kind].append(listing_id)
        views = []
        with self.platform.uow() as uow:
            found = {**{("achievement", i): x for i, x in achievements_by_id(uow, ids["achievement"]).items()},
                     **{("demand", i): x for i, x in demands_by_id(uow, ids["demand"]).items()}}
            orgs = organizations_by_id(uow, {x.organization_id for x in found.values()})
            for hit in hits:
                kind, listing_id = indexing.parse_engine_id(hit.listing_id)
                other = found.get((kind, listing_id))
                percent = self.calibration.percent(hit.score, DEMAND_QUERY, len(self.engine.catalogs[kind]))
                if other is None or not registry.visible_to(viewer, other):
                    continue
                a_id = other.id if kind == "achievement" else (source.id if source else 0)
                d_id = other.id if kind == "demand" else (source.id if source else 0)
                assert a_id is not None and d_id is not None
                pair = (other, source) if kind == "achievement" else (source, other)
                engagement = engagement_seen_by(uow, viewer, *pair) if source is not None else None
                views.append(MatchView(other, orgs[other.organization_id], hit, percent, a_id, d_id, engagement,
                                       can_engage=source is not None and _can_engage(viewer, source, other),
                                       terms=[t.term for t in hit.explanation.shared_terms], bars=bars_of(hit)))
                if len(views) == k:
                    break
        return views


def _can_engage(viewer: User | None, source: Listing, other: Listing) -> bool:
    if viewer is None or source.status != ListingStatus.PUBLISHED:
        return False
    return is_broker(viewer) or viewer.organization_id in (source.organization_id, other.organization_id)


def recommend(platform: Any, *, kind: str, listing_id: int, viewer: User | None, k: int) -> RecommendResult:
    return platform.matching.recommend(kind=kind, listing_id=listing_id, viewer=viewer, k=k)


def preview_demand(platform: Any, form: Mapping[str, Any], *, viewer: User | None, k: int) -> RecommendResult:
    return platform.matching.preview_demand(form, viewer=viewer, k=k)

