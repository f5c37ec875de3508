"""Registering a facility: it waits for an admin of its region, who puts it online or sends it back with a
reason; until then only its owners see it (SQLite and PostgreSQL)."""

import pytest
from fastapi.testclient import TestClient

from techbridge.accounts.repository import UserRepository
from techbridge.kernel.errors import Conflict, NotFound, PermissionDenied, ValidationError
from techbridge.notifications.repository import NotificationRepository
from techbridge.pilot import registration
from techbridge.pilot import service as pilot
from techbridge.web.app import create_app
from tests.integration.pilot.conftest import ADDITIVE_BASE
from tests.support.factories import credit_code, make_org, make_user


@pytest.fixture
def people(platform):
    owner = make_user(platform, role="supplier", org_id=make_org(platform, name="天津测试增材制造研究院", region="滨海新区",
                                                               code=credit_code("12", "120116")))
    tianjin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", region="天津"))
    hebei = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", region="石家庄"))
    with platform.uow() as uow:
        uow.repo(UserRepository).get(tianjin.id).region_scope = "120000"
        uow.repo(UserRepository).get(hebei.id).region_scope = "130000"
        uow.commit()
        tianjin, hebei = uow.repo(UserRepository).get(tianjin.id), uow.repo(UserRepository).get(hebei.id)
    return owner, tianjin, hebei


def test_a_registered_facility_waits_for_the_admin_of_its_region(platform, people):
    owner, tianjin, hebei = people
    fid = pilot.save_facility(platform.uow(), actor=owner, raw=ADDITIVE_BASE)
    assert pilot.list_facilities(platform.uow()) == []
    assert pilot.facility_view(platform.uow(), viewer=owner, facility_id=fid).facility.status == "pending_review"
    with pytest.raises(NotFound):
        pilot.facility_view(platform.uow(), viewer=make_user(platform, role="seeker"), facility_id=fid)
    assert [f.id for f in registration.pending_facilities(platform.uow(), reviewer=tianjin)] == [fid]
    assert registration.pending_facilities(platform.uow(), reviewer=hebei) == []
    with pytest.raises(PermissionDenied):
        registration.review_facility(platform.uow(), reviewer=hebei, facility_id=fid, approve=True)
    with pytest.raises(ValidationError, match="退回时请写明原因"):
        registration.review_facility(platform.uow(), reviewer=tianjin, facility_id=fid, approve=False)
    with platform.uow() as uow:
        inbox = uow.repo(NotificationRepository).list()
    assert any(n.user_id == tianjin.id and "待审核" in n.title for n in inbox)
    registration.review_facility(platform.uow(), reviewer=tianjin, facility_id=fid, approve=True)
    assert [f.id for f in pilot.list_facilities(platform.uow())] == [fid]
    with pytest.raises(Conflict):
        registration.review_facility(platform.uow(), reviewer=tianjin, facility_id=fid, approve=True)


def test_a_facility_sent_back_shows_its_reason_to_its_owner_and_the_pages_walk_it(platform, people):
    owner, tianjin, _ = people
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": owner.email, "password": "secret123"}).json()["csrf_token"]
    bad = client.post("/pilot/facilities/new", data={**ADDITIVE_BASE, "services": "只有名称", "csrf_token": token})
    assert bad.status_code == 422 and "名称|价格（万元）|单位|提前准备天数" in bad.text
    sent = client.post("/pilot/facilities/new", data={**ADDITIVE_BASE, "csrf_token": token}, follow_redirects=False)
    assert sent.status_code == 303
    fid = int(sent.headers["location"].rsplit("/", 1)[1])
    assert "待审核" in client.get(sent.headers["location"]).text
    admin = TestClient(create_app(platform=platform), base_url="http://testserver")
    atoken = admin.post("/api/v1/auth/login", json={"email": tianjin.email, "password": "secret123"}).json()["csrf_token"]
    assert ADDITIVE_BASE["name"] in admin.get("/pilot/review").text
    refused = admin.post(f"/pilot/facilities/{fid}/review", data={"decision": "reject", "csrf_token": atoken})
    assert refused.status_code == 422 and "退回时请写明原因" in refused.text
    admin.post(f"/pilot/facilities/{fid}/review", data={"decision": "reject", "note": "请补充CNAS证书编号",
                                                       "csrf_token": atoken})
    assert "请补充CNAS证书编号" in client.get(f"/pilot/facilities/{fid}").text
    assert "请补充CNAS证书编号" in client.get("/pilot/facilities/new").text
    api = admin.post(f"/api/v1/pilot/facilities/{fid}/review", json={"decision": "approve"},
                     headers={"X-CSRF-Token": atoken})
    assert api.status_code == 409 and api.json()["error"]["code"] == "not_pending"
