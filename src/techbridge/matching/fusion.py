"""Combine several score arrays over the same slots into one (txtai-style hybrid fusion)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RRF_K = 60  # Cormack, Clarke & Büttcher (SIGIR 2009) recommend k = 60


def top_slots(scores: np.ndarray, k: int) -> np.ndarray:
    """The k best slots by score, best first, never including masked (-inf) slots."""
    k = min(k, int(np.isfinite(scores).sum()))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def ranks(scores: np.ndarray, depth: int = 1000) -> np.ndarray:
    """1-based rank of every slot within the top depth; slots below it share rank depth + 1."""
    out = np.full(scores.shape, depth + 1, dtype=np.float64)
    best = top_slots(scores, depth)
    out[best] = np.arange(1, len(best) + 1)
    return out


def reciprocal_rank_fusion(
    score_lists: Sequence[np.ndarray], k: float = RRF_K, depth: int = 1000
) -> np.ndarray:
    """Sum of 1 / (k + rank) over the lists; uses ranks only, so scales never matter."""
    fused = np.zeros(score_lists[0].shape, dtype=np.float64)
    for scores in score_lists:
        fused += 1.0 / (k + ranks(scores, depth))
    masked = np.logical_or.reduce([~np.isfinite(s) for s in score_lists])
    fused[masked] = -np.inf
    return fused


def standardize(scores: np.ndarray, depth: int = 1000, top: np.ndarray | None = None) -> np.ndarray:
    """Z-score against the top depth slots, so the head of each list is on a common scale.

    top: top_slots(scores, depth) when the caller has it already.
    """
    head = scores[top_slots(scores, depth) if top is None else top]
    if len(head) < 2:
        return np.where(np.isfinite(scores), 0.0, -np.inf)
    std = float(head.std())
    return (scores - float(head.mean())) / (std if std > 1e-12 else 1.0)


def weighted_sum(
    score_lists: Sequence[np.ndarray], weights: Sequence[float], depth: int = 1000
) -> np.ndarray:
    """Weighted sum of standardised scores (used when the lists' scales are comparable)."""
    fused = np.zeros(score_lists[0].shape, dtype=np.float64)
    for scores, weight in zip(score_lists, weights, strict=True):
        if weight:
            fused += weight * standardize(scores, depth)
    return fused
