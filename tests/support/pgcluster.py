"""A throwaway PostgreSQL cluster for the test run: initdb in a temp dir, loopback only, stopped after.

If TECHBRIDGE_TEST_DATABASE_URL points at a running server, that server is used instead
(a fresh database is created on it for the run and dropped afterwards).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def _pg_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        found = shutil.which("initdb")
        if not found:
            raise RuntimeError("PostgreSQL server binaries not found: run `make system-deps` (installs postgresql-15)")
        return Path(found).parent
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster and yield an admin URL (postgresql+psycopg://postgres@127.0.0.1:PORT/postgres)."""
    bindir = _pg_bin()
    owner = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        owner = "postgres"
        pwd.getpwnam(owner)
    tmp = Path(tempfile.mkdtemp(prefix="tb-pg-"))
    data = tmp / "data"
    if owner:
        shutil.chown(tmp, owner)
    port = _free_port()
    log = tmp / "server.log"
    subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], owner),
                   check=True, capture_output=True)
    opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w",
                              "-t", "60", "start"], owner), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner),
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def test_database() -> Iterator[str]:
    """Yield the URL of a fresh, empty database for this test run."""
    given = os.environ.get("TECHBRIDGE_TEST_DATABASE_URL")
    with (_existing_server(given) if given else throwaway_cluster()) as admin_url:
        name = f"techbridge_test_{uuid.uuid4().hex[:8]}"
        admin = make_url(admin_url)
        dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin.set(database=name).render_as_string(hide_password=False)
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _existing_server(url: str) -> Iterator[str]:
    yield url
