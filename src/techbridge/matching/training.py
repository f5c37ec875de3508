"""Training the learned stage: the query adapter and the 匹配度 calibration (`techbridge train`).

Inputs are the demands the team wrote for training (data/training/demands/*.jsonl, each grounded
on one `fewclue-*` paper of the dev-eval corpus, per the corpus's WRITER_BRIEF) and the corpus
with its cached passage vectors. The dev demands are never read here. Steps:
1. embed every training demand as the engine embeds a demand (passage prefix, cached on disk);
2. mine hard negatives: the engine's own top candidates for each demand, before any adapter;
3. fit the adapter by softmax cross-entropy over gold + hard + random negatives (numpy, Adam),
   choosing epochs, L2 and the adapted list's fusion weight by the engine's MRR@10 on a held-out
   fifth of the training demands (weight 0 — no learned stage — when nothing beats the engine);
4. calibrate: out-of-fold scores (5 folds, each scored by an adapter that never saw it) of the
   top 10 hits, labelled right/wrong, fitted with isotonic regression (scikit-learn) — for whole
   demands and for their titles typed as a search, and for catalogues of several sizes (scores are
   z-scores within the catalogue, so the same score means more in a large one).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .adapter import QueryAdapter
from .calibration import CALIBRATION_SIZES, DEMAND, SEARCH, Calibration, Curve, curve_key
from .dense import Embedder, normalize_rows
from .engine import MatchingEngine
from .types import ACHIEVEMENT, Listing
from .types import DEMAND as DEMAND_KIND

Report = Callable[[str], None]
FOLDS = 5
TRAINING_PREFIX = "fewclue-"  # the only papers training demands may be grounded on (WRITER_BRIEF)
TOP_CALIBRATED = 10


@dataclass(frozen=True)
class TrainingDemand:
    listing: Listing
    paper_id: str


def load_training_demands(folder: Path) -> list[TrainingDemand]:
    """Usable written demands (skip lines dropped), query text = title + "。" + description."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            r = json.loads(line) if line.strip() else {}
            if not r or r.get("skip") or not r.get("title"):
                continue
            if not str(r["paper_id"]).startswith(TRAINING_PREFIX):
                raise ValueError(f"{path.name}:{i + 1}: training demands must be grounded on fewclue-* papers")
            text = r["title"] + "。" + r["description"]
            out.append(TrainingDemand(Listing(id=f"train-{path.stem}-{i}", kind=DEMAND_KIND, title=r["title"],
                                              text=text), r["paper_id"]))
    return out


def fold_of(paper_id: str, folds: int = FOLDS) -> int:
    """Deterministic fold of a demand (by its paper, so one paper never sits on both sides)."""
    return int(hashlib.md5(paper_id.encode()).hexdigest(), 16) % folds


def cached_embeddings(texts: Sequence[str], embed: Callable[[list[str]], np.ndarray], cache: Path) -> np.ndarray:
    """Embed texts, reusing rows cached (by text hash) from an earlier run."""
    stored: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as data:
            stored = dict(zip(data["keys"].tolist(), data["rows"], strict=True))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = [i for i, k in enumerate(keys) if k not in stored]
    for start in range(0, len(missing), 32):
        chunk = missing[start : start + 32]
        rows = embed([texts[i] for i in chunk])
        for i, row in zip(chunk, rows, strict=True):
            stored[keys[i]] = row
    if missing:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(stored)), rows=np.stack(list(stored.values())))
    return np.stack([stored[k] for k in keys]).astype(np.float32)


def fit_adapter(queries: np.ndarray, gold: np.ndarray, hard: Sequence[np.ndarray], docs: np.ndarray,
                center: np.ndarray, *, epochs: int, l2: float, lr: float = 3e-4, tau: float = 0.05,
                n_random: int = 200, seed: int = 0, pool: np.ndarray | None = None) -> np.ndarray:
    """The adapter matrix A minimising softmax cross-entropy of the gold passage against negatives.

    Scores are the engine's centred cosines: docs are centred unit rows; the query is q + A·q − c.
    Random negatives come from pool (default: every doc); hard negatives should be drawn from it too.
    """
    rng = np.random.default_rng(seed)
    dim = queries.shape[1]
    a = np.zeros((dim, dim), np.float32)
    m1, m2 = np.zeros_like(a), np.zeros_like(a)
    step, batch = 0, 32
    order = np.arange(len(queries))
    pool = np.arange(len(docs)) if pool is None else pool
    for _ in range(epochs):
        rng.shuffle(order)
        for start in range(0, len(order), batch):
            grad = np.zeros_like(a)
            chosen = order[start : start + batch]
            for i in chosen:
                q, g = queries[i], int(gold[i])
                negatives = np.concatenate([hard[i][hard[i] != g], rng.choice(pool, n_random)])
                rows = docs[np.concatenate([[g], negatives])]
                u = q + a @ q - center
                s = rows @ u / tau
                p = np.exp(s - s.max())
                p /= p.sum()
                grad += np.outer((p @ rows - rows[0]) / tau, q)
            grad = grad / len(chosen) + l2 * a
            step += 1
            m1 = 0.9 * m1 + 0.1 * grad
            m2 = 0.999 * m2 + 0.001 * grad * grad
            a -= lr * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    return a


