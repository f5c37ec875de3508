"""The embedder's memory of recent query sentences: a listing viewed again is not embedded again."""

from __future__ import annotations

import numpy as np

from techbridge.matching.embedding_cache import CachedEmbedder


class CountingModel:
    model_id = "counting"
    dim = 4

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return np.array([[len(t), ord(t[0]), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_query_sentences_seen_before_are_not_embedded_again_and_keep_their_order() -> None:
    model = CountingModel()
    embedder = CachedEmbedder(model)
    first = embedder.embed_queries(["储氢瓶", "碳纤维缠绕"])
    again = embedder.embed_queries(["碳纤维缠绕", "储氢瓶", "新句子"])
    assert model.embedded == ["储氢瓶", "碳纤维缠绕", "新句子"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])


def test_the_query_memory_forgets_the_least_recently_used_sentence_beyond_its_capacity() -> None:
    model = CountingModel()
    embedder = CachedEmbedder(model, query_capacity=2)
    embedder.embed_queries(["甲"])
    embedder.embed_queries(["乙"])
    embedder.embed_queries(["甲"])  # 甲 is now the most recent
    embedder.embed_queries(["丙"])  # 乙 goes
    embedder.embed_queries(["甲", "乙"])
    assert model.embedded == ["甲", "乙", "丙", "乙"]
