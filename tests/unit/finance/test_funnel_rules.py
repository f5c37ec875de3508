"""The finance funnel's transitions: one step forward, who confirms what, 终止 with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techbridge.finance.funnel_rules import (
    FLOW,
    FinanceStage,
    Role,
    check_advance,
    check_terminate,
    conversion,
)
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError


def test_the_flow_moves_one_stage_at_a_time() -> None:
    stage = FinanceStage.RECOMMENDED.value
    for target, role in ((FinanceStage.MEETING, Role.FIRM), (FinanceStage.DILIGENCE, Role.INVESTOR),
                         (FinanceStage.TERM_SHEET, Role.INVESTOR)):
        stage = check_advance(stage, target.value, role=role).to.value
    step = check_advance(stage, FinanceStage.CLOSED.value, role=Role.STEWARD, amount=Decimal("1500"))
    assert step.to == FinanceStage.CLOSED
    assert [s.label for s in FLOW] == ["推荐", "约见", "尽调", "投资意向书", "交割"]


def test_no_skipping_and_no_moving_after_the_end() -> None:
    with pytest.raises(InvalidTransition, match="下一步是“约见”"):
        check_advance(FinanceStage.RECOMMENDED.value, FinanceStage.DILIGENCE.value, role=Role.INVESTOR)
    with pytest.raises(InvalidTransition, match="已交割"):
        check_advance(FinanceStage.CLOSED.value, FinanceStage.CLOSED.value, role=Role.INVESTOR, amount=Decimal(1))
    with pytest.raises(InvalidTransition, match="终止"):
        check_advance(FinanceStage.MEETING.value, FinanceStage.TERMINATED.value, role=Role.INVESTOR)


def test_the_investor_confirms_term_sheet_and_closing_with_an_amount() -> None:
    with pytest.raises(PermissionDenied, match="由投资方确认"):
        check_advance(FinanceStage.DILIGENCE.value, FinanceStage.TERM_SHEET.value, role=Role.FIRM)
    with pytest.raises(ValidationError, match="实际到位金额"):
        check_advance(FinanceStage.TERM_SHEET.value, FinanceStage.CLOSED.value, role=Role.INVESTOR)
    with pytest.raises(PermissionDenied):
        check_advance(FinanceStage.RECOMMENDED.value, FinanceStage.MEETING.value, role=Role.OTHER)


def test_termination_needs_a_reason_and_an_open_entry() -> None:
    step = check_terminate(FinanceStage.DILIGENCE.value, role=Role.INVESTOR, reason="估值分歧", note="")
    assert step.to == FinanceStage.TERMINATED and step.reason == "估值分歧"
    with pytest.raises(ValidationError, match="请选择终止原因"):
        check_terminate(FinanceStage.MEETING.value, role=Role.FIRM, reason="", note="")
    with pytest.raises(ValidationError, match="写明原因"):
        check_terminate(FinanceStage.MEETING.value, role=Role.FIRM, reason="其他", note=" ")
    with pytest.raises(InvalidTransition):
        check_terminate(FinanceStage.CLOSED.value, role=Role.STEWARD, reason="估值分歧", note="")


def test_conversion_per_stage() -> None:
    rows = conversion({"fin_recommended": 10, "fin_meeting": 6, "fin_diligence": 3, "fin_term_sheet": 1})
    assert rows[0] == ("推荐", 10, None)
    assert rows[1] == ("约见", 6, 0.6)
    assert rows[4] == ("交割", 0, 0.0)
