"""The policy library and open calls through the JSON API, on SQLite and PostgreSQL."""

from datetime import timedelta

from techbridge.challenges.repository import ChallengeRepository
from techbridge.kernel.clock import beijing_today
from tests.integration.web.conftest import api_login, client  # noqa: F401 - the fixture
from tests.support.documents import make_docx, make_pdf
from tests.support.scenario import cast

TEXT = ("河北省氢能产业发展若干措施\n河北省科学技术厅印发《河北省氢能产业发展若干措施》。\n"
        "一、支持企业开展燃料电池重卡示范应用，对示范车辆按每辆不少于10万元给予补助。\n"
        "二、鼓励高校、科研院所与企业共建氢能中试平台。\n")


def test_only_an_admin_ingests_and_a_broken_upload_is_refused_with_a_code(platform, client):  # noqa: F811
    c = cast(platform)
    headers = {"X-CSRF-Token": api_login(client, c.seeker.email)}
    r = client.post("/api/v1/policies", json={"text": TEXT}, headers=headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    headers = {"X-CSRF-Token": api_login(client, c.admin.email)}
    r = client.post("/api/v1/policies", json={"text": TEXT}, headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["title"] == "河北省氢能产业发展若干措施" and body["measures"] == 2
    data = make_docx(TEXT.splitlines())
    r = client.post("/api/v1/policies/upload", files={"file": ("措施.docx", data[:700])}, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_docx"
    assert client.get("/api/v1/policies").json()["total"] == 1
    r = client.post("/api/v1/policies", json={"text": TEXT}, headers=headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "duplicate_policy"
    detail = client.get(f"/api/v1/policies/{body['id']}").json()
    assert detail["region_name"] == "河北省" and detail["measures"][0]["targets"] == ["对示范车辆按每辆不少于10万元给予补助"]
    applicable = client.get(f"/api/v1/policies/for/demand/{c.demand_id}").json()
    assert [a["policy"]["id"] for a in applicable] == [body["id"]]
    assert "涉及产业链：氢能" in applicable[0]["reasons"]


def test_an_open_call_through_the_api_ends_in_an_engagement_and_late_proposals_are_refused(platform, client):  # noqa: F811
    c = cast(platform)
    seeker = {"X-CSRF-Token": api_login(client, c.seeker.email)}
    deadline = (beijing_today() + timedelta(days=20)).isoformat()
    r = client.post("/api/v1/challenges", headers=seeker, json={
        "demand_id": c.demand_id, "summary": "面向氢燃料重卡的车载储氢系统减重，储氢质量分数不低于5.5%。",
        "requirements": "储氢量≥50kg，系统储氢质量分数≥5.5%", "deadline": deadline, "reward": "300",
        "reviewer_ids": [c.broker.id]})
    assert r.status_code == 201, r.text
    call_id = r.json()["id"]
    supplier = {"X-CSRF-Token": api_login(client, c.supplier.email)}
    r = client.post(f"/api/v1/challenges/{call_id}/proposals", headers=supplier,
                    data={"achievement_id": str(c.achievement_id),
                          "approach": "采用塑料内胆加碳纤维变角度缠绕的IV型瓶方案，已完成样瓶爆破试验，满足指标。"},
                    files=[("attachments", ("方案.pdf", make_pdf(["方案"]), "application/pdf"))])
    assert r.status_code == 201, r.text
    proposal_id = r.json()["id"]
    seeker = {"X-CSRF-Token": api_login(client, c.seeker.email)}
    assert client.post(f"/api/v1/challenges/{call_id}/close", headers=seeker).status_code == 204
    broker = {"X-CSRF-Token": api_login(client, c.broker.email)}
    scores = {"技术方案可行性": 9, "关键指标达成度": 8, "团队能力与基础": 8, "实施计划与进度": 8, "经费合理性": 8}
    r = client.post(f"/api/v1/challenges/proposals/{proposal_id}/review", headers=broker, json={"scores": scores})
    assert r.json() == {"total": 83.5}
    seeker = {"X-CSRF-Token": api_login(client, c.seeker.email)}
    r = client.post(f"/api/v1/challenges/{call_id}/result", headers=seeker, json={"winner_ids": [proposal_id]})
    [engagement_id] = r.json()["engagement_ids"]
    call = client.get(f"/api/v1/challenges/{call_id}").json()
    assert call["status"] == "decided" and call["proposals"][0]["engagement_id"] == engagement_id
    with platform.uow() as uow:
        uow.repo(ChallengeRepository).get(call_id).deadline = beijing_today() - timedelta(days=1)
        uow.repo(ChallengeRepository).get(call_id).status = "open"
        uow.commit()
    supplier = {"X-CSRF-Token": api_login(client, c.supplier.email)}
    r = client.post(f"/api/v1/challenges/{call_id}/proposals", headers=supplier,
                    data={"achievement_id": str(c.achievement_id), "approach": "迟到" * 20})
    assert r.status_code == 409 and r.json()["error"]["code"] == "deadline_passed"
