"""Evaluation harness on a tiny dev-eval folder written by the test."""

import json

import numpy as np

from techbridge.matching.evaluate import format_table, metrics, run_evaluation

from .conftest import ACHIEVEMENTS, HashingEmbedder


def write_dev_eval(folder, embedder):
    records = [{"id": i, "title": t, "text": f"{t}。{b}", "discipline": "工学"} for i, t, b in ACHIEVEMENTS]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    np.save(folder / "corpus_e5_f16.npy", embedder.embed_passages([r["text"] for r in records]).astype(np.float16))
    demands = [
        {"paper_id": "A1", "title": "储氢瓶太重", "description": "车载储氢瓶希望用碳纤维缠绕减重。", "budget_wan": 100},
        {"paper_id": "A3", "title": "路口放行", "description": "应急车辆经过交叉口时信号需要优先放行。"},
        {"paper_id": "A2", "skip": True},
    ]
    (folder / "demands_dev.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in demands), "utf-8")


def test_metrics_follow_their_definitions():
    m = metrics([1, 2, 11, 60])
    assert m["recall_at_1"] == 0.25 and m["recall_at_10"] == 0.5 and m["recall_at_50"] == 0.75
    assert m["mrr_at_10"] == (1 + 0.5) / 4


def test_every_method_is_evaluated_side_by_side_in_one_run(tmp_path):
    embedder = HashingEmbedder()
    write_dev_eval(tmp_path, embedder)
    result = run_evaluation(tmp_path, embedder=embedder)
    names = [m.method for m in result.methods]
    assert names == ["BM25", "dense", "RRF", "engine (before learned stage)", "engine", "engine (with query embedding)"]
    assert [m.method for m in result.search_methods] == ["BM25 (title)", "engine search (title)"]
    assert result.n_demands == 2 and result.n_corpus == 5
    assert result.method("engine").recall_at_1 == 1.0
    table = format_table(result)
    assert "MRR@10" in table and "engine" in table
    assert json.loads(result.to_json())["methods"][0]["method"] == "BM25"


def test_a_corpus_sample_keeps_every_demands_paper(tmp_path):
    embedder = HashingEmbedder()
    write_dev_eval(tmp_path, embedder)
    result = run_evaluation(tmp_path, embedder=embedder, limit=1, corpus_sample=1)
    assert result.n_demands == 1 and result.n_corpus == 2
