"""Investor thesis ↔ project matching quality: the platform's ranking beside a BM25 baseline, same run."""

from __future__ import annotations

from techbridge.finance.evaluate import load_set, rank_baseline, rank_platform, run


def test_the_set_is_labelled_and_large_enough() -> None:
    cases, projects, _ = load_set()
    assert len(cases) >= 40 and len(projects) >= 40
    assert all(case.relevant for case in cases)  # every thesis has at least one fitting project


def test_platform_beats_bm25_on_the_labelled_set() -> None:
    report = run()
    print(f"\nthesis ↔ project, {report.theses} theses × {report.projects} projects: "
          f"platform Recall@5 {report.platform.recall_at_5} P@5 {report.platform.precision_at_5} "
          f"MRR {report.platform.mrr}; BM25 Recall@5 {report.baseline.recall_at_5} "
          f"P@5 {report.baseline.precision_at_5} MRR {report.baseline.mrr}")
    assert report.platform.recall_at_5 >= report.baseline.recall_at_5
    assert report.platform.mrr > report.baseline.mrr + 0.2  # the hard filters put a fitting project first


def test_the_mask_never_returns_a_project_that_breaks_a_hard_filter() -> None:
    cases, projects, _ = load_set()
    by_id = {p.id: p for p in projects}
    for case in cases:
        ranked = rank_platform(case, projects)
        assert all(by_id[i].stage in case.fund.stages for i in ranked)
        assert len(rank_baseline(case, projects)) == len(projects)
