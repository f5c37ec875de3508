"""The listings of one kind and their indexes, all addressed by the same integer slots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .dense import DIM, VectorIndex
from .lexical import LexicalIndex
from .passages import sentence_passages
from .segment import char_bigrams, char_unigrams
from .sentence_store import SentenceStore
from .settings import MatchSettings
from .types import Listing

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MatchFilters:
    """Hard constraints applied as a mask over slots before ranking (never after)."""

    include_brokers_only: bool = False  # brokers and admins may see confidential listings
    exclude_org_id: int | None = None  # an organisation is not matched with itself
    industries: frozenset[str] | None = None
    region_prefixes: tuple[str, ...] | None = None  # e.g. ("12", "13") for Tianjin + Hebei


@dataclass
class Sentences:
    """A listing's sentences and, when stored, their passage vectors (for explanations)."""

    texts: tuple[str, ...]
    vectors: np.ndarray | None


def listing_sentences(listing: Listing) -> tuple[str, ...]:
    """The listing's sentences that carry a vector (at least the whole text): see sentence_passages."""
    return tuple(sentence_passages(listing.text)) or (listing.text,)


def sentence_vectors(listing: Listing, vecs: np.ndarray | None) -> np.ndarray | None:
    """Sentence vectors are rows 1.. of a texts_to_embed-shaped array (or row 0 alone)."""
    if vecs is None or not len(vecs):
        return None
    n = len(listing_sentences(listing))
    if n > 1 and len(vecs) == n + 1:
        return np.asarray(vecs[1:], dtype=np.float32)
    return np.asarray(vecs[:1], dtype=np.float32) if n == 1 else None


