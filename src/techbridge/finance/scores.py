"""Scores computed from what a firm enters: 科技型中小企业评价 (sme_rules) and the 创新积分 estimate (innovation_rules),
each kept on a financing need of the firm's when asked (products with a threshold are matched against it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from techbridge.accounts.model import User
from techbridge.finance.innovation_rules import InnovationScore, estimate
from techbridge.finance.repository import NeedRepository
from techbridge.finance.service import owns
from techbridge.finance.sme_rules import SmeScore, evaluate
from techbridge.finance.validation import validate_facts, validate_innovation_facts
from techbridge.kernel.clock import utcnow
from techbridge.kernel.errors import PermissionDenied
from techbridge.storage.uow import UnitOfWork


def sme_score(uow: UnitOfWork, *, raw: Mapping[str, Any], actor: User | None = None, need_id: int | None = None) -> SmeScore:
    """科技型中小企业评价 from the firm's figures; with a need of the actor's organisation, the score is kept on it."""
    score = evaluate(validate_facts(raw))
    if need_id is not None and actor is not None:
        with uow:
            need = uow.repo(NeedRepository).get(need_id)
            if need is None or not owns(actor, need):
                raise PermissionDenied("只能把测算结果保存到本单位的融资需求")
            need.sme_score = score.total
            need.updated_at = utcnow()
            uow.commit()
    return score


def innovation_score(uow: UnitOfWork, *, raw: Mapping[str, Any], actor: User | None = None,
                     need_id: int | None = None) -> InnovationScore:
    """创新积分 estimate from the firm's figures; with a need of the actor's organisation, it is kept on it (products
    with an innovation-credit threshold are matched against it)."""
    result = estimate(validate_innovation_facts(raw))
    if need_id is not None and actor is not None:
        with uow:
            need = uow.repo(NeedRepository).get(need_id)
            if need is None or not owns(actor, need):
                raise PermissionDenied("只能把测算结果保存到本单位的融资需求")
            need.innovation_points = result.total
            need.updated_at = utcnow()
            uow.commit()
    return result
