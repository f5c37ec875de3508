"""Does the server keep answering while a 10,000-row list is imported? (issue 11: the import used to run inside
the request and `/healthz` went silent for 88 s.)

Run: .venv/bin/python bench/bench_healthz_import.py [--rows 10000] [--database-url URL]
A real server (`techbridge serve`) on a fresh database; the platform admin uploads the list through the API
(POST /api/v1/imports → 202 and a background job). `/healthz` is asked every 50 ms, first for 10 s with nothing
running (the baseline, same run), then until the job is done. Prints p50/p95/max of both and their ratio.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_import import synthetic_rows  # noqa: E402

from techbridge.bootstrap import bootstrap  # noqa: E402
from techbridge.config import Settings  # noqa: E402
from techbridge.kernel.tabular import write_csv  # noqa: E402
from techbridge.storage.migrate import upgrade  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _admin(url: str, data_dir: Path) -> str:
    from techbridge.accounts import service as accounts
    from techbridge.accounts.organizations import register_organization

    platform = bootstrap(Settings(database_url=url, data_dir=data_dir))
    with platform.uow() as uow:
        org = register_organization(uow, name="平台运营中心（基准）", org_type="政府部门", credit_code="11110000000019125N",
                                    region="北京")
        accounts.register_user(uow, email="bench-admin@example.cn", display_name="基准管理员", password="bench12345",
                               role="admin", organization_id=org)
        uow.commit()
    platform.close()
    return "bench-admin@example.cn"


def _probe(client: httpx.Client, until: callable) -> list[float]:  # type: ignore[valid-type]
    times = []
    while not until():
        start = time.perf_counter()
        assert client.get("/healthz").status_code == 200
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.05)
    return times


def _summary(ms: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(ms, n=20)
    return statistics.median(ms), q[18], max(ms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tb-healthz-"))
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    upgrade(url)
    email = _admin(url, tmp / "var")
    headers, rows = synthetic_rows(args.rows)
    write_csv(tmp / "list.csv", headers, rows)
    port = _port()
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": url, "TECHBRIDGE_DATA_DIR": str(tmp / "var"),
           "TECHBRIDGE_SECRET_KEY": "bench"}
    server = subprocess.Popen([sys.executable, "-m", "techbridge.cli", "serve", "--port", str(port)], env=env,
                              stdout=(tmp / "server.log").open("w"), stderr=subprocess.STDOUT)
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        for _ in range(300):
            try:
                if client.get("/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        token = client.post("/api/v1/auth/login", json={"email": email, "password": "bench12345"}).json()["csrf_token"]
        idle_until = time.monotonic() + 10
        idle = _probe(client, lambda: time.monotonic() > idle_until)
        started = time.perf_counter()
        with (tmp / "list.csv").open("rb") as fh:
            r = client.post("/api/v1/imports", files={"file": ("成果清单.csv", fh, "text/csv")},
                            data={"kind": "achievement"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 202, r.text
        status_url = r.json()["status_url"]
        answered = (time.perf_counter() - started) * 1000
        state = {"job": {}}

        def done() -> bool:
            state["job"] = client.get(status_url).json()
            return state["job"]["status"] in ("done", "failed")

        busy = _probe(client, done)
        took = time.perf_counter() - started
        job = state["job"]
        print(f"{args.rows} rows, {url.split(':')[0]}; upload answered 202 in {answered:.0f} ms; job {job['status']} "
              f"after {took:.1f} s ({job.get('stage', '')})")
        print(f"{'/healthz (ms)':<26} {'p50':>7} {'p95':>7} {'max':>7} {'samples':>8}")
        for label, ms in (("idle (baseline)", idle), ("during the import", busy)):
            p50, p95, top = _summary(ms)
            print(f"{label:<26} {p50:7.1f} {p95:7.1f} {top:7.1f} {len(ms):8d}")
        print(f"p95 ratio during/idle: {_summary(busy)[1] / _summary(idle)[1]:.1f}×  (goal: p95 under 200 ms)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
