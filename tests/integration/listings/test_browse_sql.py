"""The library's SQL filters and facets give exactly what the old row-by-row path gave.

The old path (tests/support/legacy_browse.py) loaded every visible row into Python; the SQL one
must return the same page, total, facets and best score for every viewer (anonymous, member,
broker, region admin, platform admin) over random filter combinations, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import shutil
import zlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from techbridge.accounts.model import User
from techbridge.bootstrap import Platform
from techbridge.listings import browse
from techbridge.listings.browse import PRICE_BUCKETS, SORTS, TRL_BANDS, BrowseQuery, TextRanker
from techbridge.listings.browse_sql import MODES
from techbridge.listings.model import SearchScope
from tests.support import legacy_browse


def hashed_ranker(platform: Platform) -> TextRanker:
    """A deterministic ranker that depends on the candidate set, as the engine's z-scores do.

    A scope given as a rule is resolved as the engine resolves it over its catalogue: the
    published listings (every one with the brokers-only right, else the public ones) plus `also`.
    """
    catalogue = {(kind, everyone): _published(platform, kind, everyone)
                 for kind in ("achievement", "demand") for everyone in (False, True)}

    def rank(kind: str, query: str, scope: SearchScope) -> dict[int, float]:
        candidate_ids = list(scope.ids) if scope.ids is not None else \
            sorted({*catalogue[kind, scope.brokers_only], *scope.also})
        n = len(candidate_ids)
        scores = {i: float(zlib.crc32(f"{query}:{i}:{n}".encode()) % 101) for i in candidate_ids}
        return {i: s for i, s in scores.items() if s >= 40}

    return rank


def _published(platform: Platform, kind: str, brokers_only: bool) -> list[int]:
    table = "achievements" if kind == "achievement" else "demands"
    with platform.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT id FROM {table} WHERE status = 'published'"
                                      " AND (visibility = 'public' OR :all)"), {"all": brokers_only}).scalars())


def random_query(rng: random.Random, codes: dict[str, list[str]]) -> BrowseQuery:
    pick = rng.random
    return BrowseQuery(
        q=rng.choice(["", "", "氢能", "储运"]),
        industries=rng.sample(codes["industry"], k=min(len(codes["industry"]), rng.choice([0, 0, 1, 2]))),
        province=rng.choice(["", "", "110000", "120000", "130000"]),
        city=rng.choice(["", "", *codes["city"]]) if pick() < 0.5 else "",
        trl=rng.choice(["", "", *(b[0] for b in TRL_BANDS)]),
        modes=rng.sample(MODES, k=rng.choice([0, 0, 1, 2])),
        price=rng.choice(["", "", *(b[0] for b in PRICE_BUCKETS)]),
        status=rng.choice(["published", "published", "pending_review", "draft"]),
        park=rng.choice(codes["park"]) if pick() < 0.1 else "",
        org_id=rng.choice(codes["org"]) if pick() < 0.15 else None,
        sort=rng.choice(["", *SORTS]),
        page=rng.choice([1, 1, 2]),
        size=rng.choice([3, 20]),
    )


def summary(page: browse.BrowsePage) -> tuple[object, ...]:
    return (page.total, page.sort, page.page, page.best_score, page.facets,
            [(c.listing.id, c.org.id, c.score) for c in page.items])


@pytest.fixture
def viewers(demo: Platform) -> Iterator[list[User | None]]:
    with demo.uow() as uow:
        users = list(uow.session.scalars(select(User).order_by(User.id)))
        uow.session.expunge_all()
    yield [None, *users]


def _codes(platform: Platform) -> dict[str, list[str]]:
    with platform.uow() as uow:
        rows = [row for kind in ("achievement", "demand")
                for row in browse.kind_of(kind).repo(uow).projection(["industry", "region_code", "park",
                                                                      "organization_id"])]
    from techbridge.kernel.regions import regions

    table = regions()
    cities = {r[1] for r in rows} | {table.city_of(r[1]).code for r in rows}
    return {"industry": sorted({r[0] for r in rows}), "city": sorted(cities),
            "park": sorted({r[2] for r in rows if r[2]}) or ["none"], "org": sorted({r[3] for r in rows})}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The demo data (a copy of the session's SQLite file; loaded once into PostgreSQL) with a third
    of the listings made confidential: the demo has none, and visibility is what must not move."""
    from techbridge.bootstrap import bootstrap
    from techbridge.config import Settings

    root = tmp_path_factory.mktemp("browse")
    if request.param == "sqlite":
        source = request.getfixturevalue("demo_platform").settings.database_url.removeprefix("sqlite:///")
        shutil.copyfile(source, root / "demo.db")
        p = bootstrap(Settings(database_url=f"sqlite:///{root / 'demo.db'}", data_dir=root / "var"))
    else:
        from techbridge.demo.load import load_demo
        from tests.integration.conftest import _postgres_platform

        p = _postgres_platform(request.getfixturevalue("postgres_url"), root)
        load_demo(p)
    with p.engine.begin() as conn:
        for table in ("achievements", "demands"):
            conn.execute(text(f"UPDATE {table} SET visibility = 'confidential' WHERE id % 3 = 0"))
    yield p
    p.close()


