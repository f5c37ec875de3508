"""数据看板 over HTTP: the API returns exactly what the services compute, the pages show it, admins only."""

import re

import pytest

from techbridge.insight import analytics, funnel
from techbridge.insight import chains as chainmap
from techbridge.insight.api import plain
from techbridge.insight.reads import Filters
from tests.integration.insight.fixture import build
from tests.integration.web.conftest import api_login, client  # noqa: F401 - the fixture
from tests.support.factories import make_user


@pytest.fixture
def admin(platform, client):  # noqa: F811
    build(platform)
    make_user(platform, role="admin", email="admin@example.cn")
    return api_login(client, "admin@example.cn")


def test_the_api_returns_the_numbers_the_services_compute(platform, client, admin):  # noqa: F811
    assert client.get("/api/v1/dashboard/flows?year=2025").json() == plain(analytics.flows(platform.uow(),
                                                                                            Filters(year=2025)))
    assert client.get("/api/v1/dashboard/funnel").json() == plain(funnel.funnel(platform.uow()))
    assert client.get("/api/v1/dashboard/chains").json() == plain(chainmap.chain_map(platform.uow()))
    flows = client.get("/api/v1/dashboard/flows?year=2025").json()
    assert flows["total_amount"] == "170.50" and flows["flows"][1]["key"] == "110108>130200"
    drill = client.get("/api/v1/dashboard/contracts", params={"pair": "110108>130200"}).json()
    assert drill["total"] == 2 and drill["summary"]["amount"] == "70.50"


def test_an_administrator_sets_a_target_through_the_api(client, admin):  # noqa: F811
    r = client.put("/api/v1/dashboard/targets/2025", json={"tjhb_demands": 2}, headers={"X-CSRF-Token": admin})
    assert r.status_code == 200
    demands = next(t for t in r.json()["targets"] if t["kind"] == "tjhb_demands")
    assert (demands["target"], demands["actual"], demands["status"], demands["default"]) == (2, 2, "已达成", False)
    bad = client.put("/api/v1/dashboard/targets/2025", json={"tjhb_demands": 0}, headers={"X-CSRF-Token": admin})
    assert bad.status_code == 422 and "正整数" in bad.json()["error"]["message"]


def test_the_pages_show_the_same_figures_and_link_to_the_records(client, admin):  # noqa: F811
    page = client.get("/dashboard/flows?year=2025").text
    assert "170.50万元" in page and 'data-drill="/dashboard/contracts?pair=__KEY__&amp;year=2025"' in page
    assert "河北·唐山" in page
    drill = client.get("/dashboard/contracts?pair=110108%3E130200").text
    assert "储氢瓶技术转让合同" in drill and "巡检机器人许可合同" in drill and "焊接机器人" not in drill
    funnel_page = client.get("/dashboard/funnel").text
    assert re.search(r"概念验证</a></td><td class=\"num\">2</td>", funnel_page)
    overview = client.get("/dashboard?year=2025").text
    assert "提供北京科技成果" in overview and "<b>4</b> / 400 项" in overview


@pytest.mark.parametrize("url", ["/api/v1/dashboard/overview", "/api/v1/dashboard/flows"])
def test_only_administrators_see_the_dashboard(platform, client, url):  # noqa: F811
    make_user(platform, role="broker", email="broker@example.cn")
    api_login(client, "broker@example.cn")
    assert client.get(url).status_code == 403
    assert client.get("/dashboard").status_code == 403