def fit_isotonic(scores: Sequence[float], labels: Sequence[int], max_points: int = 60) -> Curve:
    """Isotonic regression of label on score, thinned to a few points for the shipped JSON."""
    from sklearn.isotonic import IsotonicRegression

    x = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    grid = np.unique(np.quantile(x, np.linspace(0, 1, max_points)))
    return Curve(tuple(round(float(v), 4) for v in grid), tuple(round(float(v), 4) for v in iso.predict(grid)))


@dataclass
class TrainingRun:
    adapter: QueryAdapter | None  # None: the learned adapter is not used (weight 0)
    calibration: Calibration
    summary: dict[str, object]


def train(corpus: list[Listing], vectors: np.ndarray, demands: list[TrainingDemand], embedder: Embedder,
          cache_dir: Path, report: Report | None = None, use_adapter: bool = True) -> TrainingRun:
    """Fit the adapter and the calibration from written training demands.

    Without use_adapter only the calibration is fitted, for the engine as it ranks without an adapter.
    """
    say = report or (lambda _msg: None)
    position = {x.id: i for i, x in enumerate(corpus)}
    demands = [d for d in demands if d.paper_id in position]
    model_id = embedder.model_id
    engine = MatchingEngine(embedder=embedder, vector_model_id=model_id)
    engine.build(corpus, {x.id: vectors[i : i + 1] for i, x in enumerate(corpus)})
    catalog = engine.catalogs[ACHIEVEMENT]
    center = catalog.vectors.center.astype(np.float32)
    docs = normalize_rows(np.asarray(vectors, dtype=np.float32) - center)
    slot = np.array([catalog.slot_of[x.id] for x in corpus])
    docs_by_slot = np.zeros_like(docs)
    docs_by_slot[slot] = docs
    say(f"训练需求 {len(demands)} 条，语料 {len(corpus)} 条：计算需求向量…")
    queries = cached_embeddings([d.listing.text for d in demands], lambda t: embedder.embed_passages(t),
                                cache_dir / "train_passages.npz")
    titles = cached_embeddings([d.listing.title for d in demands], lambda t: embedder.embed_queries(t),
                               cache_dir / "train_titles.npz")
    gold = np.array([catalog.slot_of[d.paper_id] for d in demands])
    say("挖掘困难负例（引擎自身的前 100 名）…")
    # Every training answer is a fewclue-* abstract (the brief's rule), so negatives come from the same
    # kind of record only: against the whole corpus the adapter learns the cheap shortcut "move toward
    # untitled abstracts", which is a document-type feature and hurts on any other demand.
    family = np.array([catalog.slot_of[x.id] for x in corpus if x.id.startswith(TRAINING_PREFIX)])
    in_family = np.zeros(catalog.n_slots, dtype=bool)
    in_family[family] = True
    hard = []
    for d, q in zip(demands, queries, strict=True):
        slots = np.array([catalog.slot_of[h.listing_id] for h in engine.match(d.listing, k=300, query_vectors=q[None])])
        hard.append(slots[in_family[slots]][:100])
    folds = np.array([fold_of(d.paper_id) for d in demands])

    say("选择训练轮数、正则与融合权重（留出五分之一，按引擎 MRR@10）…")
    fit_part, held = folds != 0, folds == 0
    held_ids = np.flatnonzero(held)

    def held_out_mrr(adapter: QueryAdapter | None) -> float:
        engine.adapter = adapter
        ranks = []
        for i in held_ids:
            ids = [h.listing_id for h in engine.match(demands[i].listing, k=10, query_vectors=queries[i][None])]
            ranks.append(ids.index(demands[i].paper_id) + 1 if demands[i].paper_id in ids else 0)
        return float(np.mean([1.0 / r if r else 0.0 for r in ranks]))

    baseline = held_out_mrr(None)
    say(f"  无学习阶段：留出集引擎 MRR@10 {baseline:.3f}")
    best = (baseline, 0, 0.0, 0.0)
    for epochs in (2, 4) if use_adapter else ():
        for l2 in (0.3, 1.0):
            a = fit_adapter(queries[fit_part], gold[fit_part], [h for h, f in zip(hard, fit_part, strict=True) if f],
                            docs_by_slot, center, epochs=epochs, l2=l2, pool=family)
            for weight in (0.4, 0.8, 1.2):
                score = held_out_mrr(QueryAdapter(a, model_id, {"fusion_weight": weight}))
                say(f"  轮数 {epochs}，L2 {l2}，融合权重 {weight}：留出集引擎 MRR@10 {score:.3f}")
                if score > best[0]:
                    best = (score, epochs, l2, weight)
    _, epochs, l2, weight = best
    if not epochs:
        say("  不启用适配器（融合权重 0）：只拟合校准" if not use_adapter else
            "  学习阶段在留出集上没有带来提升：不启用适配器（融合权重 0）")
        epochs, l2 = 2, 1.0

    say("交叉拟合校准数据（5 折 × 目录规模）…")
    fold_adapters = []
    for fold in range(FOLDS):
        inside = folds != fold
        a = fit_adapter(queries[inside], gold[inside], [h for h, f in zip(hard, inside, strict=True) if f],
                        docs_by_slot, center, epochs=epochs, l2=l2, seed=fold, pool=family)
        fold_adapters.append(QueryAdapter(a, model_id, {"fusion_weight": weight}))
    curves: dict[str, Curve] = {}
    pairs: dict[str, int] = {}
    rng = np.random.default_rng(0)
    for size in (*CALIBRATION_SIZES, len(corpus)):
        scored = _calibration_pairs(corpus, vectors, demands, queries, titles, folds, fold_adapters, size, rng,
                                    engine if size >= len(corpus) else None)
        for kind, (scores, labels) in scored.items():
            key = curve_key(kind, min(size, len(corpus)))
            curves[key] = fit_isotonic(scores, labels)
            pairs[key] = len(scores)
        say(f"  目录 {min(size, len(corpus))} 条：需求 {pairs[curve_key(DEMAND, min(size, len(corpus)))]} 对")

    say("全部训练需求拟合最终适配器…")
    final = fit_adapter(queries, gold, hard, docs_by_slot, center, epochs=epochs, l2=l2, pool=family)
    summary = {"model_id": model_id, "training_demands": len(demands), "epochs": epochs, "l2": l2,
               "fusion_weight": weight,
               "held_out_engine_mrr_before": round(baseline, 4), "held_out_engine_mrr_after": round(best[0], 4),
               "calibration_pairs": pairs}
    calibration = Calibration(curves, {"model_id": model_id,
                                       "fitted_on": "data/training/demands（团队撰写，5 折交叉拟合）", "pairs": pairs})
    adapter = QueryAdapter(final, model_id, {"epochs": epochs, "l2": l2, "fusion_weight": weight,
                                             "training_demands": len(demands)}) if weight > 0 else None
    return TrainingRun(adapter, calibration, summary)


