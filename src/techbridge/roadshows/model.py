"""Roadshows (路演), their slots, registrations, jury scores and the interest attendees tick."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(eq=False)
class Roadshow:
    title: str
    organiser_id: int  # the user who organises it (an admin or a broker)
    held_on: date
    venue: str  # "" when online only
    online: bool
    industry: str
    theme: str
    jury_ids: list[int] = field(default_factory=list)
    created_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class Slot:
    """One project on the programme: a published financing need, or a published achievement."""

    roadshow_id: int
    need_id: int | None
    position: int
    minutes: int
    achievement_id: int | None = None
    id: int | None = None


@dataclass(eq=False)
class Registration:
    roadshow_id: int
    user_id: int
    organization_id: int | None
    kind: str  # investor | enterprise
    tags: str = ""  # interest tags in the attendee's words
    created_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class JuryScore:
    slot_id: int
    juror_id: int
    scores: dict[str, int]
    total: Decimal  # 0–100, weighted
    created_at: datetime | None = None
    id: int | None = None


@dataclass(eq=False)
class Interest:
    slot_id: int
    user_id: int
    deal_id: int | None  # the finance funnel entry it opened, if the attendee's fund fits
    created_at: datetime | None = None
    engagement_id: int | None = None  # the 对接 it opened (an enterprise's demand × the slot's achievement)
    id: int | None = None


@dataclass(eq=False)
class Invitation:
    """An organisation invited because matching found it fits the roadshow's projects."""

    roadshow_id: int
    organization_id: int
    kind: str  # investor | enterprise
    reason: str  # why matching chose it, in words
    invited_by: int
    invited_at: datetime
    id: int | None = None
