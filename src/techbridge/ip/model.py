"""Patent records kept on the platform (pure dataclasses): legal status, licences and pledges.

Everything here is entered or imported by people; the platform never fetches a status live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class LicenceKind(StrEnum):
    EXCLUSIVE = "独占许可"
    SOLE = "排他许可"
    ORDINARY = "普通许可"
    OPEN = "开放许可"

    @property
    def is_exclusive(self) -> bool:
        """独占 and 排他 licences keep everyone else out (专利法 第五十一条 forbids them during an open licence)."""
        return self in (LicenceKind.EXCLUSIVE, LicenceKind.SOLE)


@dataclass(eq=False)
class PatentRecord:
    """The legal status of one patent number of one achievement, as last checked by a named person."""

    achievement_id: int
    number: str  # the application number as validated on the achievement (202111212367.6)
    kind: str  # 发明 / 实用新型 / 外观设计
    status: str  # rules.LegalStatus value
    checked_on: date
    checked_by: str  # who checked it (a name), shown next to the status
    checked_by_user_id: int | None = None
    filed_on: date | None = None
    paid_through_year: int | None = None  # patent years whose annuity has been paid
    annuity_due: date | None = None  # the next annuity's deadline (entered, or derived from the two fields above)
    source: str = "手工录入"  # 手工录入 | 导入：<file name>
    note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class PatentLicence:
    record_id: int
    licensee: str
    kind: str  # LicenceKind value
    start_on: date | None = None
    until: date | None = None
    note: str = ""
    recorded_by: int | None = None
    created_at: datetime | None = None
    id: int | None = None

    @property
    def exclusive(self) -> bool:
        return LicenceKind(self.kind).is_exclusive


@dataclass(eq=False)
class PatentPledge:
    """A 专利权质押: the pledgee, the secured amount and the registration period."""

    record_id: int
    pledgee: str
    amount: Decimal | None = None  # 万元
    registered_on: date | None = None
    until: date | None = None
    released_on: date | None = None
    open_licence_consent: bool = False  # 质权人同意开放许可 (专利法实施细则 第八十六条)
    note: str = ""
    recorded_by: int | None = None
    created_at: datetime | None = None
    id: int | None = None

    def live(self, today: date) -> bool:
        return self.released_on is None or self.released_on > today
