"""Page latency under a small concurrent load: 20 clients for 30 s on loopback.

Run against a server started with `make run` (or any URL):
    .venv/bin/python bench/bench_pages.py --base http://127.0.0.1:8000 --clients 20 --seconds 30

Or build its own: a throwaway PostgreSQL database with the demo plus generated achievements,
served by 1 then 2 uvicorn workers (see bench/pages_server.py):
    .venv/bin/python bench/bench_pages.py --listings 100000 --workers 1 2 --seconds 20

Each client loops over one page for the whole window; the baseline in the same run is the
`/healthz` endpoint (no database, no template), so the ratios show what the pages cost on top of
the server itself. Prints p50/p95/p99 and throughput per page.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from urllib.parse import quote

import httpx

PAGES = {
    "baseline /healthz": "/healthz",
    "home": "/",
    "search 成果库 q=氢能储运": "/achievements?q=" + quote("氢能储运"),
    "search 需求库 q=储氢 + 河北": "/demands?q=" + quote("储氢") + "&province=130000",
    "demand page": "/demands/{demand}",
    "demand matches (HTMX)": "/demands/{demand}/matches",
}


async def client_loop(http: httpx.AsyncClient, path: str, until: float, out: list[float], errors: list[int]) -> None:
    while time.perf_counter() < until:
        start = time.perf_counter()
        r = await http.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        if r.status_code == 200:
            out.append(elapsed)
        else:
            errors.append(r.status_code)


async def measure(base: str, path: str, clients: int, seconds: float) -> tuple[list[float], list[int]]:
    times: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        await http.get(path)  # warm up (first request loads the index)
        until = time.perf_counter() + seconds
        await asyncio.gather(*(client_loop(http, path, until, times, errors) for _ in range(clients)))
    return times, errors


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) >= 2 else (values[0] if values else 0.0)


def run_pages(base: str, demand: int, clients: int, seconds: float) -> None:
    print(f"{clients} concurrent clients × {seconds:.0f} s per page against {base}")
    print(f"{'page':<32}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95 / baseline':>16}"
          f"{'errors':>8}", flush=True)
    baseline_p95 = None
    for name, template in PAGES.items():
        path = template.format(demand=demand)
        times, errors = asyncio.run(measure(base, path, clients, seconds))
        p95 = pct(times, 95)
        baseline_p95 = baseline_p95 or p95
        print(f"{name:<32}{len(times):>9}{len(times) / seconds:>8.1f}{pct(times, 50):>9.1f}{p95:>9.1f}"
              f"{pct(times, 99):>9.1f}{p95 / baseline_p95:>16.1f}{len(errors):>8}", flush=True)


def run_served(args: argparse.Namespace) -> None:
    """A throwaway PostgreSQL database at --listings rows, served by 1, 2, … uvicorn workers in turn."""
    import tempfile
    from pathlib import Path

    from bench.pages_server import prepare, serve
    from tests.support.pgcluster import test_database

    with tempfile.TemporaryDirectory() as tmp, test_database() as url:
        data_dir = Path(tmp) / "var"
        demand = prepare(url, data_dir, args.listings)
        for workers in args.workers:
            with serve(url, data_dir, workers, "/achievements") as base:
                print(f"\n## {workers} web worker(s), PostgreSQL, {args.listings:,} achievements")
                run_pages(base, demand, args.clients, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--demand", type=int, default=5, help="id of a published public demand")
    parser.add_argument("--listings", type=int, default=0,
                        help="build a throwaway PostgreSQL database at this many achievements and serve it")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="web worker processes (with --listings)")
    args = parser.parse_args()
    if args.listings:
        run_served(args)
    else:
        run_pages(args.base, args.demand, args.clients, args.seconds)


if __name__ == "__main__":
    main()
