"""Booking shared instruments through the services, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest

from techbridge.instruments import bookings
from techbridge.instruments import service as instruments
from techbridge.instruments.repository import BookingRepository
from techbridge.kernel.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError
from techbridge.notifications.repository import NotificationRepository
from tests.integration.instruments.conftest import during, monday, slot


def book(platform, lab, user, row):
    return bookings.request_booking(platform.uow(), actor=user, instrument_id=lab.instrument_id, raw=row)


def status(platform, booking_id):
    with platform.uow() as uow:
        return uow.repo(BookingRepository).get(booking_id).status


def test_a_request_holds_its_slot_with_the_estimated_fee_in_yuan(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    view = bookings.view(platform.uow(), viewer=lab.seeker, booking_id=booking_id)
    assert view.booking.status == "requested" and view.booking.hours == 3
    assert view.booking.estimated_fee == Decimal("1050.00")
    assert view.booking.start_local == monday().replace(hour=9)


def test_the_owner_organisation_is_told_of_a_new_request(platform, lab):
    book(platform, lab, lab.seeker, slot(9, 12))
    with platform.uow() as uow:
        assert [n.title for n in uow.repo(NotificationRepository).inbox(lab.owner.id)] == ["新的仪器预约申请：电液伺服疲劳试验机"]
        assert len(uow.repo(NotificationRepository).inbox(lab.colleague.id)) == 1


def test_an_overlapping_request_is_refused_with_a_clear_message_and_nothing_is_stored(platform, lab):
    book(platform, lab, lab.seeker, slot(9, 12))
    with pytest.raises(Conflict) as err:
        book(platform, lab, lab.other, slot(11, 14))
    assert err.value.code == "slot_taken"
    assert "重叠" in err.value.message and "09:00–12:00" in err.value.message
    with platform.uow() as uow:
        assert uow.repo(BookingRepository).count() == 1


def test_back_to_back_slots_are_both_accepted(platform, lab):
    book(platform, lab, lab.seeker, slot(9, 12))
    book(platform, lab, lab.other, slot(12, 14))


def test_a_slot_outside_opening_hours_is_refused(platform, lab):
    with pytest.raises(ValidationError) as err:
        book(platform, lab, lab.seeker, slot(15, 18))
    assert err.value.code == "slot_closed"


def test_the_innovation_voucher_is_only_for_eligible_instruments(platform, lab):
    book(platform, lab, lab.seeker, slot(9, 10, use_voucher="1"))
    instruments.save_instrument(platform.uow(), actor=lab.owner, instrument_id=lab.instrument_id,
                                raw={**_record(platform, lab), "voucher_eligible": "否"})
    with pytest.raises(ValidationError) as err:
        book(platform, lab, lab.seeker, slot(13, 14, use_voucher="1"))
    assert err.value.code == "voucher_not_eligible"


def _record(platform, lab):
    from tests.integration.instruments.conftest import FATIGUE_TESTER

    return dict(FATIGUE_TESTER)


def test_only_the_owner_organisation_or_an_admin_approves(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    with pytest.raises(PermissionDenied):
        bookings.decide(platform.uow(), actor=lab.other, booking_id=booking_id, approve=True)
    bookings.decide(platform.uow(), actor=lab.colleague, booking_id=booking_id, approve=True)
    assert status(platform, booking_id) == "approved"
    with platform.uow() as uow:
        assert uow.repo(NotificationRepository).inbox(lab.seeker.id)[0].title.startswith("仪器预约已批准")


def test_a_rejection_needs_a_reason_and_frees_the_slot(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    with pytest.raises(ValidationError):
        bookings.decide(platform.uow(), actor=lab.owner, booking_id=booking_id, approve=False, note="")
    assert status(platform, booking_id) == "requested"
    bookings.decide(platform.uow(), actor=lab.owner, booking_id=booking_id, approve=False, note="当天设备校准")
    book(platform, lab, lab.other, slot(9, 12))


def test_cancelling_frees_the_slot_and_a_cancelled_booking_stays_cancelled(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    bookings.cancel(platform.uow(), actor=lab.seeker, booking_id=booking_id)
    assert status(platform, booking_id) == "cancelled"
    book(platform, lab, lab.other, slot(10, 11))
    with pytest.raises(InvalidTransition):
        bookings.cancel(platform.uow(), actor=lab.seeker, booking_id=booking_id)


def test_a_stranger_can_neither_see_nor_cancel_a_booking(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    with pytest.raises(NotFound):
        bookings.view(platform.uow(), viewer=lab.other, booking_id=booking_id)
    with pytest.raises(PermissionDenied):
        bookings.cancel(platform.uow(), actor=lab.other, booking_id=booking_id, reason="想用")


def test_completing_a_booking_records_its_usage_in_yuan(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12, use_voucher="1"))
    bookings.decide(platform.uow(), actor=lab.owner, booking_id=booking_id, approve=True)
    usage = {"hours_used": "2.5", "samples": "3", "fee_charged": "875.00", "voucher_amount": "400", "note": "试样断裂"}
    with pytest.raises(InvalidTransition):  # not started yet
        bookings.complete(platform.uow(), actor=lab.owner, booking_id=booking_id, raw=usage)
    bookings.complete(platform.uow(), actor=lab.owner, booking_id=booking_id, raw=usage, now=during(hour=11))
    view = bookings.view(platform.uow(), viewer=lab.seeker, booking_id=booking_id)
    assert view.booking.status == "completed"
    assert (view.usage.hours_used, view.usage.fee_charged, view.usage.voucher_amount) == (
        Decimal("2.50"), Decimal("875.00"), Decimal("400.00"))


def test_usage_that_does_not_add_up_is_refused_and_the_booking_stays_approved(platform, lab):
    booking_id = book(platform, lab, lab.seeker, slot(9, 12))
    bookings.decide(platform.uow(), actor=lab.owner, booking_id=booking_id, approve=True)
    with pytest.raises(ValidationError):
        bookings.complete(platform.uow(), actor=lab.owner, booking_id=booking_id, now=during(hour=11),
                          raw={"hours_used": "2", "fee_charged": "700", "voucher_amount": "100"})
    assert status(platform, booking_id) == "approved"


def test_the_calendar_shows_free_pending_booked_mine_and_closed_hours(platform, lab):
    pending = book(platform, lab, lab.seeker, slot(9, 10))
    approved = book(platform, lab, lab.other, slot(10, 11))
    bookings.decide(platform.uow(), actor=lab.owner, booking_id=approved, approve=True)
    cal = instruments.calendar(platform.uow(), instrument_id=lab.instrument_id, week_start=monday().date(),
                               viewer=lab.seeker)
    assert cal.hours == list(range(9, 17)) and len(cal.days) == 7
    monday_cells = [row[0] for row in cal.rows]
    assert [c.state for c in monday_cells[:3]] == ["mine", "approved", "free"]
    assert monday_cells[0].booking_id == pending and monday_cells[1].booking_id is None  # others' bookings stay private
    assert {row[5].state for row in cal.rows} == {"closed"}  # Saturday


def test_my_bookings_lists_what_i_asked_for_and_what_my_instruments_received(platform, lab):
    book(platform, lab, lab.seeker, slot(9, 10))
    asked, received = bookings.mine(platform.uow(), user=lab.seeker)
    assert len(asked) == 1 and received == []
    asked, received = bookings.mine(platform.uow(), user=lab.owner)
    assert asked == [] and [r.requester_name for r in received] == ["测试用户"]
