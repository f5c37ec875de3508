"""The full engine must beat the reciprocal-rank-fusion baseline measured in the same run."""

from __future__ import annotations

import pytest

from techbridge.matching.evaluate import default_dev_dir, format_table, run_evaluation

DEV = default_dev_dir()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (DEV / "corpus_e5_f16.npy").exists(),
        reason=f"dev-eval set not found at {DEV} (set TECHBRIDGE_DEV_EVAL)",
    ),
]


def test_the_engine_scores_at_least_the_fusion_baseline_on_a_dev_subset():
    # 40 demands against their papers plus 3,000 other records: about 20 s on an idle 2-core
    # machine (80 query embeddings dominate), with no cache beyond corpus_e5_f16.npy.
    result = run_evaluation(DEV, limit=40, corpus_sample=3000, seed=7)
    print(format_table(result))
    engine, rrf = result.method("engine"), result.method("RRF")
    assert engine.mrr_at_10 >= rrf.mrr_at_10
    assert engine.recall_at_10 >= rrf.recall_at_10
