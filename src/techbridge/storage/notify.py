"""Change notices between processes: PostgreSQL `NOTIFY` sent inside the writer's transaction, and a
listener thread per process that hears them.

`pg_notify` is transactional: a notice sent before `COMMIT` is delivered only if the transaction
commits, and only after it did — so a listener that re-reads the row sees the committed state. On
SQLite there is nothing to send or hear; callers keep polling there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def supports_notify(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def announce(session: Session, channel: str, payload: str) -> None:
    """Send `payload` on `channel` when the session's transaction commits (no-op on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(channel, payload)))


def advisory_lock(session: Session, key: str) -> None:
    """Serialise every transaction that takes the same `key`, across processes, until it ends (PostgreSQL;
    SQLite's single writer lock already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


class Listener:
    """A daemon thread with its own connection, `LISTEN`ing on one channel; reconnects after errors.

    `on_connect` runs after each (re)connection, before notices are read: notices sent while the
    listener was away are lost, so the caller catches up there (e.g. with a poll since a moment).
    """

    def __init__(self, engine: Engine, channel: str, on_notice: Callable[[str], None],
                 on_connect: Callable[[], None] | None = None, *, poll_seconds: float = 1.0) -> None:
        self.dsn = make_url(engine.url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.channel, self.on_notice, self.on_connect = channel, on_notice, on_connect
        self.poll_seconds = poll_seconds
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"techbridge-listen-{self.channel}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception:  # a dropped connection or a failing handler: wait a moment and listen again
                log.exception("listener on %s failed; reconnecting", self.channel)
            self.connected.clear()
            self._stop.wait(1.0)

    def _listen(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'LISTEN "{self.channel}"')
            self.connected.set()
            if self.on_connect:
                self.on_connect()
            while not self._stop.is_set():
                for notice in conn.notifies(timeout=self.poll_seconds):
                    self.on_notice(notice.payload)
                    if self._stop.is_set():
                        break

