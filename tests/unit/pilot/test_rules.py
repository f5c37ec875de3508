"""Pure rules of pilot services: quotes, slots with lead time, the voucher cap, service records."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from techbridge.kernel.errors import InvalidTransition, ValidationError, ValidationErrors
from techbridge.pilot.model import (
    Facility,
    ServiceRequest,
    check_accept,
    check_quote,
    check_record,
    check_slot,
    voucher_share,
)
from techbridge.pilot.validation import validate_facility, validate_request


def request(status="requested", days=None):
    r = ServiceRequest(1, 1, 1, "验证", datetime(2026, 3, 1), status=status)
    r.quote_days = days
    return r


def facility(eligible=True, cap="20"):
    return Facility("x", "pilot", 1, "120116", "d", voucher_eligible=eligible,
                    voucher_cap=Decimal(cap) if cap else None)


def test_quote_needs_a_positive_amount_and_a_sensible_duration():
    with pytest.raises(ValidationError, match="大于0"):
        check_quote(request(), amount=Decimal("0"), days=5)
    with pytest.raises(ValidationError, match="服务周期"):
        check_quote(request(), amount=Decimal("5"), days=0)
    with pytest.raises(InvalidTransition):
        check_quote(request("booked"), amount=Decimal("5"), days=5)
    check_quote(request("quoted"), amount=Decimal("5"), days=5)  # a new quote replaces the old one


def test_only_a_quoted_request_can_be_accepted():
    with pytest.raises(InvalidTransition):
        check_accept(request("requested"))
    check_accept(request("quoted"))


def test_a_slot_respects_the_lead_time_and_runs_the_quoted_days():
    r = request("accepted", days=7)
    today = date(2026, 3, 1)
    with pytest.raises(ValidationError, match="最早可从2026-03-11"):
        check_slot(r, start=date(2026, 3, 10), lead_days=10, today=today)
    assert check_slot(r, start=date(2026, 3, 11), lead_days=10, today=today) == date(2026, 3, 18)
    with pytest.raises(InvalidTransition, match="接受报价后"):
        check_slot(request("quoted", days=7), start=date(2026, 4, 1), lead_days=0, today=today)


def test_the_voucher_pays_at_most_its_cap_and_only_where_eligible():
    assert voucher_share(facility(), Decimal("35"), use_voucher=True) == Decimal("20")
    assert voucher_share(facility(), Decimal("12.5"), use_voucher=True) == Decimal("12.5")
    assert voucher_share(facility(eligible=False), Decimal("12.5"), use_voucher=True) == Decimal("0.00")
    assert voucher_share(facility(), Decimal("12.5"), use_voucher=False) == Decimal("0.00")


def test_a_record_needs_results_evidence_and_a_trl_that_does_not_fall():
    r = request("booked")
    ok = {"targets": "致密度≥99.5%", "results": "99.7%", "evidence": "检测报告"}
    check_record(r, trl_before=4, trl_after=6, **ok)
    with pytest.raises(ValidationError, match="不能低于"):
        check_record(r, trl_before=6, trl_after=5, **ok)
    with pytest.raises(ValidationError, match="证明材料"):
        check_record(r, trl_before=4, trl_after=6, **dict(ok, evidence=" "))
    with pytest.raises(ValidationError, match="1至9级"):
        check_record(r, trl_before=4, trl_after=10, **ok)
    with pytest.raises(InvalidTransition):
        check_record(request("accepted"), trl_before=4, trl_after=6, **ok)


def test_facility_form_collects_every_error_in_chinese():
    with pytest.raises(ValidationErrors) as err:
        validate_facility({"name": "", "kind": "实验室", "region": "滨海新区", "description": "d",
                           "services": "工艺验证|十二|批|10", "capacity": "没有冒号"})
    codes = {e.code for e in err.value.errors}
    assert {"required", "kind", "capacity_format"} <= codes
    assert any(e.field == "services" for e in err.value.errors)


def test_facility_services_and_capacity_are_parsed_exactly():
    data = validate_facility({"name": "中试平台", "kind": "中试基地", "region": "滨海新区", "description": "面向深海装备",
                              "services": "工艺验证|12.5|批|10", "capacity": "激光功率：4×500 W",
                              "voucher_eligible": "是", "voucher_cap": "20"})
    assert data.services[0].price == Decimal("12.50") and data.services[0].lead_days == 10
    assert data.capacity == {"激光功率": "4×500 W"} and data.voucher_cap == Decimal("20.00")


def test_a_request_without_nda_is_refused():
    with pytest.raises(ValidationErrors) as err:
        validate_request({"service_id": "1", "purpose": "验证钛合金耐压壳体增材成形"})
    assert [e.code for e in err.value.errors] == ["nda_required"]