def test_sql_library_matches_the_row_by_row_path(demo: Platform, viewers: list[User | None]) -> None:
    rng = random.Random(18)
    codes = _codes(demo)
    hashed = hashed_ranker(demo)
    differences = []
    for n in range(160):
        query = random_query(rng, codes)
        viewer = rng.choice(viewers)
        kind = rng.choice(["achievement", "demand"])
        ranker = hashed if n % 4 else None
        new = browse.browse(demo.uow(), ranker, kind, viewer, query)
        old = legacy_browse.browse(demo.uow(), ranker, kind, viewer, query)
        if summary(new) != summary(old):
            differences.append((kind, viewer and viewer.email, query))
    assert not differences, differences[:3]


def test_the_engine_ranks_the_same_candidates(demo: Platform, viewers: list[User | None]) -> None:
    """With the real engine: the mask it builds from the viewer's rule holds the candidates the old
    path listed (every visible id), so the same 匹配度 come back for every kind of viewer."""
    demo.matching.ensure_loaded()  # as the web server does at start: loading writes, so not inside a search
    ranker = demo.text_ranker()
    by_role = {}
    for user in viewers[1:]:
        assert user is not None
        by_role.setdefault((user.role, user.region_scope is None, user.organization_id is None), user)
    found = 0
    for viewer in [None, *by_role.values()]:
        for kind in ("achievement", "demand"):
            for q, province in (("氢能储运", ""), ("储氢", "130000"), ("电池", "")):
                query = BrowseQuery(q=q, province=province)
                new = browse.browse(demo.uow(), ranker, kind, viewer, query)
                old = legacy_browse.browse(demo.uow(), ranker, kind, viewer, query)
                assert summary(new) == summary(old), (kind, viewer and viewer.email, q)
                found += new.total
    assert found > 0


def test_a_listing_hidden_after_the_index_saw_it_is_never_shown(demo: Platform) -> None:
    """The engine ranks by its own copy of the visibility rule; the database has the last word."""
    demo.matching.ensure_loaded()
    ranker = demo.text_ranker()
    query = BrowseQuery(q="氢能储运")
    before = browse.browse(demo.uow(), ranker, "achievement", None, query)
    assert before.items
    hidden = before.items[0].listing.id
    with demo.engine.begin() as conn:  # no event: the engine still holds it as public
        conn.execute(text("UPDATE achievements SET visibility = 'brokers_only' WHERE id = :id"), {"id": hidden})
    try:
        for q in (query, BrowseQuery(q="氢能储运", province=before.items[0].listing.region_code[:2] + "0000")):
            after = browse.browse(demo.uow(), ranker, "achievement", None, q)
            assert hidden not in [c.listing.id for c in after.items]
        assert browse.browse(demo.uow(), ranker, "achievement", None, query).total == before.total - 1
    finally:
        with demo.engine.begin() as conn:
            conn.execute(text("UPDATE achievements SET visibility = 'public' WHERE id = :id"), {"id": hidden})
