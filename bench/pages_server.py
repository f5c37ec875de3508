"""A throwaway PostgreSQL database with the demo plus N generated achievements, served by uvicorn workers.

Used by bench_pages.py --listings N --workers 1 2. The generated achievements have no stored
vectors (the real model would take days at 100k): the engine indexes them lexically and the demo's
listings keep their real vectors, so text search and matches run through the full engine code.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from bench.bench_library import generate
from sqlalchemy import text

from techbridge.bootstrap import bootstrap
from techbridge.config import Settings
from techbridge.storage.migrate import upgrade


def prepare(url: str, data_dir: Path, listings: int) -> int:
    """Migrate, load the demo, add achievements up to `listings`; returns a published public demand id."""
    from techbridge.demo.load import load_demo

    upgrade(url)
    platform = bootstrap(Settings(database_url=url, data_dir=data_dir))
    start = time.perf_counter()
    load_demo(platform)
    generate(platform, listings)
    with platform.engine.connect() as conn:
        demand = conn.execute(text("SELECT min(id) FROM demands WHERE status = 'published' "
                                   "AND visibility = 'public'")).scalar_one()
    print(f"database: demo + generated achievements up to {listings:,} in {time.perf_counter() - start:.0f}s")
    platform.close()
    return int(demand)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(url: str, data_dir: Path, workers: int, ready_path: str) -> Iterator[str]:
    """uvicorn with N worker processes on one port (what `techbridge serve --workers N` runs)."""
    port = _free_port()
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": url, "TECHBRIDGE_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "uvicorn", "techbridge.web.app:create_app", "--factory", "--workers", str(workers),
           "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        start = time.perf_counter()
        while True:  # every worker loads the index in its lifespan before it accepts requests
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + ready_path, timeout=120).status_code == 200:
                    break
            if proc.poll() is not None or time.perf_counter() - start > 1800:
                raise RuntimeError("the server did not start")
            time.sleep(1)
        took = time.perf_counter() - start
        if workers > 1:  # the first worker answers; the others load the same index at the same time
            time.sleep(took / 2 + 5)
        print(f"{workers} worker(s) ready in {time.perf_counter() - start:.0f}s", flush=True)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=60)
