"""Schemas every JSON API shares: the error envelope and the page of results.

Each feature keeps its own Base / Create / Update / Public families in its `schemas.py`.
Money travels as a decimal string in 万元 ("350.00") so no amount passes through a float.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

T = TypeVar("T")
Money = Annotated[str, StringConstraints(max_length=24)]  # decimal string in 万元, e.g. "350.00"
IdRef = Annotated[int, Field(ge=1, le=2**31 - 1)]  # an id in a body: the database's INTEGER range
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _beijing(value: datetime) -> datetime:
    return value.replace(tzinfo=BEIJING) if value.tzinfo is None else value.astimezone(BEIJING)


# Moments are stored as naive UTC; the API states the offset (RFC 3339), so no client guesses.
AwareDatetime = Annotated[datetime, AfterValidator(_utc)]
# Booking slots are wall-clock times in Beijing; they travel with +08:00.
BeijingDatetime = Annotated[datetime, AfterValidator(_beijing)]


class RequestBody(BaseModel):
    """Every JSON body the API accepts: no string beyond 5,000 characters unless its field says less
    (the domain's own limits then apply: listings/model.py TEXT_LIMITS)."""

    model_config = ConfigDict(str_max_length=5000)


class ErrorField(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: list[ErrorField] = []


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    pages: int
