"""A real server process (`techbridge serve`, uvicorn) on a database a test prepared, for tests that need
real parallel requests: several client threads against one server, as people use it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(database_url: str, data_dir: Path, **settings: str) -> Iterator[str]:
    """Run the platform on `database_url` in a subprocess; yield its base URL; stop it afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TECHBRIDGE_DATABASE_URL": database_url, "TECHBRIDGE_DATA_DIR": str(data_dir),
           "TECHBRIDGE_SECRET_KEY": "live-test-secret",
           **{f"TECHBRIDGE_{k.upper()}": v for k, v in settings.items()}}
    port = free_port()
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "techbridge.cli", "serve", "--port", str(port)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"server did not start:\n{log_path.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def server_log(data_dir: Path) -> str:
    path = data_dir / "server.log"
    return path.read_text() if path.exists() else ""
