"""Rules of shared instruments: slots, fees, the booking lifecycle, input parsing."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from techbridge.instruments.model import (
    Booking,
    Instrument,
    check_cancel,
    check_decision,
    check_slot,
    check_usage,
    estimate_fee,
    overlaps,
)
from techbridge.instruments.validation import (
    parse_datetime_local,
    parse_specs,
    parse_weekdays,
    parse_yuan,
    validate_booking_input,
    validate_instrument_input,
)
from techbridge.kernel.errors import InvalidTransition, PermissionDenied, ValidationError, ValidationErrors

NOW = datetime(2026, 11, 23, 8, 0)  # a Monday, Beijing time


def instrument(**overrides):
    values = {"name": "电液伺服疲劳试验机", "category": "力学性能测试", "organization_id": 1, "region_code": "110108",
              "capabilities": "焊接接头疲劳", "fee": Decimal("350.00")}
    values.update(overrides)
    return Instrument(**values)


def booking(start=NOW + timedelta(hours=25), hours=3, **overrides):
    values = {"instrument_id": 1, "requester_id": 2, "start_at": start, "end_at": start + timedelta(hours=hours),
              "purpose": "疲劳测试", "id": 7}
    values.update(overrides)
    return Booking(**values)


def test_a_slot_within_opening_hours_is_accepted_and_measured_in_hours():
    assert check_slot(instrument(), datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 12), now_local=NOW) == 3


@pytest.mark.parametrize(("start", "end", "code"), [
    (datetime(2026, 11, 24, 9, 30), datetime(2026, 11, 24, 12), "slot_not_whole_hours"),
    (datetime(2026, 11, 24, 12), datetime(2026, 11, 24, 9), "slot_order"),
    (datetime(2026, 11, 20, 9), datetime(2026, 11, 20, 12), "slot_in_past"),
    (datetime(2027, 6, 1, 9), datetime(2027, 6, 1, 12), "slot_too_far"),
    (datetime(2026, 11, 24, 8), datetime(2026, 11, 24, 17), "slot_too_long"),
    (datetime(2026, 11, 24, 15), datetime(2026, 11, 24, 18), "slot_closed"),
    (datetime(2026, 11, 28, 9), datetime(2026, 11, 28, 11), "slot_closed"),
])
def test_slots_that_break_a_rule_are_refused_with_their_reason(start, end, code):
    with pytest.raises(ValidationError) as err:
        check_slot(instrument(max_booking_hours=8), start, end, now_local=NOW)
    assert err.value.code == code


def test_the_closed_hour_is_named_with_the_opening_hours():
    with pytest.raises(ValidationError) as err:
        check_slot(instrument(), datetime(2026, 11, 24, 16), datetime(2026, 11, 24, 18), now_local=NOW)
    assert "17:00 不在开放时间内" in err.value.message and "周一至周五 09:00–17:00" in err.value.message


def test_an_instrument_under_maintenance_takes_no_bookings():
    with pytest.raises(ValidationError) as err:
        check_slot(instrument(status="maintenance"), datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 10),
                   now_local=NOW)
    assert "维护中" in err.value.message


def test_an_instrument_open_around_the_clock_takes_overnight_bookings():
    always = instrument(open_weekdays=list(range(7)), open_from=0, open_until=24, max_booking_hours=72)
    assert check_slot(always, datetime(2026, 11, 28, 20), datetime(2026, 11, 30, 8), now_local=NOW) == 36


def test_slots_are_half_open_so_back_to_back_bookings_do_not_clash():
    nine, noon, two = datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 12), datetime(2026, 1, 1, 14)
    assert not overlaps(nine, noon, noon, two)
    assert overlaps(nine, noon, datetime(2026, 1, 1, 11), two)
    assert overlaps(nine, two, datetime(2026, 1, 1, 10), noon)


def test_the_fee_is_estimated_per_hour_sample_or_day_in_yuan():
    start = datetime(2026, 11, 24, 20)
    assert estimate_fee(instrument(), start, 3, 0) == Decimal("1050.00")
    assert estimate_fee(instrument(fee=Decimal("300.00"), fee_unit="样"), start, 3, 4) == Decimal("1200.00")
    assert estimate_fee(instrument(fee=Decimal("2000.00"), fee_unit="天"), start, 6, 0) == Decimal("4000.00")


def test_a_rejection_needs_a_reason_and_only_pending_requests_are_decided():
    with pytest.raises(ValidationError):
        check_decision(booking(), approve=False, note="", now=NOW)
    assert check_decision(booking(), approve=True, note="", now=NOW).value == "approved"
    with pytest.raises(InvalidTransition):
        check_decision(booking(status="approved"), approve=True, note="", now=NOW)


def test_a_request_whose_slot_has_passed_cannot_be_approved():
    with pytest.raises(InvalidTransition):
        check_decision(booking(start=NOW - timedelta(hours=5)), approve=True, note="", now=NOW)


def test_the_requester_cancels_only_before_the_slot_starts():
    check_cancel(booking(), by_owner=False, by_requester=True, reason="", now=NOW)
    with pytest.raises(InvalidTransition):
        check_cancel(booking(start=NOW - timedelta(hours=1)), by_owner=False, by_requester=True, reason="", now=NOW)


def test_the_owner_cancels_with_a_reason_and_strangers_not_at_all():
    with pytest.raises(ValidationError):
        check_cancel(booking(), by_owner=True, by_requester=False, reason="", now=NOW)
    check_cancel(booking(), by_owner=True, by_requester=False, reason="设备故障", now=NOW)
    with pytest.raises(PermissionDenied):
        check_cancel(booking(), by_owner=False, by_requester=False, reason="x", now=NOW)


def test_usage_is_recorded_for_an_approved_booking_that_has_started():
    started = booking(start=NOW - timedelta(hours=1), status="approved", use_voucher=True)
    check_usage(started, hours_used=Decimal("3"), samples=2, fee_charged=Decimal("1050"), voucher_amount=Decimal("500"),
                voucher_eligible=True, now=NOW)
    with pytest.raises(InvalidTransition):
        check_usage(booking(status="approved"), hours_used=Decimal("1"), samples=0, fee_charged=Decimal("0"),
                    voucher_amount=Decimal("0"), voucher_eligible=True, now=NOW)


@pytest.mark.parametrize(("hours", "fee", "voucher", "eligible", "field"), [
    ("4", "100", "0", True, "hours_used"),
    ("2", "100", "200", True, "voucher_amount"),
    ("2", "100", "50", False, "voucher_amount"),
])
def test_usage_that_does_not_add_up_is_refused(hours, fee, voucher, eligible, field):
    started = booking(start=NOW - timedelta(hours=1), status="approved", use_voucher=True)
    with pytest.raises(ValidationError) as err:
        check_usage(started, hours_used=Decimal(hours), samples=0, fee_charged=Decimal(fee),
                    voucher_amount=Decimal(voucher), voucher_eligible=eligible, now=NOW)
    assert err.value.field == field


def test_slot_labels_read_naturally_in_beijing_time():
    utc = datetime(2026, 12, 1, 1)  # 09:00 Beijing
    assert booking(start=utc, hours=3).slot_label() == "2026-12-01 09:00–12:00"
    assert booking(start=datetime(2026, 12, 1, 12), hours=4).slot_label() == "2026-12-01 20:00–24:00"


@pytest.mark.parametrize(("text", "days"), [
    ("周一至周五", [0, 1, 2, 3, 4]), ("每天", list(range(7))), ("周一、周三、周五", [0, 2, 4]),
    ("1-5", [0, 1, 2, 3, 4]), ("星期六至星期日", [5, 6]), ([0, 6], [0, 6]),
])
def test_opening_days_are_read_in_the_ways_people_write_them(text, days):
    assert parse_weekdays(text) == days


def test_specs_are_name_value_pairs_and_a_line_without_a_value_is_refused():
    assert parse_specs("分辨率：0.6 nm\n最大载荷: 100 kN") == [["分辨率", "0.6 nm"], ["最大载荷", "100 kN"]]
    with pytest.raises(ValidationError):
        parse_specs("分辨率很高")


def test_fees_are_decimal_yuan_and_an_excel_number_is_read_exactly():
    assert parse_yuan("1,200.5元/小时") == Decimal("1200.50")
    assert parse_yuan(12.5) == Decimal("12.50")
    with pytest.raises(ValidationError, match="两位小数"):
        parse_yuan(12.555)
    with pytest.raises(ValidationError):
        parse_yuan("-3")


def test_a_booking_request_reports_every_problem_at_once():
    with pytest.raises(ValidationErrors) as err:
        validate_booking_input({"start": "明天上午", "end": "", "purpose": "测", "samples": "-1"})
    assert {e.field for e in err.value.errors} == {"start", "end", "purpose", "samples"}


def test_a_datetime_local_field_and_24_00_are_understood():
    assert parse_datetime_local("2026-12-01T09:00", field="start") == datetime(2026, 12, 1, 9)
    assert parse_datetime_local("2026-12-01 24:00", field="end") == datetime(2026, 12, 2)


def test_an_instrument_record_is_validated_whole():
    row = {"name": "场发射扫描电子显微镜", "category": "电子显微镜", "region": "海淀", "capabilities": "断口形貌与能谱元素分析",
           "fee": "600", "fee_unit": "元/小时", "voucher_eligible": "是", "open_weekdays": "周一至周五",
           "open_from": "9", "open_until": "17", "specs": "分辨率：0.6 nm"}
    data = validate_instrument_input(row)
    assert (data.fee, data.fee_unit, data.voucher_eligible, data.region_code) == (Decimal("600.00"), "小时", True, "110108")
    with pytest.raises(ValidationErrors) as err:
        validate_instrument_input({**row, "category": "望远镜", "open_from": "18", "fee": "abc"})
    assert {e.field for e in err.value.errors} == {"category", "fee", "open_until"}
