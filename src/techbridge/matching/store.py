"""Save and load a built engine's indexes (.npy + JSON, no pickle) for a fast start-up."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import Catalog, Sentences
from .dense import VectorIndex
from .engine import MatchingEngine
from .lexical import LexicalIndex
from .types import Listing

_FORMAT = 1


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
    listings = [_listing_to_json(x) for x in cat.listings]
    (path / "listings.json").write_text(json.dumps(listings, ensure_ascii=False), "utf-8")
    cat.bigram.save(path / "bigram")
    cat.unigram.save(path / "unigram")
    cat.vectors.save(path / "vectors")
    texts: dict[str, list[str]] = {}
    rows, owners = [], []
    for slot, sent in cat.sentences.items():
        texts[str(slot)] = list(sent.texts)
        if sent.vectors is not None:
            rows.append(np.asarray(sent.vectors, dtype=np.float16))
            owners.extend([slot] * len(sent.vectors))
    (path / "sentences.json").write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    matrix = np.concatenate(rows) if rows else np.zeros((0, cat.vectors.dim), np.float16)
    np.save(path / "sentence_vectors.npy", matrix)
    np.save(path / "sentence_owner.npy", np.asarray(owners, dtype=np.int64))


def load_catalog(cat: Catalog, path: Path) -> Catalog:
    """Fill an empty catalogue (carrying the settings) from a saved one."""
    cat.listings = [_listing_from_json(x) for x in json.loads((path / "listings.json").read_text("utf-8"))]
    cat.slot_of = {x.id: i for i, x in enumerate(cat.listings) if x is not None}
    cat.bigram = LexicalIndex.load(path / "bigram")
    cat.unigram = LexicalIndex.load(path / "unigram")
    cat.vectors = VectorIndex.load(path / "vectors")
    # The graph keeps how it was built; how widely it is searched follows today's settings.
    cat.vectors.set_expansion_search(cat.settings.hnsw_expansion_search)
    texts = json.loads((path / "sentences.json").read_text("utf-8"))
    matrix = np.load(path / "sentence_vectors.npy").astype(np.float32)
    owner = np.load(path / "sentence_owner.npy")
    starts = np.searchsorted(owner, np.arange(len(cat.listings) + 1))
    cat.sentences = {}
    for key, sentence_texts in texts.items():
        slot = int(key)
        block = matrix[starts[slot] : starts[slot + 1]]
        cat.sentences[slot] = Sentences(tuple(sentence_texts), block if len(block) else None)
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
