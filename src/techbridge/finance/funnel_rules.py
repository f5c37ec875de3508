"""The finance funnel: 推荐 → 约见 → 尽调 → 投资意向书 → 交割, or 终止 with a reason. Pure rules.

One funnel entry is one fund × one financing need. Stages move forward one at a time; any stage
before 交割 may end in 终止 with a structured reason. Every move is an event on the pipeline's
append-only timeline (deals.openings.record_subject_event); nothing is edited in place. Stage
values carry the prefix "fin_" so that they never mix with the technology pipeline's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError

SUBJECT = "finance_deal"  # the subject kind of its timeline events


class FinanceStage(StrEnum):
    RECOMMENDED = "fin_recommended"
    MEETING = "fin_meeting"
    DILIGENCE = "fin_diligence"
    TERM_SHEET = "fin_term_sheet"
    CLOSED = "fin_closed"
    TERMINATED = "fin_terminated"

    @property
    def label(self) -> str:
        return {"fin_recommended": "推荐", "fin_meeting": "约见", "fin_diligence": "尽调", "fin_term_sheet": "投资意向书",
                "fin_closed": "交割", "fin_terminated": "终止"}[self.value]


FLOW = [FinanceStage.RECOMMENDED, FinanceStage.MEETING, FinanceStage.DILIGENCE, FinanceStage.TERM_SHEET,
        FinanceStage.CLOSED]


class FinanceReason(StrEnum):
    VALUATION = "估值分歧"
    STAGE = "阶段不符"
    TEAM = "团队或治理问题"
    TECH = "技术风险"
    MARKET = "市场空间不足"
    FUNDED = "已获其他融资"
    NO_RESPONSE = "无响应"
    OTHER = "其他"


class Role(StrEnum):
    INVESTOR = "investor"  # a member of the fund's organisation
    FIRM = "firm"  # a member of the need's organisation
    STEWARD = "steward"  # a broker or an admin
    OTHER = "other"


@dataclass(frozen=True)
class Step:
    to: FinanceStage
    reason: str | None = None
    note: str = ""


def next_stage(stage: str) -> FinanceStage | None:
    current = FinanceStage(stage)
    if current in (FinanceStage.CLOSED, FinanceStage.TERMINATED):
        return None
    return FLOW[FLOW.index(current) + 1]


def check_advance(stage: str, target: str, *, role: Role, amount: Decimal | None = None) -> Step:
    """A forward move by one stage; 投资意向书 and 交割 are confirmed by the investor (or a steward)."""
    try:
        to = FinanceStage(target)
    except ValueError:
        raise ValidationError("未知的阶段", field="to", code="unknown_stage") from None
    current = FinanceStage(stage)
    if role == Role.OTHER:
        raise PermissionDenied("只有投资方、融资方、技术经理人或管理方可以推进")
    if to == FinanceStage.TERMINATED:
        raise InvalidTransition("终止请使用“终止”操作并选择原因")
    allowed = next_stage(stage)
    if allowed is None:
        raise InvalidTransition(f"该融资对接已{current.label}，不能再推进")
    if to != allowed:
        raise InvalidTransition(f"不能从“{current.label}”直接进入“{to.label}”：下一步是“{allowed.label}”")
    if to in (FinanceStage.TERM_SHEET, FinanceStage.CLOSED) and role == Role.FIRM:
        raise PermissionDenied(f"“{to.label}”由投资方确认")
    if to == FinanceStage.CLOSED and (amount is None or amount <= 0):
        raise ValidationError("交割时请填写实际到位金额（万元）", field="amount", code="amount_required")
    return Step(to)


def check_terminate(stage: str, *, role: Role, reason: str, note: str) -> Step:
    current = FinanceStage(stage)
    if current in (FinanceStage.CLOSED, FinanceStage.TERMINATED):
        raise InvalidTransition(f"该融资对接已{current.label}，不能终止")
    if role == Role.OTHER:
        raise PermissionDenied("只有投资方、融资方、技术经理人或管理方可以终止")
    try:
        why = FinanceReason(reason)
    except ValueError:
        raise ValidationError("请选择终止原因", field="reason", code="reason_required") from None
    if why == FinanceReason.OTHER and not note.strip():
        raise ValidationError("选择“其他”时请写明原因", field="note", code="note_required")
    return Step(FinanceStage.TERMINATED, why.value, note.strip())


def conversion(reached: dict[str, int]) -> list[tuple[str, int, float | None]]:
    """(stage label, entries that reached it, share of the previous stage) along the flow."""
    out: list[tuple[str, int, float | None]] = []
    previous: int | None = None
    for stage in FLOW:
        n = reached.get(stage.value, 0)
        out.append((stage.label, n, None if not previous else round(n / previous, 3)))
        previous = n
    return out
