"""A read-through cache of passage embeddings for text the team ships (the demo data).

Embedding the demo's few thousand passages takes minutes on a 2-core machine, so `make run`
and the browser tests would spend most of their time recomputing vectors that never change.
The cache is derived data written by our own code (`scripts/refresh-demo-embeddings`), keyed
by the model id and a hash of each passage; a passage it does not hold — anything a user
writes, or demo text edited since — is embedded by the model as usual. Queries are not in
the shipped cache (they carry the model's "query:" prefix); the last few thousand query
sentences are kept in memory, because the same listing page is viewed again and again and
its sentences are the query of its expert and policy panels.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

CACHE_NAME = "embedding_cache"


def passage_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass
class CachedEmbedder:
    """Wraps an embedder; passages found in the cache are not recomputed."""

    base: Any
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    record: bool = False  # remember computed passages (to write a new cache)
    requested: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    query_capacity: int = 4096  # sentences (1.5 kB each at 384 dimensions)
    _queries: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def model_id(self) -> str:
        return str(self.base.model_id)

    @property
    def dim(self) -> int:
        return int(getattr(self.base, "dim", 384))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors; sentences embedded recently are served from memory (least recently used goes)."""
        with self._lock:
            known = {t: self._queries[t] for t in texts if t in self._queries}
            for t in known:
                self._queries.move_to_end(t)
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            computed = np.asarray(self.base.embed_queries(todo), dtype=np.float32)
            fresh = dict(zip(todo, computed, strict=True))
            with self._lock:
                self._queries.update(fresh)
                while len(self._queries) > self.query_capacity:
                    self._queries.popitem(last=False)
            known.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([known[t] for t in texts]).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [passage_key(t) for t in texts]
        if self.record:
            self.requested.update(keys)
        todo = [i for i, k in enumerate(keys) if k not in self.vectors]
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if todo:
            computed = np.asarray(self.base.embed_passages([texts[i] for i in todo]), dtype=np.float32)
            for row, i in zip(computed, todo, strict=True):
                out[i] = row
                if self.record:
                    self.vectors[keys[i]] = row.astype(np.float16)
        computed_rows = set(todo)
        for i, k in enumerate(keys):
            if i not in computed_rows:
                out[i] = self.vectors[k].astype(np.float32)
        return out


def load_cache(model_id: str, directory: Path | None = None) -> dict[str, np.ndarray]:
    """The shipped cache for this model (empty when absent or made with another model)."""
    base = directory or Path(str(files("techbridge.demo").joinpath("data")))
    meta_path, matrix_path = base / f"{CACHE_NAME}.json", base / f"{CACHE_NAME}.npy"
    if not meta_path.exists() or not matrix_path.exists():
        return {}
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("model_id") != model_id:
        return {}
    matrix = np.load(matrix_path, allow_pickle=False)
    return {key: matrix[i] for i, key in enumerate(meta["keys"])}


def write_cache(vectors: dict[str, np.ndarray], model_id: str, directory: Path) -> Path:
    """Write the cache as .npy (float16) + JSON (never pickle)."""
    keys = sorted(vectors)
    matrix = np.stack([vectors[k].astype(np.float16) for k in keys]) if keys else np.zeros((0, 384), np.float16)
    np.save(directory / f"{CACHE_NAME}.npy", matrix, allow_pickle=False)
    (directory / f"{CACHE_NAME}.json").write_text(
        json.dumps({"model_id": model_id, "dim": int(matrix.shape[1]), "keys": keys}, ensure_ascii=False),
        encoding="utf-8",
    )
    return directory / f"{CACHE_NAME}.npy"
