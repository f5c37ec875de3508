"""BM25 index: scores against a reference formula, incremental updates, masks, persistence."""

import math

import numpy as np
import pytest

from techbridge.matching.lexical import LexicalIndex, query_weights
from techbridge.matching.npy import is_mapped

DOCS = [
    ["储氢", "气瓶", "碳纤维", "储氢"],
    ["秸秆", "青贮", "饲料"],
    ["储氢", "合金", "吸附", "材料", "性能"],
    ["信号", "优先", "控制"],
]


def reference_bm25(docs, query, k1=1.5, b=0.75):
    """Lucene BM25 written out term by term (the reference the index must agree with)."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    out = []
    for d in docs:
        score = 0.0
        for term in query:
            df = sum(1 for x in docs if term in x)
            tf = d.count(term)
            if tf:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf / (tf + k1 * (1 - b + b * len(d) / avgdl))
        out.append(score)
    return np.array(out)


def test_scores_agree_with_the_reference_bm25():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    got = index.scores({"储氢": 1.0, "材料": 1.0})
    assert np.allclose(got, reference_bm25(DOCS, ["储氢", "材料"]), atol=1e-5)


def test_repeated_query_words_count_sublinearly():
    w = query_weights(["储氢", "储氢", "储氢", "材料"])
    assert w["材料"] == 1.0 and 2.0 < w["储氢"] < 3.0


def test_a_new_document_is_searchable_at_once_without_a_rebuild():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    index.upsert(4, ["燃料电池", "储氢"])
    scores = index.scores({"燃料电池": 1.0})
    assert index.n_slots == 5
    assert int(np.argmax(scores)) == 4


def test_editing_a_document_replaces_its_old_terms():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    index.upsert(1, ["燃料电池"])
    assert index.scores({"秸秆": 1.0})[1] == 0.0
    assert index.scores({"燃料电池": 1.0})[1] > 0.0


def test_a_removed_document_no_longer_scores():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    index.remove(0)
    assert index.scores({"储氢": 1.0})[0] == 0.0


def test_a_mask_excludes_documents_before_ranking():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    mask = np.array([False, True, True, True])
    scores = index.scores({"储氢": 1.0}, mask)
    assert scores[0] == -np.inf and scores[2] > 0


def test_common_query_terms_can_be_dropped():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    assert index.drop_common({"储氢": 1.0, "信号": 1.0}, max_share=0.3) == {"信号": 1.0}


def test_term_weights_explain_a_documents_score():
    index = LexicalIndex.build(DOCS, k1=1.5, b=0.75)
    weights = index.term_weights(2, ["储氢", "材料", "秸秆"])
    assert set(weights) == {"储氢", "材料"}
    assert sum(weights.values()) == pytest.approx(float(index.scores({"储氢": 1, "材料": 1})[2]), rel=1e-5)


def test_saved_index_loads_with_the_same_scores_and_delta(tmp_path):
    index = LexicalIndex.build(DOCS, k1=1.2, b=0.5)
    index.upsert(4, ["燃料电池"])
    index.remove(3)
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    query = {"储氢": 1.0, "燃料电池": 1.0, "信号": 1.0}
    assert np.allclose(loaded.scores(query), index.scores(query))
    assert not list((tmp_path / "bm25").glob("*.pkl"))


def test_a_build_in_several_chunks_scores_like_one_pass_and_like_bm25s(monkeypatch):
    import bm25s

    from techbridge.matching import lexical

    docs = [DOCS[i % 4] + [f"独有{i}"] * (i % 3) for i in range(23)]
    whole = LexicalIndex.build(docs, k1=1.2, b=0.75)
    monkeypatch.setattr(lexical, "_CHUNK", 5)
    chunked = LexicalIndex.build(iter(docs), k1=1.2, b=0.75)
    reference = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    reference.index(docs, show_progress=False)
    for term in ["储氢", "信号", "独有7", "独有8"]:
        expected = reference.get_scores([term])
        assert np.allclose(whole.scores({term: 1.0}), expected, atol=1e-6)
        assert np.array_equal(chunked.scores({term: 1.0}), whole.scores({term: 1.0}))


def test_a_loaded_index_maps_its_postings_instead_of_reading_them(tmp_path):
    LexicalIndex.build(DOCS, k1=1.2, b=0.5).save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert is_mapped(loaded._data) and is_mapped(loaded._indices)
    loaded.upsert(4, ["储氢"])  # the mapped main index stays read-only; new documents go to the delta
    assert loaded.scores({"储氢": 1.0})[4] > 0


def test_an_index_saved_in_an_older_format_is_refused(tmp_path):
    import json

    LexicalIndex.build(DOCS, k1=1.2, b=0.5).save(tmp_path / "bm25")
    meta = json.loads((tmp_path / "bm25" / "meta.json").read_text("utf-8"))
    (tmp_path / "bm25" / "meta.json").write_text(json.dumps({**meta, "format": 1}), "utf-8")
    with pytest.raises(ValueError):
        LexicalIndex.load(tmp_path / "bm25")


def test_an_empty_index_scores_nothing():
    index = LexicalIndex.build([], k1=1.5, b=0.75)
    assert index.scores({"储氢": 1.0}).shape == (0,)
    index.upsert(0, ["储氢"])
    assert index.scores({"储氢": 1.0})[0] > 0