def _calibration_pairs(corpus: list[Listing], vectors: np.ndarray, demands: list[TrainingDemand],
                       queries: np.ndarray, titles: np.ndarray, folds: np.ndarray, adapters: list[QueryAdapter],
                       size: int, rng: np.random.Generator,
                       full: MatchingEngine | None) -> dict[str, tuple[list[float], list[int]]]:
    """(score, right?) of the top hits of every demand (scored out of fold) in catalogues of `size`.

    Below the corpus size, demands are grouped and each group gets a catalogue of its own papers
    plus random others, so scores are measured as they arise in a catalogue that large.
    """
    position = {x.id: i for i, x in enumerate(corpus)}
    out: dict[str, tuple[list[float], list[int]]] = {DEMAND: ([], []), SEARCH: ([], [])}
    per_group = max(1, size // 10)
    order = rng.permutation(len(demands)) if full is None else np.arange(len(demands))
    groups = [order[i : i + per_group] for i in range(0, len(order), per_group)] if full is None else [order]
    for group in groups:
        engine = full
        if engine is None:
            golds = {position[demands[i].paper_id] for i in group}
            others = rng.choice(len(corpus), size=size, replace=False)
            rows = sorted(golds | {int(x) for x in others[: size - len(golds)]})
            engine = MatchingEngine(vector_model_id=adapters[0].model_id)
            engine.build([corpus[r] for r in rows], {corpus[r].id: vectors[r : r + 1] for r in rows})
        catalog = engine.catalogs[ACHIEVEMENT]
        mask = np.ones(catalog.n_slots, dtype=bool)
        for i in group:
            engine.adapter = adapters[folds[i]]
            for hit in engine.match(demands[i].listing, k=TOP_CALIBRATED, query_vectors=queries[i][None]):
                out[DEMAND][0].append(hit.score)
                out[DEMAND][1].append(int(hit.listing_id == demands[i].paper_id))
            for s, value in search_hits(engine, demands[i].listing.title, titles[i], mask, TOP_CALIBRATED):
                out[SEARCH][0].append(value)
                out[SEARCH][1].append(int(catalog.get(s).id == demands[i].paper_id))
    return out


def search_hits(engine: MatchingEngine, text: str, qvec: np.ndarray | None, mask: np.ndarray,
                k: int) -> list[tuple[int, float]]:
    """The top slots of the achievement side for a typed search, with their relevance score."""
    from .fusion import top_slots

    catalog = engine.catalogs[ACHIEVEMENT]
    relevance = engine.relevance(catalog, text, qvec, mask)["relevance"]
    return [(int(s), float(relevance[s])) for s in top_slots(relevance, k)]
