"""Instrument pages and API over HTTP (the real app), on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from techbridge.instruments.repository import BookingRepository
from techbridge.web.app import create_app
from tests.integration.instruments.conftest import slot


@pytest.fixture
def client(platform):
    return TestClient(create_app(platform=platform), base_url="http://testserver")


def login(client, user):
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
    return r.json()["csrf_token"]


def test_the_catalogue_and_an_instrument_page_render_with_the_calendar(client, lab):
    assert "电液伺服疲劳试验机" in client.get("/instruments").text
    page = client.get(f"/instruments/{lab.instrument_id}").text
    assert "可预约时段" in page and "周一至周五 09:00–17:00" in page and "登录后预约" in page


def test_booking_through_the_page_then_an_overlap_is_refused_with_a_chinese_message(client, platform, lab):
    token = login(client, lab.seeker)
    r = client.post(f"/instruments/{lab.instrument_id}/book", data={**slot(9, 12), "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/bookings/")
    other = TestClient(client.app, base_url="http://testserver")
    token = login(other, lab.other)
    r = other.post(f"/instruments/{lab.instrument_id}/book", data={**slot(10, 11), "csrf_token": token})
    assert r.status_code == 409 and "该时段已被占用" in r.text and "09:00–12:00" in r.text
    with platform.uow() as uow:
        assert uow.repo(BookingRepository).count() == 1


def test_a_booking_without_the_csrf_token_is_refused(client, platform, lab):
    login(client, lab.seeker)
    r = client.post(f"/instruments/{lab.instrument_id}/book", data=slot(9, 12))
    assert r.status_code == 403
    with platform.uow() as uow:
        assert uow.repo(BookingRepository).count() == 0


def test_the_owner_approves_on_the_booking_page(client, platform, lab):
    token = login(client, lab.seeker)
    location = client.post(f"/instruments/{lab.instrument_id}/book", data={**slot(9, 12), "csrf_token": token},
                           follow_redirects=False).headers["location"]
    owner = TestClient(client.app, base_url="http://testserver")
    token = login(owner, lab.owner)
    assert "批准预约" in owner.get(location).text
    r = owner.post(f"{location}/approve", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert "已批准" in client.get(location).text


def test_the_api_answers_409_slot_taken_and_422_with_fields(client, lab):
    token = login(client, lab.seeker)
    headers = {"X-CSRF-Token": token}
    url = f"/api/v1/instruments/{lab.instrument_id}/bookings"
    assert client.post(url, json=slot(9, 12), headers=headers).status_code == 201
    taken = client.post(url, json=slot(11, 13), headers=headers)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "slot_taken"
    bad = client.post(url, json={"start": "明天", "end": "", "purpose": "x"}, headers=headers)
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {"start", "end", "purpose"}
    calendar = client.get(f"/api/v1/instruments/{lab.instrument_id}/calendar", params={"week": slot(9, 12)["start"][:10]})
    assert {s["state"] for s in calendar.json()["slots"]} >= {"mine", "free", "closed"}
