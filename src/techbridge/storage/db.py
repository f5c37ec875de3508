"""Engine and session factory: embedded SQLite (WAL, foreign keys on) or PostgreSQL.

SQLite allows one writer at a time. A transaction that reads first and writes later cannot wait
for the lock once another writer has committed in between (SQLite answers "database is locked"
at once, whatever the busy timeout), so every transaction that may write starts with
`BEGIN IMMEDIATE`: it takes the write lock up front, waiting for it up to the busy timeout, with
a bounded number of retries. Read-only work (a GET request, marked with `reading_only()`) starts
a plain deferred `BEGIN` and never waits behind a writer: in WAL mode readers see the last commit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5_000
BEGIN_ATTEMPTS = 4  # × the busy timeout: a writer is refused only after ~20 s of waiting

_read_only: ContextVar[bool] = ContextVar("techbridge_read_only", default=False)


@contextmanager
def reading_only() -> Iterator[None]:
    """Transactions begun inside this block only read (SQLite: a deferred BEGIN that takes no write lock)."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL journaling, foreign keys, a busy timeout and BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                               **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control of it.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # autocommit at driver level; SQLAlchemy emits BEGIN
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    if _read_only.get():
        conn.exec_driver_sql("BEGIN")
        return
    for attempt in range(1, BEGIN_ATTEMPTS + 1):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as err:
            if "locked" not in str(err) or attempt == BEGIN_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
