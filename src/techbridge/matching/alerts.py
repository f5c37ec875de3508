"""Which strong matches an owner has already been told about, so each pair is announced once."""

from __future__ import annotations

from datetime import datetime

from techbridge.matching.repository import MatchAlertRepository
from techbridge.storage.uow import UnitOfWork


def announced(uow: UnitOfWork, kind: str, listing_id: int) -> set[int]:
    """Counterpart ids already announced to the owner of this listing."""
    return uow.repo(MatchAlertRepository).known(kind, listing_id)


def record_announcement(uow: UnitOfWork, kind: str, listing_id: int, counterpart_id: int, score: float,
                        at: datetime) -> None:
    uow.repo(MatchAlertRepository).add(kind, listing_id, counterpart_id, score, at)
