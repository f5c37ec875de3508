"""Repositories of roadshows: the only code that queries this feature's tables."""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.roadshows import tables
from techbridge.roadshows.model import Interest, JuryScore, Registration, Roadshow, Slot
from techbridge.storage.repository import SqlRepository


class RoadshowRepository(SqlRepository[Roadshow]):
    model = Roadshow
    table = tables.roadshows

    def slots(self, roadshow_id: int) -> Sequence[Slot]:
        c = tables.roadshow_slots.c
        return self.session.query(Slot).filter(c.roadshow_id == roadshow_id).order_by(c.position).all()

    def slot(self, slot_id: int) -> Slot | None:
        return self.session.get(Slot, slot_id)

    def registrations(self, roadshow_id: int) -> Sequence[Registration]:
        c = tables.roadshow_registrations.c
        return self.session.query(Registration).filter(c.roadshow_id == roadshow_id).order_by(c.id).all()

    def scores(self, slot_ids: Sequence[int]) -> Sequence[JuryScore]:
        c = tables.roadshow_scores.c
        return self.session.query(JuryScore).filter(c.slot_id.in_(list(slot_ids))).all() if slot_ids else []

    def interests(self, slot_ids: Sequence[int]) -> Sequence[Interest]:
        c = tables.roadshow_interests.c
        return self.session.query(Interest).filter(c.slot_id.in_(list(slot_ids))).all() if slot_ids else []

    def add_any(self, obj: object) -> None:
        self.session.add(obj)
