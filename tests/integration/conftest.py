"""Real databases for integration tests: an SQLite file and a PostgreSQL cluster, both migrated by Alembic.

`platform` is parametrised over both backends; each test gets an empty, migrated database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from techbridge.bootstrap import Platform, bootstrap, load_tables
from techbridge.config import Settings
from techbridge.storage.migrate import upgrade
from tests.support.pgcluster import test_database


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with test_database() as url:
        upgrade(url)
        yield url


def _sqlite_platform(template: Path, tmp_path: Path) -> Platform:
    db = tmp_path / "techbridge.db"
    shutil.copyfile(template, db)
    return bootstrap(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path / "var"))


def _postgres_platform(url: str, tmp_path: Path) -> Platform:
    platform = bootstrap(Settings(database_url=url, data_dir=tmp_path / "var"))
    tables = ", ".join(f'"{t.name}"' for t in reversed(load_tables().sorted_tables))
    with platform.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return platform


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    """A platform on an empty, migrated database: SQLite file or PostgreSQL."""
    if request.param == "sqlite":
        p = _sqlite_platform(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        p = _postgres_platform(request.getfixturevalue("postgres_url"), tmp_path)
    yield p
    p.close()


@pytest.fixture(scope="session")
def demo_platform(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The demo data on a migrated SQLite file, loaded once for the tests that only read it
    (the page crawler, the demo's own consistency checks)."""
    from techbridge.demo.load import load_demo

    root = tmp_path_factory.mktemp("demo")
    shutil.copyfile(sqlite_template, root / "techbridge.db")
    p = bootstrap(Settings(database_url=f"sqlite:///{root / 'techbridge.db'}", data_dir=root / "var"))
    load_demo(p)
    yield p
    p.close()


@pytest.fixture
def sqlite_platform(sqlite_template: Path, tmp_path: Path) -> Iterator[Platform]:
    p = _sqlite_platform(sqlite_template, tmp_path)
    yield p
    p.close()
