"""Fusion of score lists."""

import numpy as np

from techbridge.matching.fusion import ranks, reciprocal_rank_fusion, standardize, top_slots, weighted_sum


def test_top_slots_are_ordered_and_skip_masked_slots():
    scores = np.array([0.1, 0.9, -np.inf, 0.5])
    assert list(top_slots(scores, 10)) == [1, 3, 0]


def test_ranks_are_one_based_and_cut_at_depth():
    assert list(ranks(np.array([0.2, 0.9, 0.5]), depth=2)) == [3, 1, 2]


def test_reciprocal_rank_fusion_rewards_agreement_between_lists():
    a = np.array([3.0, 2.0, 1.0])
    b = np.array([1.0, 3.0, 2.0])
    fused = reciprocal_rank_fusion([a, b], k=60)
    assert int(np.argmax(fused)) == 1


def test_reciprocal_rank_fusion_keeps_masked_slots_masked():
    a = np.array([3.0, -np.inf])
    b = np.array([1.0, -np.inf])
    assert reciprocal_rank_fusion([a, b])[1] == -np.inf


def test_standardize_gives_the_head_zero_mean_and_unit_spread():
    z = standardize(np.array([1.0, 2.0, 3.0, 4.0]), depth=4)
    assert np.isclose(z.mean(), 0.0) and np.isclose(z.std(), 1.0)


def test_weighted_sum_is_scale_free():
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([300.0, 100.0, 200.0])
    assert np.allclose(weighted_sum([a, b], [1.0, 1.0]), weighted_sum([a * 10, b / 100], [1.0, 1.0]))
