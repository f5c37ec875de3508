"""The 成果库 at 100k and 1M achievements on PostgreSQL: SQL facets (issue 18) vs the old row-by-row path.

Rows are generated inside PostgreSQL (one INSERT … SELECT FROM generate_series) with industries,
regions and TRL levels drawn from the kernel code tables, skewed as real catalogues are. The
request measured is the library page with a text query, a province filter and every facet, for an
anonymous visitor and for a signed-in member (whose organisation's 仅经纪人可见 listings join the
scope). The engine's text ranking is not part of this bench (another bench times it at 1M): a
stand-in ranker returns a fixed ~2% of the candidates with scores, and its own time is excluded;
the figures are the SQL side (the scope, facets, count, page).

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

from techbridge.accounts.model import User
from techbridge.bootstrap import Platform, bootstrap
from techbridge.config import Settings
from techbridge.kernel.industries import industries
from techbridge.kernel.regions import regions
from techbridge.listings import browse
from techbridge.listings.browse import BrowseQuery
from techbridge.listings.model import SearchScope
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
    """~2% of the candidates match, scored by id: the engine's output shape, without its cost.

    A scope given as a rule is resolved over the published ids, read once per size: the engine
    holds its catalogue (and the visibility mask) in memory, so that part costs no SQL.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.catalogue: dict[bool, np.ndarray] = {}

    def load(self, platform: Platform) -> None:
        with platform.engine.connect() as conn:
            for everyone in (False, True):
                rows = conn.execute(text("SELECT id FROM achievements WHERE status = 'published'"
                                         " AND (visibility = 'public' OR :all)"), {"all": everyone}).scalars()
                self.catalogue[everyone] = np.fromiter(rows, dtype=np.int64)

    def __call__(self, kind: str, query: str, scope: SearchScope) -> dict[int, float]:
        start = time.perf_counter()
        if scope.ids is not None:
            ids = np.asarray(scope.ids, dtype=np.int64)
        else:
            ids = self.catalogue[scope.brokers_only]
            if scope.also:
                ids = np.union1d(ids, np.asarray(scope.also, dtype=np.int64))
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


def member(platform: Platform) -> User:
    """A signed-in member of the organisation with the most 仅经纪人可见 achievements."""
    with platform.engine.connect() as conn:
        org = conn.execute(text("SELECT organization_id FROM achievements WHERE visibility <> 'public'"
                                " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).scalar_one()
    return User(email="bench@example.cn", display_name="bench", password_hash="", role="supplier",
                organization_id=org, id=1)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def run(url: str, sizes: list[int], runs: int, old_max: int, old_runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        platform = bootstrap(Settings(database_url=url, data_dir=Path(tmp) / "var"))
        ranker = StandIn()
        requests = {"q + 河北 + facets": BrowseQuery(q="氢能储运", province="130000"),
                    "q + facets, no filter": BrowseQuery(q="氢能储运"),
                    "member: q + 河北 + facets": BrowseQuery(q="氢能储运", province="130000"),
                    "no q, default page": BrowseQuery()}
        print("| rows | request | new p50 | new p95 | old p50 | old p95 | old p95 / new p95 |\n|---|---|---:|---:|---:|---:|---:|")
        for n in sizes:
            took = generate(platform, n)
            print(f"<!-- generated up to {n} rows in {took:.0f}s -->")
            ranker.load(platform)
            signed_in = member(platform)
            for label, query in requests.items():
                viewer = signed_in if label.startswith("member") else None
                new = timed(lambda q=query, v=viewer: browse.browse(platform.uow(), ranker, "achievement", v, q),
                            runs, ranker)
                if n <= old_max:
                    old = timed(lambda q=query, v=viewer: legacy_browse.browse(platform.uow(), ranker, "achievement",
                                                                               v, q), old_runs, ranker)
                    old_cols = f"{pct(old, 50):.0f} ms | {pct(old, 95):.0f} ms | {pct(old, 95) / pct(new, 95):.1f}×"
                else:
                    old_cols = "not run (capped) | | "
                print(f"| {n:,} | {label} | {pct(new, 50):.0f} ms | {pct(new, 95):.0f} ms | {old_cols} |", flush=True)
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
