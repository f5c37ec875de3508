"""Explanations as data."""

import numpy as np

from techbridge.matching import explain
from techbridge.matching.types import FactorContribution, SharedTerm


def test_shared_terms_are_heaviest_first_without_nested_repeats():
    weights = {"复合材料": 3.0, "材料": 1.0, "储氢": 2.0, "高效": 0.5}
    terms = explain.shared_terms(["材料", "储氢", "复合材料", "高效", "卫星"], "储氢瓶复合材料高效", weights.get, 5)
    assert [t.term for t in terms] == ["复合材料", "储氢", "高效"]


def test_shared_terms_respect_the_limit_and_skip_single_characters():
    terms = explain.shared_terms(["氢", "储氢", "氢气"], "储氢与氢气", lambda w: 1.0, 1)
    assert len(terms) == 1 and terms[0].term in {"储氢", "氢气"}


def test_the_best_dense_pair_is_the_most_similar_sentences():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    h = np.array([[0.6, 0.8], [1.0, 0.0]])
    pair = explain.best_pair_dense(["问A", "问B"], q, ["答A", "答B"], h)
    assert pair and (pair.query_sentence, pair.hit_sentence) == ("问A", "答B")


def test_without_vectors_the_pair_sharing_most_bigrams_is_chosen():
    pair = explain.best_pair_lexical(["储氢瓶爆破压力不足", "预算有限"], ["研究了秸秆青贮", "提高储氢瓶爆破压力"])
    assert pair and pair.hit_sentence == "提高储氢瓶爆破压力"


def test_region_labels_fall_back_to_the_province():
    assert explain.region_label("130200", {"130200": "唐山"}) == "唐山"
    assert explain.region_label("110108", {}) == "北京"
    assert explain.region_label(None, {}) == ""


def test_the_summary_reads_as_one_chinese_line():
    terms = (SharedTerm("储氢", 2.0), SharedTerm("复合材料", 1.0))
    pair = explain.best_pair_lexical(["储氢瓶"], ["储氢瓶缠绕工艺"])
    region = FactorContribution("region", 0.25, "京津冀协同")
    line = explain.summary(terms, pair, (region,), ("北京", "唐山"))
    assert line == "共同技术要点：储氢、复合材料；最相关描述：储氢瓶缠绕工艺；北京→唐山 京津冀协同"
