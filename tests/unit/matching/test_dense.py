"""Vector index: exact and HNSW search, masks, incremental updates, persistence."""

import numpy as np

from techbridge.matching.dense import VectorIndex, normalize_rows
from techbridge.matching.npy import is_mapped


def clustered(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few centres, like real embeddings (random ones defeat ANN)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, dim))
    return normalize_rows(centres[rng.integers(0, 8, n)] + 0.3 * rng.normal(size=(n, dim)))


def test_rows_are_normalised_to_unit_length():
    rows = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


def test_exact_search_returns_the_most_similar_slots_first():
    vecs = clustered(100)
    index = VectorIndex(exact_limit=1000)
    index.set(np.arange(100), vecs)
    slots, sims = index.search(vecs[7], k=3)
    assert slots[0] == 7 and np.isclose(sims[0], 1.0, atol=1e-5)
    assert list(sims) == sorted(sims, reverse=True)


def test_a_mask_is_applied_before_the_top_k_is_taken():
    vecs = clustered(50)
    index = VectorIndex(exact_limit=1000)
    index.set(np.arange(50), vecs)
    mask = np.ones(50, dtype=bool)
    mask[7] = False
    slots, _ = index.search(vecs[7], k=5, mask=mask)
    assert 7 not in slots and len(slots) == 5


def test_hnsw_takes_over_above_the_limit_and_finds_the_exact_neighbours():
    vecs = clustered(600)
    index = VectorIndex(exact_limit=200)
    index.set(np.arange(600), vecs)
    assert index.uses_hnsw
    hits = 0
    for q in range(0, 600, 30):
        exact = np.argsort(-(vecs @ vecs[q]))[:10]
        slots, _ = index.search(vecs[q], k=10)
        hits += len(set(exact) & set(slots))
    assert hits / (20 * 10) >= 0.9


def test_a_selective_mask_still_yields_k_results_at_scale():
    vecs = clustered(600)
    index = VectorIndex(exact_limit=200)
    index.set(np.arange(600), vecs)
    mask = np.zeros(600, dtype=bool)
    mask[[5, 300, 599]] = True
    slots, _ = index.search(vecs[0], k=3, mask=mask)
    assert sorted(slots) == [5, 300, 599]


def test_replacing_and_removing_vectors_updates_search():
    vecs = clustered(20)
    index = VectorIndex()
    index.set(np.arange(20), vecs)
    index.set(np.array([3]), vecs[11:12])
    assert set(index.search(vecs[11], k=2)[0]) == {3, 11}
    index.remove(11)
    assert index.search(vecs[11], k=1)[0][0] == 3
    assert index.all_scores(vecs[0])[11] == -np.inf


def test_similarity_scores_only_the_given_slots():
    vecs = clustered(10)
    index = VectorIndex()
    index.set(np.arange(10), vecs)
    assert np.allclose(index.similarity(vecs[0], np.array([0, 4])), [1.0, vecs[4] @ vecs[0]], atol=1e-5)


def test_saved_index_loads_with_the_same_results(tmp_path):
    vecs = clustered(300)
    index = VectorIndex(exact_limit=100)
    index.set(np.arange(300), vecs)
    index.save(tmp_path / "vec")
    loaded = VectorIndex.load(tmp_path / "vec")
    assert loaded.uses_hnsw and loaded.n_slots == 300
    assert list(loaded.search(vecs[42], k=5)[0]) == list(index.search(vecs[42], k=5)[0])


def test_vectors_added_after_loading_a_graph_are_searchable(tmp_path):
    vecs = clustered(300)
    index = VectorIndex(exact_limit=100)
    index.set(np.arange(300), vecs[:300])
    index.save(tmp_path / "vec")
    loaded = VectorIndex.load(tmp_path / "vec")
    fresh = clustered(2, seed=9)
    loaded.set(np.array([300]), fresh[:1])
    loaded.set(np.array([5]), fresh[1:2])
    loaded.remove(42)
    assert loaded.search(fresh[0], k=1)[0][0] == 300
    assert loaded.search(fresh[1], k=1)[0][0] == 5
    assert 42 not in loaded.search(vecs[42], k=10)[0]
    assert loaded.n_present == 300  # 300 + 1 new - 1 removed; slot 5 was replaced


def test_a_loaded_matrix_is_mapped_copy_on_write_so_the_saved_file_never_changes(tmp_path):
    vecs = clustered(300)
    index = VectorIndex(exact_limit=100)
    index.set(np.arange(300), vecs)
    index.save(tmp_path / "vec")
    loaded = VectorIndex.load(tmp_path / "vec")
    assert is_mapped(loaded._matrix)
    loaded.set(np.array([7]), clustered(1, seed=5))
    loaded.remove(8)
    on_disk = np.load(tmp_path / "vec" / "vectors.npy")
    assert np.allclose(on_disk[7:9], index.vectors(np.array([7, 8])))


def test_a_bulk_fill_builds_the_same_index_as_one_set_of_every_row():
    vecs = clustered(300) * np.linspace(0.5, 3.0, 300)[:, None]  # not unit length: both normalise
    slots = np.array([s for s in range(400) if s % 4 != 3][:300])  # gaps: slots without a vector
    centre = normalize_rows(vecs).sum(axis=0) / 300
    one = VectorIndex(exact_limit=1000)
    one.set_center(centre)
    one.set(slots, vecs)
    bulk = VectorIndex(exact_limit=1000)
    bulk.fill(420, zip(slots.tolist(), vecs, strict=True), lambda unit_sum, n: unit_sum / n)
    assert bulk.n_slots == one.n_slots and bulk.n_present == one.n_present == 300
    assert np.array_equal(bulk.center, one.center)
    n = one.n_slots
    assert np.array_equal(bulk.vectors(np.arange(n)), one.vectors(np.arange(n)))
    assert np.array_equal(bulk._cnorm[:n], one._cnorm[:n])
    query = clustered(1, seed=3)[0]
    assert np.array_equal(bulk.search(query, 10)[0], one.search(query, 10)[0])


def test_a_bulk_fill_past_the_limit_builds_the_graph():
    vecs = clustered(300)
    index = VectorIndex(exact_limit=200)
    index.fill(300, enumerate(vecs))
    assert index.uses_hnsw
    found, _ = index.search(vecs[42], k=5)
    assert found[0] == 42
