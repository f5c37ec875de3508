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
    roadshow_id: int
    need_id: int  # a published financing need (finance)
    position: int
    minutes: int
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
    id: int | None = None
