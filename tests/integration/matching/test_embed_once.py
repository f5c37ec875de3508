"""Every web worker hears a change on PostgreSQL and refreshes the listing: one embeds it, the others wait
for that vector instead of computing it again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from techbridge.bootstrap import bootstrap
from techbridge.config import Settings
from techbridge.listings import service as registry
from techbridge.matching.indexing import to_engine
from tests.integration.conftest import _postgres_platform
from tests.support.factories import achievement_row, make_org, make_user

pytestmark = pytest.mark.postgres
SLOW = "tests.support.embedders:SlowHashingEmbedder"


def test_two_workers_refreshing_one_listing_embed_it_once(postgres_url: str, tmp_path: Path) -> None:
    _postgres_platform(postgres_url, tmp_path / "setup").close()  # an empty database
    workers = [bootstrap(Settings(database_url=postgres_url, data_dir=tmp_path / f"w{i}", embedder=SLOW))
               for i in range(2)]
    first = workers[0]
    supplier = make_user(first, org_id=make_org(first))
    admin = make_user(first, role="admin", org_id=make_org(first, org_type="政府部门"))
    with first.uow() as uow:
        listing_id = registry.create_listing(uow, None, kind="achievement", actor=supplier, raw=achievement_row(),
                                             submit=True)
        registry.change_status(uow, None, kind="achievement", actor=admin, listing_id=listing_id, target="published")
    for w in workers:
        w.matching.ensure_loaded()
    start = threading.Barrier(2)

    def refresh(worker_index: int) -> None:
        start.wait()
        workers[worker_index].matching.refresh("achievement", listing_id, embed=True)

    threads = [threading.Thread(target=refresh, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with first.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM listing_embeddings WHERE listing_id = :i"),
                            {"i": listing_id}).scalar_one()
    calls = [w.embedder.calls for w in workers]
    assert rows == 1
    assert sorted(calls) == [0, 1], calls  # one worker embedded, the other found its vector
    with first.uow() as uow:
        item = to_engine(registry.kind_of("achievement").repo(uow).get(listing_id))
    assert all(w.matching.engine.has_vectors(item) for w in workers)  # both serve it with its vector
    for w in workers:
        w.close()
