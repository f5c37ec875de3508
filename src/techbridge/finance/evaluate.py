"""Matching quality for investor thesis ↔ project on a labelled set written by us (data/thesis_eval.json).

Two rankers over the same 48 projects for each of 48 theses:
- baseline: BM25 over the domain segmenter with the thesis text as the query, no filters;
- platform: the hard filters as a mask (stage, ticket, region, exclusions), then BM25 relevance among
  the candidates, then the soft factors (focus industry, ticket centre) — `rules.fit_score`. The dense
  part of the engine is left out here so the run needs no model; on the site it adds to relevance.
A project is relevant when it is on the thesis's topic and fits its stage, ticket band and region.
Reported: Recall@5, Precision@5 and MRR, averaged over theses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files
from typing import Any

import numpy as np

from techbridge.finance import rules
from techbridge.finance.model import FinancingNeed, Fund
from techbridge.matching.lexical import LexicalIndex, query_weights
from techbridge.matching.segment import default_segmenter


@dataclass(frozen=True)
class Case:
    fund: Fund
    topic: str
    relevant: frozenset[int]


@dataclass(frozen=True)
class Scores:
    recall_at_5: float
    precision_at_5: float
    mrr: float


@dataclass(frozen=True)
class Report:
    theses: int
    projects: int
    platform: Scores
    baseline: Scores


def load_set() -> tuple[list[Case], list[FinancingNeed], list[str]]:
    data: dict[str, Any] = json.loads(files("techbridge.finance").joinpath("data/thesis_eval.json").read_text("utf-8"))
    projects: list[FinancingNeed] = []
    topics: list[str] = []
    for topic in data["topics"]:
        for text, slot in zip(topic["projects"], data["slots"], strict=True):
            projects.append(FinancingNeed(title=text[:20], organization_id=1000 + len(projects), amount=Decimal(slot["amount"]),
                                          stage=slot["stage"], industry=topic["industry"], region_code=slot["region"],
                                          use_of_funds="", description=text, deadline=date(2027, 6, 30),
                                          id=len(projects) + 1))
            topics.append(topic["key"])
    cases = []
    for topic in data["topics"]:
        for v, variant in enumerate(data["variants"]):
            fund = Fund(name=f"{topic['key']}-{v}", organization_id=1, funder_type="vc", thesis=topic["thesis"],
                        ticket_min=Decimal(variant["ticket"][0]), ticket_max=Decimal(variant["ticket"][1]),
                        stages=list(variant["stages"]), industries=[topic["industry"]], regions=list(variant["regions"]))
            relevant = frozenset(p.id for p, t in zip(projects, topics, strict=True)
                                 if t == topic["key"] and p.id is not None and _fits(fund, p))
            cases.append(Case(fund, topic["key"], relevant))
    return cases, projects, topics


def _fits(fund: Fund, project: FinancingNeed) -> bool:
    """The analyst's judgement of stage, ticket and region, written out (independent of rules.fund_checks)."""
    in_region = not fund.regions or any(project.region_code.startswith(r[:2]) for r in fund.regions)
    return project.stage in fund.stages and fund.ticket_min <= project.amount <= fund.ticket_max and in_region


def _bm25(query: str, projects: list[FinancingNeed]) -> np.ndarray:
    segmenter = default_segmenter()
    index = LexicalIndex.build([segmenter.tokens(p.full_text()) for p in projects], k1=1.2, b=0.75)
    return np.asarray(index.scores(query_weights(segmenter.tokens(query))), dtype=np.float64)


def rank_baseline(case: Case, projects: list[FinancingNeed]) -> list[int]:
    scores = _bm25(case.fund.thesis, projects)
    order = sorted(range(len(projects)), key=lambda i: (-scores[i], i))
    return [projects[i].id or 0 for i in order]


def rank_platform(case: Case, projects: list[FinancingNeed]) -> list[int]:
    mask = [p for p in projects if rules.fund_passes(case.fund, p)]
    if not mask:
        return []
    lex = _bm25(case.fund.thesis, mask)
    top = float(lex.max()) or 1.0
    scored = [(rules.fit_score(float(lex[i]) / top, rules.fit_factors(case.fund, p)), -(p.id or 0), p.id or 0)
              for i, p in enumerate(mask)]
    return [pid for _, _, pid in sorted(scored, reverse=True)]


def _scores(rankings: list[tuple[list[int], frozenset[int]]]) -> Scores:
    recall, precision, mrr = [], [], []
    for ranked, relevant in rankings:
        top = ranked[:5]
        hits = sum(1 for r in top if r in relevant)
        recall.append(hits / len(relevant))
        precision.append(hits / 5)
        first = next((i for i, r in enumerate(ranked) if r in relevant), None)
        mrr.append(0.0 if first is None else 1 / (first + 1))
    n = len(rankings)
    return Scores(round(sum(recall) / n, 3), round(sum(precision) / n, 3), round(sum(mrr) / n, 3))


def run() -> Report:
    cases, projects, _ = load_set()
    platform = _scores([(rank_platform(c, projects), c.relevant) for c in cases])
    baseline = _scores([(rank_baseline(c, projects), c.relevant) for c in cases])
    return Report(len(cases), len(projects), platform, baseline)
