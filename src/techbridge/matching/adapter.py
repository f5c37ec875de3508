"""Query-side linear adapter: moves a demand's e5 vector toward the achievements that answer it.

q' = unit(q + A·q). A is learned from demands the team wrote (data/training, following the
dev-eval WRITER_BRIEF), with the engine's own top-ranked wrong answers as hard negatives
(`techbridge train adapter`, see matching/training.py). Only the query side changes, so every
stored passage vector stays valid. The matrix ships as a .npz (no pickle) with the model id of
the embedder it was trained for; a different embedder simply runs without it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .dense import normalize_rows

SHIPPED = "query_adapter.npz"


class QueryAdapter:
    """A learned linear correction of query vectors (rows of unit vectors in, unit rows out)."""

    def __init__(self, matrix: np.ndarray, model_id: str, meta: dict[str, Any] | None = None) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.model_id = model_id
        self.meta = dict(meta or {})

    @property
    def weight(self) -> float:
        """Weight of the adapted dense list in the fusion (chosen in training; the others weigh 1, 1, 1.2)."""
        return float(self.meta.get("fusion_weight", 1.0))

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """q + A·q for each row, renormalised."""
        rows = np.asarray(vectors, dtype=np.float32).reshape(-1, self.matrix.shape[0])
        return normalize_rows(rows + rows @ self.matrix.T)

    def save(self, path: Path) -> None:
        """Write the matrix (float16 is plenty for a correction term) and its metadata."""
        meta = json.dumps({"model_id": self.model_id, **self.meta}, ensure_ascii=False)
        with open(path, "wb") as f:
            np.savez_compressed(f, matrix=self.matrix.astype(np.float16), meta=np.array(meta))

    @classmethod
    def load(cls, path: Path | Any) -> QueryAdapter:
        """Read a file written by save."""
        with path.open("rb") as f, np.load(f, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            matrix = np.asarray(data["matrix"], dtype=np.float32)
        return cls(matrix, meta.pop("model_id"), meta)


def shipped_adapter(model_id: str) -> QueryAdapter | None:
    """The adapter shipped in matching/data, if it was trained for this embedder."""
    path = resources.files("techbridge.matching").joinpath("data", SHIPPED)
    if not path.is_file():
        return None
    adapter = QueryAdapter.load(path)
    return adapter if adapter.model_id == model_id else None