class Catalog:
    """One side of the market (achievements or demands) with its lexical and vector indexes."""

    def __init__(self, settings: MatchSettings, center_prior: np.ndarray | None = None) -> None:
        self.settings = settings
        self.center_prior = center_prior
        self.listings: list[Listing | None] = []
        self.slot_of: dict[str, int] = {}
        self.sentences = SentenceStore(DIM)
        self._masks: dict[MatchFilters, np.ndarray] = {}
        s = settings
        self.bigram = LexicalIndex.build([], s.bigram_k1, s.bigram_b)
        self.unigram = LexicalIndex.build([], s.unigram_k1, s.unigram_b)
        self.vectors = VectorIndex(DIM, s.exact_search_limit, s.hnsw_connectivity,
                                   s.hnsw_expansion_add, s.hnsw_expansion_search)
        if s.center_vectors and center_prior is not None:
            self.vectors.set_center(center_prior)

    @classmethod
    def build(
        cls,
        settings: MatchSettings,
        listings: Sequence[Listing],
        vectors: Sequence[np.ndarray | None],
        progress: Progress | None = None,
        center_prior: np.ndarray | None = None,
    ) -> Catalog:
        """Index listings in one pass (slots in the given order)."""
        cat = cls(settings, center_prior)
        cat.listings = list(listings)
        cat.slot_of = {item.id: i for i, item in enumerate(listings)}
        if len(cat.slot_of) != len(listings):
            raise ValueError("listing ids must be unique")
        # Token lists are generated one chunk at a time: at 1M listings they would not fit.
        cat.bigram = LexicalIndex.build((char_bigrams(x.text) for x in listings),
                                        settings.bigram_k1, settings.bigram_b)
        cat.unigram = LexicalIndex.build((char_unigrams(x.text) for x in listings),
                                         settings.unigram_k1, settings.unigram_b)
        # One bulk load straight into the index's own matrix (no stacked copy at 1M listings); the
        # HNSW graph, if any, is built once rather than grown row by row.
        centre = None
        if settings.center_vectors:
            def centre(unit_sum: np.ndarray, count: int) -> np.ndarray:
                return shrunk_mean(unit_sum, count, center_prior, settings.center_prior_count)
        rows = ((i, v[0]) for i, v in enumerate(vectors) if v is not None and len(v))
        cat.vectors.fill(len(listings), rows, centre)
        per_slot = []
        for slot, (item, vecs) in enumerate(zip(listings, vectors, strict=True)):
            per_slot.append(sentence_vectors(item, vecs))
            if progress is not None and (slot % 1000 == 0 or slot == len(listings) - 1):
                progress(slot + 1, len(listings))
        cat.sentences = SentenceStore.build(DIM, per_slot)
        return cat

    def __len__(self) -> int:
        return sum(1 for x in self.listings if x is not None)

    @property
    def n_slots(self) -> int:
        """Number of slots, including removed listings' empty ones."""
        return len(self.listings)

    def get(self, slot: int) -> Listing:
        """The listing in a live slot."""
        item = self.listings[slot]
        if item is None:
            raise KeyError(slot)
        return item

    def upsert(self, listing: Listing, vectors: np.ndarray | None) -> int:
        """Add or replace a listing; it is searchable when this returns."""
        slot = self.slot_of.get(listing.id)
        if slot is None:
            slot = len(self.listings)
            self.listings.append(listing)
            self.slot_of[listing.id] = slot
        else:
            self.listings[slot] = listing
        self._update_masks(slot)
        self.bigram.upsert(slot, char_bigrams(listing.text))
        self.unigram.upsert(slot, char_unigrams(listing.text))
        self.vectors.remove(slot)
        self._store_vectors(slot, listing, vectors)
        return slot

    def remove(self, listing_id: str) -> bool:
        """Take a listing out of every index; its slot stays empty until the next rebuild."""
        slot = self.slot_of.pop(listing_id, None)
        if slot is None:
            return False
        self.listings[slot] = None
        self._update_masks(slot)
        self.bigram.remove(slot)
        self.unigram.remove(slot)
        self.vectors.remove(slot)
        self.sentences.set(slot, None)
        return True

    def _store_vectors(self, slot: int, listing: Listing, vecs: np.ndarray | None) -> None:
        """Keep the full-text vector for search and sentence vectors for explanations."""
        if vecs is not None and len(vecs):
            self.vectors.set(np.array([slot]), np.asarray(vecs[:1], dtype=np.float32))
        self.sentences.set(slot, sentence_vectors(listing, vecs))

    def mask(self, filters: MatchFilters) -> np.ndarray:
        """Boolean array over slots: live listings that pass every hard filter (cached per filter)."""
        cached = self._masks.get(filters)
        if cached is None:
            cached = np.array([x is not None and _passes(x, filters) for x in self.listings], dtype=bool)
            self._masks[filters] = cached
        return cached

    def _update_masks(self, slot: int) -> None:
        """Keep cached masks right after one slot changed, without recomputing them."""
        item = self.listings[slot]
        for filters, cached in list(self._masks.items()):
            if slot >= len(cached):
                cached = np.concatenate([cached, np.zeros(slot + 1 - len(cached), dtype=bool)])
                self._masks[filters] = cached
            cached[slot] = item is not None and _passes(item, filters)


def shrunk_mean(unit_sum: np.ndarray, n: int, prior: np.ndarray | None, prior_count: int) -> np.ndarray:
    """Mean of n unit rows (given their sum), shrunk toward a prior mean so a small catalogue is
    not over-fitted."""
    base = np.zeros(len(unit_sum), np.float32) if prior is None else np.asarray(prior, np.float32)
    return ((unit_sum + prior_count * base) / (n + prior_count)).astype(np.float32)


def _passes(item: Listing, f: MatchFilters) -> bool:
    """Whether one listing passes the hard filters."""
    if item.visibility != "public" and not f.include_brokers_only:
        return False
    if f.exclude_org_id is not None and item.org_id == f.exclude_org_id:
        return False
    if f.industries is not None and item.industry not in f.industries:
        return False
    if f.region_prefixes is not None:
        return bool(item.region_code) and str(item.region_code).startswith(f.region_prefixes)
    return True
