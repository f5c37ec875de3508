"""Per-listing sentence vectors (for explanations) as one float16 matrix plus row offsets.

Slot s owns rows starts[s]:starts[s + 1] of the matrix (none: no sentence vectors). Saved as
.npy and memory-mapped on load, so workers share the pages; slots changed afterwards live in
a small in-memory delta until the next save. The sentence texts are not stored: they are
split again from the listing's text when an explanation needs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .npy import load_mapped, save_array


class SentenceStore:
    """Slot → sentence vectors (float32 on the way out), compact and memory-mappable."""

    def __init__(self, dim: int, matrix: np.ndarray | None = None, starts: np.ndarray | None = None) -> None:
        self.dim = dim
        self._matrix = np.zeros((0, dim), np.float16) if matrix is None else matrix
        self._starts = np.zeros(1, np.int64) if starts is None else starts
        self._delta: dict[int, np.ndarray | None] = {}

    @classmethod
    def build(cls, dim: int, per_slot: Sequence[np.ndarray | None]) -> SentenceStore:
        """One store from each slot's vectors (None: the slot has none)."""
        counts = np.fromiter((0 if v is None else len(v) for v in per_slot), np.int64, len(per_slot))
        starts = np.zeros(len(per_slot) + 1, np.int64)
        np.cumsum(counts, out=starts[1:])
        matrix = np.empty((int(starts[-1]), dim), np.float16)
        for slot, vecs in enumerate(per_slot):
            if vecs is not None and len(vecs):
                matrix[starts[slot] : starts[slot + 1]] = vecs
        return cls(dim, matrix, starts)

    @property
    def _n_main(self) -> int:
        return len(self._starts) - 1

    def vectors(self, slot: int) -> np.ndarray | None:
        """The slot's sentence vectors, or None when it has none."""
        if slot in self._delta:
            return self._delta[slot]
        if slot >= self._n_main:
            return None
        lo, hi = self._starts[slot], self._starts[slot + 1]
        return np.asarray(self._matrix[lo:hi], dtype=np.float32) if hi > lo else None

    def set(self, slot: int, vecs: np.ndarray | None) -> None:
        """Replace a slot's vectors (None removes them)."""
        self._delta[slot] = None if vecs is None or not len(vecs) else np.asarray(vecs, np.float32)

    def save(self, path: Path, n_slots: int) -> None:
        """Write the matrix and offsets of slots 0..n_slots-1, the delta merged in."""
        path.mkdir(parents=True, exist_ok=True)
        if self._delta or n_slots != self._n_main:
            merged = SentenceStore.build(self.dim, [self.vectors(s) for s in range(n_slots)])
        else:
            merged = self
        save_array(path / "sentence_vectors.npy", merged._matrix)
        save_array(path / "sentence_starts.npy", merged._starts)

    @classmethod
    def load(cls, path: Path, dim: int) -> SentenceStore:
        """Read a store written by save; the matrix is memory-mapped."""
        return cls(dim, load_mapped(path / "sentence_vectors.npy"),
                   load_mapped(path / "sentence_starts.npy"))
