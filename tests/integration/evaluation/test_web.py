"""评价与估值 over real HTTP: the owner requests, a third party scores, the value page shows radar and range."""

import re

from fastapi.testclient import TestClient

from techbridge.web.app import create_app
from tests.integration.evaluation.test_evaluation import INPUTS, SCORES
from tests.support.factories import make_user
from tests.support.scenario import cast


def login(app, user):
    client = TestClient(app, base_url="http://testserver")
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
    return client, r.json()["csrf_token"]


def csrf(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


def test_request_score_share_and_value_through_pages(platform):
    c = cast(platform)
    app = create_app(platform=platform)
    owner, _ = login(app, c.supplier)
    page = f"/evaluation/achievements/{c.achievement_id}"
    r = owner.post(f"{page}/request", data={"csrf_token": csrf(owner, page), "purpose": "转化",
                                            "achievement_type": "应用技术类"}, follow_redirects=False)
    assert r.status_code == 303
    report = r.headers["location"]
    insider, _ = login(app, make_user(platform, role="broker", org_id=c.supplier.organization_id))
    refused = insider.post(f"{report}/score", data={"csrf_token": csrf(insider, report), **SCORES})
    assert refused.status_code == 422 and "利益冲突" in refused.text
    broker, _ = login(app, c.broker)
    assert broker.get("/evaluations").status_code == 200
    ok = broker.post(f"{report}/score", data={"csrf_token": csrf(broker, report), **SCORES}, follow_redirects=False)
    assert ok.status_code == 303
    shown = owner.get(report)
    assert shown.status_code == 200 and "chart-radar" in shown.text and "81.7" in shown.text
    bad = owner.post(f"{page}/value", data={"csrf_token": csrf(owner, page), **INPUTS, "share_rate": "-3"})
    assert bad.status_code == 422 and "不能为负数" in bad.text
    done = owner.post(f"{page}/value", data={"csrf_token": csrf(owner, page), **INPUTS}, follow_redirects=False)
    assert done.status_code == 303
    value_page = owner.get(page)
    assert "chart-range" in value_page.text and "报价偏离度" in value_page.text and "未采用" in value_page.text
    api = owner.get(f"/api/v1{page}").json()
    assert api["evaluations"][0]["total"] == "81.7" and api["valuations"][0]["results"]["cost"]["base"] == "195.00"
    anonymous = TestClient(app, base_url="http://testserver")
    assert anonymous.get(page).status_code == 200 and anonymous.get(report, follow_redirects=False).status_code in (401, 403, 303)
