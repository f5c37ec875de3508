"""The reference baselines of the dev-eval README, computed beside the engine in each run."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import rjieba

from .dense import Embedder
from .fusion import reciprocal_rank_fusion
from .lexical import LexicalIndex
from .segment import _BASE_STOPWORDS
from .types import Listing


def plain_words(text: str) -> list[str]:
    """jieba-rs words minus a small stopword list and punctuation (the README's BM25 recipe)."""
    return [w for w in rjieba.cut(text) if any(c.isalnum() for c in w) and w not in _BASE_STOPWORDS]


def bm25_baseline(corpus: Sequence[Listing], queries: Sequence[str]) -> tuple[np.ndarray, list[float]]:
    """BM25 with bm25s defaults (k1 1.5, b 0.75) over jieba words: scores and per-query ms."""
    index = LexicalIndex.build([plain_words(x.text) for x in corpus], k1=1.5, b=0.75)
    rows, millis = [], []
    for q in queries:
        t0 = time.perf_counter()
        weights: dict[str, float] = {}
        for w in plain_words(q):
            weights[w] = weights.get(w, 0.0) + 1.0  # bm25s counts repeated query tokens
        rows.append(index.scores(weights))
        millis.append((time.perf_counter() - t0) * 1000)
    return np.stack(rows), millis


def dense_baseline(
    vectors: np.ndarray, queries: Sequence[str], embedder: Embedder
) -> tuple[np.ndarray, list[float]]:
    """Cosine of the "query:" embedding against the corpus passages: scores and per-query ms."""
    matrix = np.asarray(vectors, dtype=np.float32)
    rows, millis = [], []
    for q in queries:
        t0 = time.perf_counter()
        rows.append(matrix @ embedder.embed_queries([q])[0])
        millis.append((time.perf_counter() - t0) * 1000)
    return np.stack(rows), millis


def rrf_baseline(first: np.ndarray, second: np.ndarray, k: float = 60) -> np.ndarray:
    """Reciprocal-rank fusion (k = 60) of two score matrices, row by row, over full rankings."""
    depth = first.shape[1]
    return np.stack([reciprocal_rank_fusion([a, b], k=k, depth=depth) for a, b in zip(first, second, strict=True)])
