"""The 成果库 at 100k and 1M achievements on PostgreSQL: SQL facets (issue 18) vs the old row-by-row path.

Rows are generated inside PostgreSQL (one INSERT … SELECT FROM generate_series) with industries,
regions and TRL levels drawn from the kernel code tables, skewed as real catalogues are. The
request measured is the library page with a text query, a province filter and every facet, for an
anonymous visitor. The engine's text ranking is not part of this bench (another bench times it at
1M): a stand-in ranker returns a fixed ~2% of the candidates with scores, and its own time is
excluded; the figures are the SQL side (candidate ids, facets, count, page) and are printed split.

    .venv/bin/python bench/bench_library.py --sizes 100000 1000000 --runs 20 --old-max 100000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import text
from tests.support import legacy_browse

from techbridge.bootstrap import Platform, bootstrap
from techbridge.config import Settings
from techbridge.kernel.industries import industries
from techbridge.kernel.regions import regions
from techbridge.listings import browse
from techbridge.listings.browse import BrowseQuery
from techbridge.storage.migrate import upgrade

MODES = ['["转让"]', '["许可"]', '["转让", "许可"]', '["作价入股"]', '["合作开发"]', '["转让", "先使用后付费"]']
ORGS = 2000

GENERATE = """
INSERT INTO achievements (title, organization_id, industry, region_code, contact_name, contact_phone,
    contact_email, visibility, status, park, source, external_id, original, review_note, created_at, updated_at,
    published_at, summary, highlights, applications, keywords, trl, patents, ip_status, transfer_modes, asking_price)
SELECT '合成成果 ' || g, 1 + ((g::bigint * 7919) % CAST(:orgs AS integer))::int,
    (CAST(:industries AS text[]))[1 + floor(cardinality(CAST(:industries AS text[])) * power(random(), 2))::int],
    (CAST(:regions AS text[]))[1 + floor(cardinality(CAST(:regions AS text[])) * power(random(), 1.5))::int],
    '联系人', '', '', CASE WHEN random() < 0.05 THEN 'confidential' ELSE 'public' END,
    CASE WHEN random() < 0.93 THEN 'published' WHEN random() < 0.5 THEN 'pending_review' ELSE 'draft' END,
    NULL, 'bench', 'b' || g, '{}', '', now(), now(), now() - (g || ' minutes')::interval,
    '合成摘要', '', '', '[]', (CAST(:trls AS int[]))[1 + floor(random() * cardinality(CAST(:trls AS int[])))::int], '[]', 'none',
    (CAST(:modes AS text[]))[1 + floor(random() * cardinality(CAST(:modes AS text[])))::int]::json,
    CASE WHEN random() < 0.35 THEN NULL ELSE round((power(random(), 3) * 5000)::numeric, 2) END
FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) g
"""


def generate(platform: Platform, n: int) -> float:
    table = regions()
    counties = [c for c, r in table.by_code.items() if r.level == "county"]
    trls = [1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 8, 9]  # most listings sit in the pilot band
    params = {"orgs": ORGS, "industries": list(industries()), "regions": counties, "trls": trls, "modes": MODES}
    start = time.perf_counter()
    with platform.engine.begin() as conn:
        conn.execute(text("INSERT INTO organizations (name, org_type, credit_code, region_code, description, created_at)"
                          " SELECT '机构' || g, 'enterprise', lpad(g::text, 18, '0'), '110108', '', now()"
                          " FROM generate_series(1, CAST(:orgs AS integer)) g ON CONFLICT DO NOTHING"), {"orgs": ORGS})
        done = conn.execute(text("SELECT count(*) FROM achievements")).scalar_one()
        for lo in range(done + 1, n + 1, 200_000):
            conn.execute(text(GENERATE), {**params, "start": lo, "stop": min(n, lo + 199_999)})
        conn.execute(text("ANALYZE achievements"))
    return time.perf_counter() - start


class StandIn:
    """~2% of the candidates match, scored by id: the engine's output shape, without its cost."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, kind: str, query: str, candidate_ids: list[int]) -> dict[int, float]:
        start = time.perf_counter()
        ids = np.asarray(candidate_ids)
        hit = ids[ids % 50 == 7]
        out = dict(zip(hit.tolist(), (40 + hit % 60).astype(float).tolist(), strict=True))
        self.seconds += time.perf_counter() - start
        return out


def timed(fn: Callable[[], object], runs: int, ranker: StandIn) -> list[float]:
    fn()  # warm the caches
    out = []
    for _ in range(runs):
        ranker.seconds = 0.0
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start - ranker.seconds) * 1000)
    return out


def candidate_ids(platform: Platform) -> int:
    """The part of a text query that scales with the catalogue: every visible id, for the engine's mask."""
    from techbridge.listings import browse_sql as sql
    from techbridge.listings.service import kind_of

    with platform.uow() as uow:
        repo = kind_of("achievement").repo(uow)
        cols = sql.LibraryColumns.of("achievement", repo.table)
        return len(sql.ids(repo.session, cols, sql.visible(cols, None, BrowseQuery()), "postgresql"))


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def run(url: str, sizes: list[int], runs: int, old_max: int, old_runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        platform = bootstrap(Settings(database_url=url, data_dir=Path(tmp) / "var"))
        ranker = StandIn()
        requests = {"q + 河北 + facets": BrowseQuery(q="氢能储运", province="130000"),
                    "q + facets, no filter": BrowseQuery(q="氢能储运"),
                    "no q, default page": BrowseQuery()}
        print("| rows | request | new p50 | new p95 | old p50 | old p95 | old p95 / new p95 |\n|---|---|---:|---:|---:|---:|---:|")
        for n in sizes:
            took = generate(platform, n)
            print(f"<!-- generated up to {n} rows in {took:.0f}s -->")
            for label, query in requests.items():
                new = timed(lambda q=query: browse.browse(platform.uow(), ranker, "achievement", None, q), runs, ranker)
                if n <= old_max:
                    old = timed(lambda q=query: legacy_browse.browse(platform.uow(), ranker, "achievement", None, q),
                                old_runs, ranker)
                    old_cols = f"{pct(old, 50):.0f} ms | {pct(old, 95):.0f} ms | {pct(old, 95) / pct(new, 95):.1f}×"
                else:
                    old_cols = "not run (capped) | | "
                print(f"| {n:,} | {label} | {pct(new, 50):.0f} ms | {pct(new, 95):.0f} ms | {old_cols} |", flush=True)
            ids = timed(lambda: candidate_ids(platform), runs, ranker)
            print(f"| {n:,} | of which: the candidate ids handed to the engine | {pct(ids, 50):.0f} ms | "
                  f"{pct(ids, 95):.0f} ms | | | |", flush=True)
        platform.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--old-runs", type=int, default=5)
    parser.add_argument("--old-max", type=int, default=100_000, help="largest size the old path is timed at")
    parser.add_argument("--database", default="", help="a PostgreSQL URL (default: a throwaway test database)")
    args = parser.parse_args()
    if args.database:
        upgrade(args.database)
        run(args.database, sorted(args.sizes), args.runs, args.old_max, args.old_runs)
        return
    from tests.support.pgcluster import test_database

    with test_database() as url:
        upgrade(url)
        run(url, sorted(args.sizes), args.runs, args.old_max, args.old_runs)


if __name__ == "__main__":
    main()
