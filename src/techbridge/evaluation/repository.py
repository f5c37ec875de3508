"""Repositories of evaluation: the only code that reads and writes evaluations, consents and valuations."""

from __future__ import annotations

from collections.abc import Sequence

from techbridge.evaluation import tables
from techbridge.evaluation.model import Evaluation, EvaluationShare, Valuation
from techbridge.storage.repository import SqlRepository


class EvaluationRepository(SqlRepository[Evaluation]):
    model = Evaluation
    table = tables.evaluations

    def of_achievement(self, achievement_id: int) -> Sequence[Evaluation]:
        c = self.table.c
        return self.list(c.achievement_id == achievement_id, order_by=c.id.desc())

    def waiting(self) -> Sequence[Evaluation]:
        c = self.table.c
        return self.list(c.status == "requested", order_by=c.id)


class ShareRepository(SqlRepository[EvaluationShare]):
    model = EvaluationShare
    table = tables.evaluation_shares

    def of_evaluation(self, evaluation_id: int) -> Sequence[EvaluationShare]:
        return self.list(self.table.c.evaluation_id == evaluation_id, order_by=self.table.c.id)

    def with_party(self, evaluation_ids: Sequence[int], party_org_id: int) -> Sequence[EvaluationShare]:
        c = self.table.c
        if not evaluation_ids:
            return []
        return self.list(c.evaluation_id.in_(list(evaluation_ids)), c.party_org_id == party_org_id, order_by=c.id)


class ValuationRepository(SqlRepository[Valuation]):
    model = Valuation
    table = tables.valuations

    def of_achievement(self, achievement_id: int) -> Sequence[Valuation]:
        c = self.table.c
        return self.list(c.achievement_id == achievement_id, order_by=c.id.desc())
