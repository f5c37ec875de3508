"""Use cases of the administrators' yearly targets and of the official statistics table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from techbridge.accounts.model import Role, User
from techbridge.insight.repository import StatisticRepository, TargetRepository
from techbridge.insight.statistics import OfficialStatistic, validate_statistic_input
from techbridge.insight.target_rules import Target, TargetKind, validate_target
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import PermissionDenied, ValidationError, ValidationErrors
from techbridge.storage.uow import UnitOfWork


def set_targets(uow: UnitOfWork, *, actor: User, year: object, values: Mapping[str, Any]) -> int:
    """Set the targets of one year (kinds left empty keep their current figure); returns the year."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("只有管理方可以设置年度目标")
    errors: list[ValidationError] = []
    chosen: list[tuple[int, TargetKind, int]] = []
    for kind in TargetKind:
        given = values.get(kind.value)
        raw = "" if given is None else str(given).strip()
        if not raw:
            continue
        try:
            chosen.append(validate_target(year, kind.value, raw))
        except ValidationError as err:
            errors.append(err)
    if not chosen and not errors:
        validate_target(year, TargetKind.BEIJING_ACHIEVEMENTS.value, "1")  # still report a bad year
    if errors:
        raise ValidationErrors(errors)
    with uow:
        now = utcnow()
        year_n = chosen[0][0] if chosen else int(str(year))
        existing = uow.repo(TargetRepository).for_year(year_n)
        for y, kind, value in chosen:
            target = existing.get(kind.value)
            if target is None:
                uow.repo(TargetRepository).add(Target(y, kind.value, value, updated_by=actor.id, updated_at=now))
            elif target.value != value:
                target.value, target.updated_by, target.updated_at = value, actor.id, now
        uow.commit()
    return year_n


def upsert_statistics(uow: UnitOfWork, records: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """Store official figures, updating those already stored (same indicator, regions and year).

    All or nothing: one invalid record rejects the batch. Returns (created, updated).
    """
    clean = [validate_statistic_input(r) for r in records]
    created = updated = 0
    with uow:
        for values in clean:
            found = uow.repo(StatisticRepository).find(values["indicator"], values["from_regions"], values["to_regions"],
                                        values["year"])
            if found is None:
                uow.repo(StatisticRepository).add(OfficialStatistic(**values, created_at=utcnow()))
                created += 1
            elif any(getattr(found, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(found, key, value)
                updated += 1
        uow.commit()
    return created, updated
