"""Memory per web worker: `techbridge serve --workers 1` beside `--workers 2` on the demo data, in one run.

    PYTHONPATH=src:. .venv/bin/python bench/bench_workers.py [--database-url URL]

Loads the demo into a fresh database (SQLite in a temp dir unless `--database-url` names an empty,
migratable one), builds and saves the index (`techbridge index build`), then starts the server with
1 and then 2 workers. Each worker loads the saved index at start; after a few searches the bench reads
every worker's VmRSS (/proc/PID/status) and Pss (/proc/PID/smaps_rollup: shared pages split between
the processes that map them). The 1-worker figures are the baseline; the ratio says what a second
worker costs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from tests.support.live import free_port

STARTED = "Application startup complete."


def cli(env: dict[str, str], *args: str) -> float:
    """Run one `techbridge` command; returns its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "techbridge.cli", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def kib(pid: int, path: str, field: str) -> int:
    for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def worker_pids(main_pid: int, workers: int) -> list[int]:
    """The processes that serve requests: the main one alone, or uvicorn's spawned children."""
    if workers == 1:
        return [main_pid]
    children = Path(f"/proc/{main_pid}/task/{main_pid}/children").read_text().split()
    return [int(p) for p in children if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()]


def measure(env: dict[str, str], log_dir: Path, workers: int) -> tuple[float, list[tuple[int, int, int]]]:
    """Start the server; returns its start-up seconds and (pid, VmRSS KiB, Pss KiB) per worker."""
    port = free_port()
    log_path = log_dir / f"serve-{workers}.log"
    start = time.perf_counter()
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "techbridge.cli", "serve", "--port", str(port),
                                 "--workers", str(workers)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while log_path.read_text().count(STARTED) < workers:
            if proc.poll() is not None or time.perf_counter() - start > 300:
                raise RuntimeError(log_path.read_text()[-3000:])
            time.sleep(0.2)
        started = time.perf_counter() - start
        for _ in range(4 * workers):  # a few searches, so every worker has answered one
            urllib.request.urlopen(f"http://127.0.0.1:{port}/achievements?q={quote('氢能储运')}", timeout=60).read()
        rows = [(pid, kib(pid, "status", "VmRSS"), kib(pid, "smaps_rollup", "Pss"))
                for pid in worker_pids(proc.pid, workers)]
        return started, rows
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tb-bench-workers-"))
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": args.database_url or f"sqlite:///{root / 'techbridge.db'}",
           "TECHBRIDGE_DATA_DIR": str(root / "var"), "TECHBRIDGE_SECRET_KEY": "bench-secret"}
    cli(env, "db", "upgrade")
    cli(env, "demo")
    built = cli(env, "index", "build")
    print(f"demo loaded; index build {built:.1f} s; index files {sum(f.stat().st_size for f in (root / 'var' / 'index').rglob('*') if f.is_file()) / 2**20:.1f} MiB")
    baseline_pss = 0
    for workers in (1, 2):
        started, rows = measure(env, root, workers)
        total_pss = sum(r[2] for r in rows)
        baseline_pss = baseline_pss or total_pss
        print(f"--workers {workers}: start-up {started:.1f} s")
        for pid, rss, pss in rows:
            print(f"  worker pid {pid}: VmRSS {rss / 1024:.0f} MiB, Pss {pss / 1024:.0f} MiB")
        print(f"  total Pss {total_pss / 1024:.0f} MiB = {total_pss / baseline_pss:.2f}x the 1-worker baseline")


if __name__ == "__main__":
    main()
