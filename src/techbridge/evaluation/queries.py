"""What other features may read of evaluations: an achievement's evaluation as shared with one organisation.

Finance uses it when matching: a financier sees (and the ranking uses) an evaluation only when the achievement's
owner recorded a consent naming that financier's organisation (evaluation_shares.party_org_id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from techbridge.evaluation import rules
from techbridge.evaluation.repository import EvaluationRepository, ShareRepository
from techbridge.kernel.clock import beijing_today
from techbridge.storage.uow import UnitOfWork


@dataclass(frozen=True)
class SharedEvaluation:
    evaluation_id: int
    total: Decimal
    grade: str
    trl: int | None
    innovation: str
    advancement: str
    issued_on: date
    consented_on: date


def shared_with(uow: UnitOfWork, *, achievement_id: int, organization_id: int | None,
                today: date | None = None) -> SharedEvaluation | None:
    """The newest scored, unexpired evaluation of the achievement its owner shared with the organisation, or None."""
    if organization_id is None:
        return None
    today = today or beijing_today()
    with uow:
        scored = [e for e in uow.repo(EvaluationRepository).of_achievement(achievement_id)
                  if e.status == "scored" and e.issued_on and e.total is not None
                  and not rules.is_expired(e.issued_on, today) and e.id is not None]
        if not scored:
            return None
        shares = {s.evaluation_id: s for s in uow.repo(ShareRepository).with_party([e.id for e in scored if e.id],
                                                                                     organization_id)}
        for e in sorted(scored, key=lambda e: (e.issued_on, e.id), reverse=True):
            share = shares.get(e.id or 0)
            if share is not None and e.issued_on is not None and e.total is not None:
                return SharedEvaluation(e.id or 0, e.total, e.grade, e.trl, e.innovation, e.advancement, e.issued_on,
                                        share.consented_at.date())
    return None
