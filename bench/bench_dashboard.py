"""数据看板 API latency at scale: 100,000 listings, 200,000 contracts, engagements with their events.

Run: .venv/bin/python bench/bench_dashboard.py [--database sqlite|postgresql|both] [--runs 15]
PostgreSQL: TECHBRIDGE_TEST_DATABASE_URL, or a throwaway cluster started for the run.

The baseline in the same run is the same endpoints with the dashboard's indexes of migration 0003
dropped, plus a plain COUNT(*) scan of the contracts table; the report prints p50/p95 per endpoint
for both, and the query plans (EXPLAIN) of the heaviest queries before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from techbridge.services import chainmap  # noqa: E402

from techbridge.accounts import tables as accounts_tables  # noqa: E402
from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform, bootstrap  # noqa: E402
from techbridge.config import Settings  # noqa: E402
from techbridge.deals import tables as deals_tables  # noqa: E402
from techbridge.deals.pipeline import FLOW, Reason  # noqa: E402
from techbridge.kernel.industries import chain_segments, industries  # noqa: E402
from techbridge.kernel.regions import regions  # noqa: E402
from techbridge.listings import tables as listings_tables  # noqa: E402
from techbridge.storage.migrate import upgrade  # noqa: E402

ENDPOINTS = [
    "/api/v1/dashboard/overview?year=2025",
    "/api/v1/dashboard/targets?year=2025",
    "/api/v1/dashboard/flows?year=2025",
    "/api/v1/dashboard/flows",
    "/api/v1/dashboard/flows?year=2025&industry=hydrogen&contract_type=技术许可",
    "/api/v1/dashboard/series",
    "/api/v1/dashboard/conversion?year=2025",
    "/api/v1/dashboard/funnel",
    "/api/v1/dashboard/funnel?year=2025&industry=hydrogen",
    "/api/v1/dashboard/chains",
    "/api/v1/dashboard/parks",
    "/api/v1/dashboard/contracts?pair=110108>130600&year=2025",
    "/api/v1/dashboard/engagements?reached=negotiation",
]
T0 = datetime(2019, 1, 1)


def _codes() -> tuple[list[str], list[str], list[str]]:
    table = regions().by_code.values()
    beijing = [r.code for r in table if r.province_code == "110000" and r.level == "county"]
    tjhb = [r.code for r in table if r.province_code in ("120000", "130000") and r.level == "county"]
    other = [r.code for r in table if not r.in_jjj]
    return beijing, tjhb, other


def generate(platform: Platform, *, listings: int, contracts: int, engagements: int, seed: int = 6) -> None:
    """Bulk-insert a plausible region: mostly Beijing supply, Tianjin/Hebei demand and buyers."""
    rng = random.Random(seed)
    beijing, tjhb, other = _codes()
    codes = list(industries())
    words = {code: [k for s in chain_segments() if s.industry_code == code for k in s.keywords] for code in codes}
    parks = ["zgc-science-city", "baoding-zgc", "tianjin-binhai-zgc", "xiongan-zgc", "jingjin-zgc-city", None, None, None]
    now = datetime(2026, 11, 1)
    with platform.engine.begin() as conn:
        conn.execute(insert(accounts_tables.organizations), [
            {"id": i, "name": f"基准单位{i}", "org_type": "企业" if i % 3 else "高校", "credit_code": f"BENCH{i:013d}",
             "region_code": rng.choice(beijing if i % 3 == 0 else tjhb), "park": rng.choice(parks), "description": "",
             "created_at": T0} for i in range(1, 2001)])

        def listing(i: int, kind: str) -> dict[str, object]:
            code = rng.choice(codes)
            terms = rng.sample(words[code], k=min(2, len(words[code]))) if words[code] and rng.random() < 0.8 else []
            published = T0 + timedelta(days=rng.randrange(2860))
            row: dict[str, object] = {
                "id": i, "title": f"{'、'.join(terms)}相关{'成果' if kind == 'a' else '需求'}{i}",
                "organization_id": rng.randrange(1, 2001), "industry": code,
                "region_code": rng.choice(beijing if (kind == "a") == (rng.random() < 0.8) else tjhb),
                "visibility": "public", "status": "published" if rng.random() < 0.9 else "archived",
                "park": rng.choice(parks), "source": "bench", "external_id": f"{kind}{i}", "original": {},
                "review_note": "", "contact_name": "", "contact_phone": "", "contact_email": "",
                "created_at": published, "updated_at": published, "published_at": published}
            if kind == "a":
                row.update(summary="基准测试成果简介", highlights="", applications="", keywords=terms, trl=rng.randint(3, 9),
                           patents=[], ip_status="无", transfer_modes=["许可"], asking_price=None)
            else:
                row.update(problem="基准测试需求描述", current_state="", target_indicators="", constraints="",
                           budget=None, cooperation_modes=["合作开发"])
            return row

        n_a = listings * 3 // 5
        for start in range(0, n_a, 5000):
            conn.execute(insert(listings_tables.achievements), [listing(i, "a") for i in range(start + 1, min(n_a, start + 5000) + 1)])
        for start in range(0, listings - n_a, 5000):
            conn.execute(insert(listings_tables.demands), [listing(i, "d") for i in range(start + 1,
                                                                                min(listings - n_a, start + 5000) + 1)])
        events, rows = [], []
        for i in range(1, engagements + 1):
            created = T0 + timedelta(days=rng.randrange(2800), hours=rng.randrange(24))
            furthest = min(int(rng.expovariate(0.45)), len(FLOW) - 1)
            at, stage = created, FLOW[0].value
            events.append({"engagement_id": i, "kind": "created", "from_stage": None, "to_stage": stage, "reason": None,
                           "note": "", "at": at})
            for nxt in FLOW[1 : furthest + 1]:
                at = at + timedelta(days=rng.randrange(1, 60))
                events.append({"engagement_id": i, "kind": "stage", "from_stage": stage, "to_stage": nxt.value,
                               "reason": None, "note": "", "at": at})
                stage = nxt.value
            reason = None
            if stage not in ("signed", "production") and rng.random() < 0.4:
                reason = rng.choice([r.value for r in Reason][:6])
                at = at + timedelta(days=rng.randrange(1, 60))
                events.append({"engagement_id": i, "kind": "stage", "from_stage": stage, "to_stage": "terminated",
                               "reason": reason, "note": "", "at": at})
                stage = "terminated"
            rows.append({"id": i, "achievement_id": rng.randrange(1, n_a + 1), "demand_id": i % (listings - n_a) + 1,
                         "stage": stage, "score": rng.random(), "summary": "", "termination_reason": reason,
                         "termination_note": "", "created_at": created, "updated_at": at})
        for start in range(0, len(rows), 5000):
            conn.execute(insert(deals_tables.engagements), rows[start : start + 5000])
        for start in range(0, len(events), 10000):
            conn.execute(insert(deals_tables.engagement_events), events[start : start + 10000])
        types = ["技术开发", "技术转让", "技术许可", "技术咨询", "技术服务"]
        batch = []
        for i in range(1, contracts + 1):
            roll = rng.random()
            seller = rng.choice(beijing) if roll < 0.75 else rng.choice(tjhb)
            buyer = rng.choice(tjhb) if rng.random() < 0.6 else rng.choice(beijing if rng.random() < 0.6 else other)
            batch.append({"id": i, "title": f"基准合同{i}", "contract_type": rng.choice(types),
                          "amount": f"{rng.randrange(100, 5_000_000) / 100:.2f}", "seller_name": "卖方", "buyer_name": "买方",
                          "seller_region": seller, "buyer_region": buyer,
                          "signed_on": date(2019, 1, 1) + timedelta(days=rng.randrange(2860)), "payment_mode": "一次性支付",
                          "seller_org_id": rng.randrange(1, 2001) if rng.random() < 0.3 else None,
                          "buyer_org_id": rng.randrange(1, 2001) if rng.random() < 0.3 else None,
                          "industry": rng.choice(codes), "engagement_id": i if i <= engagements and rng.random() < 0.2 else None,
                          "source": "bench", "external_id": f"c{i}", "created_at": now})
            if len(batch) == 10000:
                conn.execute(insert(deals_tables.contracts), batch)
                batch = []
        if batch:
            conn.execute(insert(deals_tables.contracts), batch)
        if platform.engine.dialect.name == "postgresql":
            for table in ("organizations", "achievements", "demands", "engagements", "contracts"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def _indexes() -> list[tuple[str, str, list[str]]]:
    from importlib import import_module

    return list(import_module("techbridge.storage.migrations.versions.0003_dashboard").PERFORMANCE_INDEXES)


def set_indexes(platform: Platform, present: bool) -> None:
    with platform.engine.begin() as conn:
        for name, table, columns in _indexes():
            if present:
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})"))
            else:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        conn.execute(text("ANALYZE"))


def measure(platform: Platform, runs: int) -> dict[str, tuple[float, float]]:
    from fastapi.testclient import TestClient

    from techbridge.accounts.service import register_user
    from techbridge.web.app import create_app

    with platform.uow() as uow:
        if uow.repo(UserRepository).by_email("bench-admin@example.cn") is None:
            register_user(uow, email="bench-admin@example.cn", display_name="基准管理员", password="secret123", role="admin",
                          organization_id=None)
            uow.commit()
    results: dict[str, tuple[float, float]] = {}
    with TestClient(create_app(platform=platform)) as client:
        client.post("/api/v1/auth/login", json={"email": "bench-admin@example.cn", "password": "secret123"})
        start = time.perf_counter()
        with platform.engine.connect() as conn:
            for _ in range(runs):
                conn.execute(text("SELECT COUNT(*) FROM contracts")).scalar()
        count_ms = (time.perf_counter() - start) / runs * 1000
        results["(baseline) SELECT COUNT(*) FROM contracts"] = (count_ms, count_ms)
        for url in ENDPOINTS:
            assert client.get(url).status_code == 200, url  # warm-up, and the chain tags are current
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            times.sort()
            results[url] = (statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))])
    return results


PLANS = {
    "flows (2025)": "SELECT seller_region, buyer_region, sum(amount), count(*) FROM contracts WHERE seller_region >= '110000' "
                    "AND seller_region < '120000' AND buyer_region >= '120000' AND buyer_region < '140000' AND signed_on >= "
                    "'2025-01-01' AND signed_on < '2026-01-01' GROUP BY seller_region, buyer_region",
    "series": "SELECT signed_on, amount FROM contracts WHERE seller_region >= '110000' AND seller_region < '120000' "
              "AND buyer_region >= '120000' AND buyer_region < '140000'",
    "funnel medians (self-join)": "SELECT e1.to_stage, count(*) FROM engagement_events e1 JOIN engagement_events e2 "
                                  "ON e2.engagement_id = e1.engagement_id AND e2.from_stage = e1.to_stage AND e2.kind = 'stage' "
                                  "GROUP BY e1.to_stage",
    "park contracts (seller side)": "SELECT o.park, count(*) FROM contracts c JOIN organizations o ON o.id = c.seller_org_id "
                                    "WHERE o.park IS NOT NULL GROUP BY o.park",
}


def explain(platform: Platform) -> dict[str, str]:
    prefix = "EXPLAIN QUERY PLAN " if platform.engine.dialect.name == "sqlite" else "EXPLAIN "
    out = {}
    with platform.engine.connect() as conn:
        for name, sql in PLANS.items():
            rows = conn.execute(text(prefix + sql)).all()
            out[name] = "\n".join(" ".join(str(c) for c in r[-1:]) for r in rows)
    return out


@contextlib.contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    from tests.support.pgcluster import test_database

    with test_database() as url:
        yield url


def run(kind: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
        upgrade(url)
        platform = bootstrap(Settings(database_url=url, data_dir=Path(tmp) / "var"))
        start = time.perf_counter()
        generate(platform, listings=args.listings, contracts=args.contracts, engagements=args.engagements)
        print(f"\n## {kind}: generated {args.listings} listings, {args.contracts} contracts, {args.engagements} engagements "
              f"in {time.perf_counter() - start:.0f}s")
        start = time.perf_counter()
        with platform.uow() as uow:
            tagged = chainmap.refresh(uow)
            uow.commit()
        print(f"产业链图谱 tagging (one-off, derived data): {tagged} listings in {time.perf_counter() - start:.1f}s")
        report = {}
        for label, present in (("without 0003 indexes", False), ("with 0003 indexes", True)):
            set_indexes(platform, present)
            report[label] = (measure(platform, args.runs), explain(platform))
        before, after = report["without 0003 indexes"][0], report["with 0003 indexes"][0]
        print(f"\n| endpoint ({kind}) | p50 before | p95 before | p50 after | p95 after |\n|---|---:|---:|---:|---:|")
        for url in before:
            print(f"| `{url}` | {before[url][0]:.0f} ms | {before[url][1]:.0f} ms | {after[url][0]:.0f} ms | "
                  f"{after[url][1]:.0f} ms |")
        for label, (_, plans) in report.items():
            print(f"\n### plans {label} ({kind})")
            for name, plan in plans.items():
                print(f"-- {name}\n{plan}")
        platform.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--engagements", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql") if args.database == "both" else (args.database,):
        run(kind, args)


if __name__ == "__main__":
    main()
