"""Simultaneous bids resolve to exactly one order, on SQLite and PostgreSQL.

Real threads, each with its own connection and transaction, released together by a barrier, against
the real service; the listing's row lock in the database orders them, never a lock in Python.
"""

import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from techbridge.kernel.errors import ValidationError
from techbridge.trading import service as trading
from tests.integration.trading.conftest import OPEN
from tests.support.factories import credit_code, make_org, make_user

N = 6


def race(actions):
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(i, action):
        barrier.wait()
        try:
            outcomes[i] = ("ok", action())
        except ValidationError as err:
            outcomes[i] = ("refused", err.code)
        except Exception as err:  # noqa: BLE001 - any other failure must show up in the assertion
            outcomes[i] = ("error", repr(err))

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def buyers(platform, n):
    return [make_user(platform, role="seeker", org_id=make_org(platform, name=f"并发竞买企业{i}", org_type="企业",
                                                                code=credit_code("91", "130203"), region="唐山"))
            for i in range(n)]


def test_the_same_bid_at_the_same_instant_is_accepted_once(platform, market):
    people = buyers(platform, N)
    at = OPEN + timedelta(minutes=1)
    outcomes = race([lambda u=u: trading.place_bid(platform.uow(), actor=u, listing_id=market.listing_id,
                                                   raw={"amount": "300"}, now=at) for u in people])
    assert Counter(kind for kind, _ in outcomes) == {"ok": 1, "refused": N - 1}, outcomes
    assert {code for kind, code in outcomes if kind == "refused"} == {"below_increment"}
    assert [(b.seq, b.amount) for b in trading.bids_of(platform.uow(), market.listing_id)] == [(1, Decimal("300.00"))]


def test_different_simultaneous_bids_form_one_consistent_rising_order(platform, market):
    people = buyers(platform, N)
    at = OPEN + timedelta(minutes=1)
    amounts = [str(300 + 10 * i) for i in range(N)]
    outcomes = race([lambda u=u, a=a: trading.place_bid(platform.uow(), actor=u, listing_id=market.listing_id,
                                                        raw={"amount": a}, now=at)
                     for u, a in zip(people, amounts, strict=True)])
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    stored = trading.bids_of(platform.uow(), market.listing_id)
    accepted = [detail for kind, detail in outcomes if kind == "ok"]
    assert len(stored) == len(accepted) >= 1
    assert [b.seq for b in stored] == list(range(1, len(stored) + 1))
    # every accepted bid beat the one before it by at least the increment: one order, no lost update
    assert all(b.amount - a.amount >= Decimal(10) for a, b in zip(stored, stored[1:], strict=False))
