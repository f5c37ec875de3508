"""Simultaneous requests for one slot: exactly one wins, on SQLite and on PostgreSQL.

Real threads, each with its own connection and transaction, released together by a barrier,
against the real service (and, below, the real HTTP app). What serialises them is the
database — the instrument's row lock — never a lock in Python.
"""

import threading
from collections import Counter

from fastapi.testclient import TestClient

from techbridge.instruments import bookings
from techbridge.instruments.repository import BookingRepository
from techbridge.kernel.errors import Conflict
from techbridge.web.app import create_app
from tests.integration.instruments.conftest import slot
from tests.support.factories import credit_code, make_org, make_user

N = 8


def race(actions):
    """Run the callables at the same moment, one thread each; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(i, action):
        barrier.wait()
        try:
            outcomes[i] = ("ok", action())
        except Conflict as err:
            outcomes[i] = ("conflict", err.code)
        except Exception as err:  # noqa: BLE001 - any other failure must show up in the assertion
            outcomes[i] = ("error", repr(err))

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def people(platform, n):
    org = make_org(platform, name="并发测试企业", org_type="企业", code=credit_code("91", "130203"), region="唐山")
    return [make_user(platform, role="seeker", org_id=org) for _ in range(n)]


def holding(platform, lab):
    with platform.uow() as uow:
        return list(uow.repo(BookingRepository).list(uow.repo(BookingRepository).table.c.status == "requested"))


def test_exactly_one_of_many_simultaneous_requests_for_one_slot_wins(platform, lab):
    users = people(platform, N)
    outcomes = race([lambda u=u: bookings.request_booking(platform.uow(), actor=u, instrument_id=lab.instrument_id,
                                                         raw=slot(9, 12)) for u in users])
    assert Counter(kind for kind, _ in outcomes) == {"ok": 1, "conflict": N - 1}, outcomes
    assert {detail for kind, detail in outcomes if kind == "conflict"} == {"slot_taken"}
    stored = holding(platform, lab)
    assert len(stored) == 1 and stored[0].id == next(detail for kind, detail in outcomes if kind == "ok")


def test_simultaneous_overlapping_requests_never_double_book_an_hour(platform, lab):
    users = people(platform, 6)
    windows = [(9, 11), (10, 12), (11, 13), (9, 13), (12, 14), (13, 15)]
    outcomes = race([lambda u=u, w=w: bookings.request_booking(
        platform.uow(), actor=u, instrument_id=lab.instrument_id, raw=slot(*w)) for u, w in zip(users, windows, strict=True)])
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    stored = sorted(holding(platform, lab), key=lambda b: b.start_at)
    assert stored, "at least one request must win"
    for first, second in zip(stored, stored[1:], strict=False):
        assert first.end_at <= second.start_at, "two held bookings overlap"


def test_exactly_one_of_many_simultaneous_http_requests_wins(platform, lab):
    users = people(platform, N)
    app = create_app(platform=platform)
    clients = []
    for user in users:
        client = TestClient(app, base_url="http://testserver")
        r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
        clients.append((client, r.json()["csrf_token"]))

    def post(client, token):
        response = client.post(f"/api/v1/instruments/{lab.instrument_id}/bookings", json=slot(14, 16),
                               headers={"X-CSRF-Token": token})
        return response.status_code, response.json()

    outcomes = race([lambda c=c, t=t: post(c, t) for c, t in clients])
    statuses = Counter(detail[0] for _, detail in outcomes)
    assert statuses == {201: 1, 409: N - 1}, outcomes
    refused = [detail[1] for _, detail in outcomes if detail[0] == 409]
    assert {r["error"]["code"] for r in refused} == {"slot_taken"}
    assert "该时段已被占用" in refused[0]["error"]["message"]
    assert len(holding(platform, lab)) == 1
