"""A deterministic embedder for tests that need vectors but not the model's meaning or its time.

Importable by path (`TECHBRIDGE_EMBEDDER=tests.support.embedders:HashingEmbedder`), so a process
the test starts (a Ray worker) builds the same embedder from settings alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

import numpy as np

from techbridge.matching.segment import char_bigrams

HASHING = "tests.support.embedders:HashingEmbedder"


class HashingEmbedder:
    """Bag of hashed character bigrams: similar texts get similar unit vectors, no model needed."""

    model_id = "test/hashing-bigrams"

    def __init__(self) -> None:
        self.calls = 0

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for gram in char_bigrams(text):
                out[i, int(hashlib.md5(gram.encode()).hexdigest(), 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


class SlowHashingEmbedder(HashingEmbedder):
    """The same vectors, a tenth of a second per call: long enough to kill a worker mid-batch."""

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        time.sleep(0.1)
        return super()._embed(texts)
