"""PostgreSQL change notices: sent only when the writer commits, heard again after the listener's
connection was cut."""

from __future__ import annotations

import queue

import pytest
from sqlalchemy import text

from techbridge.storage.db import make_engine, make_session_factory
from techbridge.storage.notify import Listener, announce

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(60)]
CHANNEL = "test_changes"


def test_a_notice_arrives_on_commit_only_and_after_a_reconnection(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    sessions = make_session_factory(engine)
    heard: queue.Queue[str] = queue.Queue()
    connections: queue.Queue[int] = queue.Queue()
    listener = Listener(engine, CHANNEL, heard.put, on_connect=lambda: connections.put(1), poll_seconds=0.1)
    listener.start()
    try:
        connections.get(timeout=10)
        with sessions() as session:
            announce(session, CHANNEL, "rolled-back")
            session.rollback()
            announce(session, CHANNEL, "committed")
            assert heard.empty()  # nothing before the commit
            session.commit()
        assert heard.get(timeout=5) == "committed"
        with engine.begin() as conn:  # cut the listener's connection, as a server restart would
            cut = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()")).all()
        assert cut
        connections.get(timeout=10)  # listening again (the caller catches up here)
        with sessions() as session:
            announce(session, CHANNEL, "after reconnection")
            session.commit()
        assert heard.get(timeout=5) == "after reconnection"
        assert heard.empty()  # the rolled-back notice never came
    finally:
        listener.stop()
        engine.dispose()
