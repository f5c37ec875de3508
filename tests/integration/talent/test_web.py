"""Talent pages and API over HTTP (the real app), on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from techbridge.talent import service as talent
from techbridge.talent.repository import ExpertRepository
from techbridge.web.app import create_app
from tests.integration.talent.conftest import broker_form
from tests.support.factories import make_user


@pytest.fixture
def client(platform):
    return TestClient(create_app(platform=platform), base_url="http://testserver")


@pytest.fixture
def expert_id(platform):
    return talent.save_profile(platform.uow(), actor=make_user(platform, role="broker"), raw=broker_form())


def login(client, user):
    return client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).json()["csrf_token"]


def test_the_list_and_a_profile_show_the_credential_as_recognised_in_all_three_regions(client, expert_id):
    assert "王立新" in client.get("/talent").text
    page = client.get(f"/talent/{expert_id}").text
    assert "京津冀互认" in page and "在北京、天津、河北三地均被认可" in page
    assert "wanglx@example.com" not in page and "登录后查看" in page


def test_a_member_sees_the_public_contact_after_giving_a_reason(client, platform, expert_id):
    token = login(client, make_user(platform))
    short = client.post(f"/talent/{expert_id}/contact", data={"reason": "看看", "csrf_token": token})
    assert short.status_code == 422 and "至少6个字" in short.text and "wanglx@example.com" not in short.text
    shown = client.post(f"/talent/{expert_id}/contact", data={"reason": "咨询储氢瓶轻量化方案", "csrf_token": token})
    assert shown.status_code == 200 and "wanglx@example.com" in shown.text and "010-62857301" not in shown.text
    assert "本次查看已记录" in shown.text


def test_the_api_reveals_contact_only_with_a_reason_and_logs_it_for_the_expert(client, platform, expert_id):
    token = login(client, make_user(platform))
    url = f"/api/v1/experts/{expert_id}/contact"
    assert client.post(url, json={"reason": ""}, headers={"X-CSRF-Token": token}).status_code == 422
    r = client.post(url, json={"reason": "咨询储氢瓶轻量化方案"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["email"] == "wanglx@example.com" and r.json()["phone"] == ""
    assert client.get(f"/api/v1/experts/{expert_id}/contact-log").status_code == 403
    public = client.get(f"/api/v1/experts/{expert_id}").json()
    assert public["credential"]["recognised_in"] == ["110000", "120000", "130000"] and "phone" not in public


def test_an_expired_credential_is_refused_on_the_profile_form(client, platform):
    broker = make_user(platform, role="broker")
    token = login(client, broker)
    form = {**broker_form(credential_valid_until="2020-01-01"), "csrf_token": token, "is_listed": "1"}
    r = client.post("/talent/new", data=form)
    assert r.status_code == 422 and "已于 2020-01-01 过期" in r.text
    with platform.uow() as uow:
        assert uow.repo(ExpertRepository).count() == 0
