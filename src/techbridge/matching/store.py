"""Save and load a built engine's indexes (.npy + JSON, no pickle) for a fast start-up."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .dense import VectorIndex
from .engine import MatchingEngine
from .lexical import LexicalIndex
from .sentence_store import SentenceStore
from .types import Listing

_FORMAT = 2  # 2: memory-mapped postings and sentence vectors


def _listing_to_json(item: Listing | None) -> dict[str, Any] | None:
    if item is None:
        return None
    raw = asdict(item)
    raw["price_wan"] = None if item.price_wan is None else str(item.price_wan)
    raw["published_on"] = None if item.published_on is None else item.published_on.isoformat()
    return raw


def _listing_from_json(raw: dict[str, Any] | None) -> Listing | None:
    if raw is None:
        return None
    known = {f.name for f in fields(Listing)}
    raw = {k: v for k, v in raw.items() if k in known}
    if raw.get("price_wan") is not None:
        raw["price_wan"] = Decimal(raw["price_wan"])
    if raw.get("published_on") is not None:
        raw["published_on"] = date.fromisoformat(raw["published_on"])
    return Listing(**raw)


def save_catalog(cat: Catalog, path: Path) -> None:
    """Write one catalogue: listings, both BM25 indexes, vectors and sentence vectors."""
    path.mkdir(parents=True, exist_ok=True)
    # The same text as json.dumps of the whole list, written a listing at a time: at 1M listings
    # the list of dicts and its string would each take more than a gigabyte.
    with open(path / "listings.json", "w", encoding="utf-8") as f:
        f.write("[")
        for i, item in enumerate(cat.listings):
            f.write((", " if i else "") + json.dumps(_listing_to_json(item), ensure_ascii=False))
        f.write("]")
    cat.bigram.save(path / "bigram")
    cat.unigram.save(path / "unigram")
    cat.vectors.save(path / "vectors")
    cat.sentences.save(path / "sentences", cat.n_slots)


def load_catalog(cat: Catalog, path: Path) -> Catalog:
    """Fill an empty catalogue (carrying the settings) from a saved one."""
    cat.listings = [_listing_from_json(x) for x in json.loads((path / "listings.json").read_text("utf-8"))]
    cat.slot_of = {x.id: i for i, x in enumerate(cat.listings) if x is not None}
    cat.bigram = LexicalIndex.load(path / "bigram")
    cat.unigram = LexicalIndex.load(path / "unigram")
    cat.vectors = VectorIndex.load(path / "vectors")
    # The graph keeps how it was built; how widely it is searched follows today's settings.
    cat.vectors.set_expansion_search(cat.settings.hnsw_expansion_search)
    cat.sentences = SentenceStore.load(path / "sentences", cat.vectors.dim)
    return cat


def save_engine(engine: MatchingEngine, path: Path) -> None:
    """Write every catalogue of the engine under path."""
    path.mkdir(parents=True, exist_ok=True)
    for kind, cat in engine.catalogs.items():
        save_catalog(cat, path / kind)
    (path / "meta.json").write_text(json.dumps({"format": _FORMAT, "kinds": list(engine.catalogs)}), "utf-8")


def load_engine(engine: MatchingEngine, path: Path) -> MatchingEngine:
    """Load saved catalogues into a freshly constructed engine (settings and embedder wired)."""
    meta = json.loads((path / "meta.json").read_text("utf-8"))
    if meta.get("format") != _FORMAT:
        raise ValueError(f"unsupported engine index format: {meta.get('format')}")
    for kind in meta["kinds"]:
        load_catalog(engine.catalogs[kind], path / kind)
    return engine
