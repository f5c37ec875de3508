"""Repositories of roadshows: the only code that queries this feature's tables."""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.roadshows import tables
from techbridge.roadshows.model import Interest, Invitation, JuryScore, Registration, Roadshow, Slot
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

    def invitations(self, roadshow_id: int) -> Sequence[Invitation]:
        c = tables.roadshow_invitations.c
        return self.session.query(Invitation).filter(c.roadshow_id == roadshow_id).order_by(c.id).all()

    def interests_of_show(self, roadshow_id: int) -> Sequence[Interest]:
        slots = [s.id for s in self.slots(roadshow_id) if s.id is not None]
        return self.interests(slots)

    def interests_with_deals(self) -> Sequence[tuple[Interest, int]]:
        """Every interest that opened a deal or an engagement, with its roadshow id (for the idle reminder)."""
        c, s = tables.roadshow_interests.c, tables.roadshow_slots.c
        rows = self.session.query(Interest, s.roadshow_id).join(tables.roadshow_slots, s.id == c.slot_id)
        return [(i, r) for i, r in rows.filter((c.deal_id.is_not(None)) | (c.engagement_id.is_not(None))).all()]

    def add_any(self, obj: object) -> None:
        self.session.add(obj)
