"""Repositories of IP records: the only code that reads and writes patent records, licences and pledges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from techbridge.ip import tables
from techbridge.ip.model import PatentLicence, PatentPledge, PatentRecord
from techbridge.storage.repository import SqlRepository


class PatentRecordRepository(SqlRepository[PatentRecord]):
    model = PatentRecord
    table = tables.patent_records

    def of_achievement(self, achievement_id: int) -> Sequence[PatentRecord]:
        c = self.table.c
        return self.list(c.achievement_id == achievement_id, order_by=c.number)

    def of_achievements(self, achievement_ids: Iterable[int]) -> Sequence[PatentRecord]:
        c = self.table.c
        return self.list(c.achievement_id.in_(list(achievement_ids)), order_by=c.number)

    def find(self, achievement_id: int, number: str) -> PatentRecord | None:
        c = self.table.c
        found = self.list(c.achievement_id == achievement_id, c.number == number, limit=1)
        return found[0] if found else None


class LicenceRepository(SqlRepository[PatentLicence]):
    model = PatentLicence
    table = tables.patent_licences

    def of_records(self, record_ids: Iterable[int]) -> Sequence[PatentLicence]:
        c = self.table.c
        return self.list(c.record_id.in_(list(record_ids)), order_by=c.id)


class PledgeRepository(SqlRepository[PatentPledge]):
    model = PatentPledge
    table = tables.patent_pledges

    def of_records(self, record_ids: Iterable[int]) -> Sequence[PatentPledge]:
        c = self.table.c
        return self.list(c.record_id.in_(list(record_ids)), order_by=c.id)
