"""Simultaneous bookings of one pilot slot: exactly one wins, on SQLite and PostgreSQL (real threads).

The facility's row lock (storage.locking, shared with instrument bookings) serialises them in the database.
"""

from collections import Counter

from techbridge.pilot import service as pilot
from techbridge.pilot.repository import SlotRepository
from tests.integration.instruments.test_concurrency import race
from tests.integration.pilot.conftest import accepted_request, start


def test_two_simultaneous_bookings_of_one_slot_exactly_one_wins(platform, base):
    requests = [accepted_request(platform, base, base.c.seeker) for _ in range(2)]
    outcomes = race([lambda r=r: pilot.book(platform.uow(), actor=base.c.seeker, request_id=r,
                                            raw={"start": start(40)}) for r in requests])
    assert Counter(kind for kind, _ in outcomes) == {"ok": 1, "conflict": 1}, outcomes
    with platform.uow() as uow:
        held = uow.repo(SlotRepository).holding(base.facility_id, *_window())
        assert len(held) == 1


def test_many_overlapping_bookings_never_double_book_a_day(platform, base):
    requests = [accepted_request(platform, base, base.c.seeker, days=4) for _ in range(5)]
    offsets = [40, 42, 44, 41, 46]
    outcomes = race([lambda r=r, o=o: pilot.book(platform.uow(), actor=base.c.seeker, request_id=r,
                                                 raw={"start": start(o)}) for r, o in zip(requests, offsets, strict=True)])
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    with platform.uow() as uow:
        held = sorted(uow.repo(SlotRepository).holding(base.facility_id, *_window()), key=lambda b: b.start_date)
    assert held
    for a, b in zip(held, held[1:], strict=False):
        assert a.end_date <= b.start_date


def _window():
    from datetime import date
    return date(2000, 1, 1), date(2100, 1, 1)
