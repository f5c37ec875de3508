"""The broker's path through the pages and the API over HTTP (the real app), on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from techbridge.pilot.repository import RequestRepository
from techbridge.web.app import create_app
from tests.integration.pilot.conftest import start


@pytest.fixture
def client(platform):
    return TestClient(create_app(platform=platform), base_url="http://testserver")


def login(client, user):
    return client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).json()["csrf_token"]


def test_a_broker_finds_a_base_requests_books_and_the_record_moves_the_engagement(client, platform, base):
    token = login(client, base.c.broker)
    page = client.get(f"/pilot?engagement={base.engagement_id}")
    assert page.status_code == 200 and "深海装备增材制造中试平台" in page.text and "概念验证" in page.text
    refused = client.post(f"/pilot/facilities/{base.facility_id}/requests", data={
        "csrf_token": token, "service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度"})
    assert refused.status_code == 422 and "保密条款" in refused.text
    r = client.post(f"/pilot/facilities/{base.facility_id}/requests", follow_redirects=False, data={
        "csrf_token": token, "service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度",
        "nda": "1", "engagement_id": str(base.engagement_id)})
    assert r.status_code == 303
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    owner = TestClient(client.app, base_url="http://testserver")
    owner_token = login(owner, base.owner)
    assert owner.post(f"/pilot/requests/{rid}/quote", data={"csrf_token": owner_token, "quote_amount": "十二",
                                                           "quote_days": "5"}).status_code == 422
    assert owner.post(f"/pilot/requests/{rid}/quote", data={"csrf_token": owner_token, "quote_amount": "12",
                                                           "quote_days": "5"}, follow_redirects=False).status_code == 303
    assert client.post(f"/pilot/requests/{rid}/accept", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert client.post(f"/pilot/requests/{rid}/book", data={"csrf_token": token, "start": start()},
                       follow_redirects=False).status_code == 303
    r = owner.post(f"/pilot/requests/{rid}/record", follow_redirects=False, data={
        "csrf_token": owner_token, "targets": "致密度≥99.5%", "results": "致密度99.7%", "trl_before": "4",
        "trl_after": "6", "evidence": "检测报告 TJAM-2026-118"})
    assert r.status_code == 303
    assert "TJAM-2026-118" in client.get(f"/pilot/requests/{rid}").text
    achievement = client.get(f"/achievements/{base.c.achievement_id}").text
    assert "深海装备增材制造中试平台" in achievement and "4级 → 6级" in achievement
    engagement = client.get(f"/api/v1/engagements/{base.engagement_id}")
    assert engagement.json()["stage"] == "pilot"


def test_the_api_refuses_a_request_without_nda_with_a_chinese_error_and_stores_nothing(client, platform, base):
    token = login(client, base.c.seeker)
    r = client.post(f"/api/v1/pilot/facilities/{base.facility_id}/requests", headers={"X-CSRF-Token": token},
                    json={"service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度"})
    assert r.status_code == 422 and r.json()["error"]["fields"]
    assert "保密条款" in r.text
    with platform.uow() as uow:
        assert uow.repo(RequestRepository).count() == 0
    ok = client.post(f"/api/v1/pilot/facilities/{base.facility_id}/requests", headers={"X-CSRF-Token": token},
                     json={"service_id": str(base.service_id), "purpose": "验证钛合金耐压壳体增材成形的致密度",
                           "nda": True})
    assert ok.status_code == 201 and ok.json()["status"] == "requested"
    assert client.get("/api/v1/pilot/facilities").json()[0]["voucher_cap"] == "20.00"
    matches = client.get(f"/api/v1/pilot/match?demand={base.c.demand_id}")
    assert matches.status_code == 200


def test_pages_answer_for_anonymous_visitors(client, base):
    assert client.get("/pilot").status_code == 200
    assert "登录" in client.get(f"/pilot/facilities/{base.facility_id}").text
    assert client.get("/pilot/facilities/99999").status_code == 404
