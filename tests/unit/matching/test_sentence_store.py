"""Sentence vectors kept as one float16 matrix with offsets, memory-mapped once saved."""

import numpy as np

from techbridge.matching.npy import is_mapped
from techbridge.matching.sentence_store import SentenceStore


def rows(n, seed):
    return np.random.default_rng(seed).normal(size=(n, 4)).astype(np.float32)


def test_each_slot_gets_back_its_own_rows_or_none():
    store = SentenceStore.build(4, [rows(2, 0), None, rows(3, 1)])
    assert np.allclose(store.vectors(0), rows(2, 0), atol=1e-2)
    assert store.vectors(1) is None
    assert np.allclose(store.vectors(2), rows(3, 1), atol=1e-2)
    assert store.vectors(3) is None


def test_a_saved_store_is_mapped_and_keeps_changes_made_after_the_load(tmp_path):
    SentenceStore.build(4, [rows(2, 0), rows(1, 1)]).save(tmp_path / "s", n_slots=2)
    loaded = SentenceStore.load(tmp_path / "s", 4)
    assert is_mapped(loaded._matrix)
    loaded.set(0, None)
    loaded.set(2, rows(2, 2))
    loaded.save(tmp_path / "s", n_slots=3)
    again = SentenceStore.load(tmp_path / "s", 4)
    assert again.vectors(0) is None
    assert np.allclose(again.vectors(1), rows(1, 1), atol=1e-2)
    assert np.allclose(again.vectors(2), rows(2, 2), atol=1e-2)
