"""BM25 over one token view: CSR postings (memory-mapped once saved) plus a small delta."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from .npy import load_mapped, save_array

_FORMAT = 2
_CHUNK = 20_000  # documents counted at once while building


def query_weights(tokens: Sequence[str]) -> dict[str, float]:
    """Sublinear query term weights: a long demand repeating a word should not drown the rest."""
    return {t: 1.0 + math.log(c) for t, c in Counter(tokens).items()}


class LexicalIndex:
    """BM25 (Lucene variant) whose documents live in integer slots shared with the other indexes.

    The main index is built in one streaming pass into CSR arrays (term → doc ids and their
    BM25 weights, the layout bm25s uses); listings added or edited afterwards go to a
    delta scored with the main index's idf and average length, so they are searchable at once
    and merged on the next rebuild. Edited main documents are tombstoned, not rewritten.
    """

    def __init__(
        self,
        k1: float,
        b: float,
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        vocab: dict[str, int],
        n_main: int,
        avgdl: float,
    ) -> None:
        self.k1, self.b = k1, b
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocab = vocab
        self._n_main = n_main
        self._avgdl = avgdl if avgdl > 0 else 1.0
        self._df = np.diff(indptr).astype(np.float64)
        self._tombstones = np.zeros(n_main, dtype=bool)
        self._delta: dict[int, Counter[str]] = {}
        self._postings: dict[str, dict[int, float]] = {}
        self._n_slots = n_main

    @classmethod
    def build(cls, token_lists: Iterable[Sequence[str]], k1: float, b: float) -> LexicalIndex:
        """Index documents in slot order 0..n-1, streaming: no token list outlives its chunk."""
        vocab: dict[str, int] = {}
        chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        lengths: list[np.ndarray] = []
        n_docs = 0
        for batch in _id_batches(token_lists, vocab, _CHUNK):
            terms, docs, tfs, dl = _count_chunk(batch, n_docs)
            chunks.append((terms, docs, tfs))
            lengths.append(dl)
            n_docs += len(batch)
        if n_docs == 0:
            empty = np.zeros(0, dtype=np.float32)
            return cls(k1, b, empty, np.zeros(0, np.int32), np.zeros(1, np.int64), {}, 0, 1.0)
        doc_len = np.concatenate(lengths).astype(np.float32)
        avgdl = float(doc_len.mean())
        data, indices, indptr = _postings(chunks, doc_len, len(vocab), n_docs, k1, b, avgdl)
        return cls(k1, b, data, indices, indptr, vocab, n_docs, avgdl)

    @property
    def n_slots(self) -> int:
        """Number of slots addressed by score arrays (main documents plus appended ones)."""
        return self._n_slots

    def idf(self, term: str) -> float:
        """Lucene idf of a term in the main index; unseen terms count as seen once."""
        j = self._vocab.get(term)
        df = self._df[j] if j is not None else 1.0
        n = max(self._n_main, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def drop_common(self, weights: Mapping[str, float], max_share: float) -> dict[str, float]:
        """Query weights without terms in more than max_share of documents (slow, uninformative)."""
        limit = max_share * max(self._n_main, 1)
        return {
            t: w for t, w in weights.items()
            if (j := self._vocab.get(t)) is None or self._df[j] <= limit
        }

    def upsert(self, slot: int, tokens: Sequence[str]) -> None:
        """Make a document searchable now at slot (an existing slot or the next free one)."""
        if slot > self._n_slots:
            raise ValueError("slots must be appended in order")
        self.remove(slot)
        tf = Counter(tokens)
        self._delta[slot] = tf
        norm = self.k1 * (1 - self.b + self.b * sum(tf.values()) / self._avgdl)
        for term, count in tf.items():
            weight = count / (count + norm) * self.idf(term)
            self._postings.setdefault(term, {})[slot] = weight
        self._n_slots = max(self._n_slots, slot + 1)

    def remove(self, slot: int) -> None:
        """Drop a document's terms; the slot itself stays so other indexes keep their order."""
        if slot < self._n_main:
            self._tombstones[slot] = True
        for term in self._delta.pop(slot, Counter()):
            self._postings[term].pop(slot, None)

    def scores(self, weights: Mapping[str, float], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every slot for weighted query terms; slots outside mask score -inf."""
        out = np.zeros(self._n_slots, dtype=np.float32)
        main = out[: self._n_main]
        for term, w in weights.items():
            j = self._vocab.get(term)
            if j is not None:
                lo, hi = self._indptr[j], self._indptr[j + 1]
                # Indices are unique within one term's postings, so fancy-index += is exact.
                main[self._indices[lo:hi]] += w * self._data[lo:hi]
        main[self._tombstones] = 0.0
        for term, w in weights.items():
            for slot, dw in self._postings.get(term, {}).items():
                out[slot] += w * dw
        if mask is not None:
            out[~mask] = -np.inf
        return out

    def term_weights(self, slot: int, terms: Sequence[str]) -> dict[str, float]:
        """Each given term's BM25 weight in one document (for explanations); absent terms omitted."""
        if slot in self._delta:
            return {t: self._postings[t][slot] for t in terms if slot in self._postings.get(t, {})}
        if slot >= self._n_main or self._tombstones[slot]:
            return {}
        found: dict[str, float] = {}
        for term in terms:
            j = self._vocab.get(term)
            if j is None:
                continue
            lo, hi = self._indptr[j], self._indptr[j + 1]
            col = self._indices[lo:hi]
            k = int(np.searchsorted(col, slot))
            if k < len(col) and col[k] == slot:
                found[term] = float(self._data[lo + k])
        return found

    def save(self, path: Path) -> None:
        """Write the index as .npy arrays plus JSON (no pickle)."""
        path.mkdir(parents=True, exist_ok=True)
        save_array(path / "data.npy", self._data)
        save_array(path / "indices.npy", self._indices)
        save_array(path / "indptr.npy", self._indptr)
        save_array(path / "tombstones.npy", self._tombstones)
        meta = {
            "format": _FORMAT, "k1": self.k1, "b": self.b, "n_main": self._n_main,
            "n_slots": self._n_slots, "avgdl": self._avgdl,
            "delta": {str(s): dict(tf) for s, tf in self._delta.items()},
        }
        (path / "vocab.json").write_text(json.dumps(self._vocab, ensure_ascii=False), "utf-8")
        (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Read an index written by save."""
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"unsupported lexical index format: {meta.get('format')}")
        # The postings are memory-mapped: workers share their pages and start-up reads nothing.
        index = cls(
            meta["k1"], meta["b"], load_mapped(path / "data.npy"),
            load_mapped(path / "indices.npy"), np.load(path / "indptr.npy"),
            json.loads((path / "vocab.json").read_text("utf-8")), meta["n_main"], meta["avgdl"],
        )
        index._tombstones = np.array(np.load(path / "tombstones.npy"))
        for slot, tf in meta["delta"].items():
            index.upsert(int(slot), list(Counter(tf).elements()))
        index._n_slots = meta["n_slots"]
        return index


def _id_batches(token_lists: Iterable[Sequence[str]], vocab: dict[str, int], size: int) -> Iterator[list[np.ndarray]]:
    """Consecutive lists of at most size documents, each as its tokens' term ids.

    Tokens become ids one document at a time, so a chunk holds integers rather than millions of
    short strings (at 1M listings those strings, and the allocator arenas the vocabulary's keys
    pinned among them, cost more than the postings). New terms get the next ids in vocab.
    """
    batch: list[np.ndarray] = []
    for tokens in token_lists:
        batch.append(np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), np.int64, len(tokens)))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _count_chunk(docs: Sequence[np.ndarray], first_doc: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(term id, doc id, tf) triples sorted by term then doc, and the doc lengths of one chunk."""
    dl = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    ids = np.concatenate(docs)
    local = np.repeat(np.arange(len(docs), dtype=np.int64), dl)
    keys, tf = np.unique(ids * len(docs) + local, return_counts=True)
    terms = (keys // len(docs)).astype(np.int32)
    doc_ids = (keys % len(docs) + first_doc).astype(np.int32)
    return terms, doc_ids, np.minimum(tf, np.iinfo(np.uint16).max).astype(np.uint16), dl


def _postings(
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], doc_len: np.ndarray, n_terms: int,
    n_docs: int, k1: float, b: float, avgdl: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings (term → docs ascending) holding each pair's Lucene BM25 weight.

    Computed in float32 as bm25s does: tf / (tf + k1·(1 − b + b·dl/avgdl)) · idf. Each chunk's
    pairs are placed straight into the output (a counting sort: chunks come in doc order), so
    no corpus-wide sort or temporary array is ever made.
    """
    df = np.zeros(n_terms, dtype=np.int64)
    for terms, _, _ in chunks:
        df += np.bincount(terms, minlength=n_terms)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = np.float32(k1) * ((np.float32(1 - b)) + np.float32(b) * doc_len / np.float32(avgdl))
    data = np.empty(int(indptr[-1]), dtype=np.float32)
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    fill = indptr[:-1].copy()  # next free position of each term
    while chunks:
        terms, docs, tf16 = chunks.pop(0)
        # Pairs are sorted by term then doc: a pair's place is its term's next free position
        # plus how many earlier pairs of the chunk share its term.
        starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
        run = np.arange(len(terms)) - np.repeat(starts, np.diff(np.r_[starts, len(terms)]))
        pos = fill[terms] + run
        tf = tf16.astype(np.float32)
        weight = tf / (norm[docs] + tf)
        weight *= idf[terms]
        data[pos], indices[pos] = weight, docs
        np.add.at(fill, terms[starts], np.diff(np.r_[starts, len(terms)]))
    return data, indices, indptr
