"""Landing records through the service and over HTTP, with XLSX import, on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from techbridge.kernel.errors import PermissionDenied
from techbridge.kernel.record_io import write_records
from techbridge.landing import service as landing
from techbridge.landing.repository import LandingRepository
from techbridge.web.app import create_app
from tests.support.factories import credit_code, make_org, make_user

ROW = {"title": "IV型储氢瓶产业化", "source_kind": "技术合同", "form": "建设生产基地", "beijing_org": "京华大学",
       "park": "京津中关村科技城", "investment": "12000", "jobs": "180", "landed_on": "2026-03-18",
       "production_start": "2026-09-01", "evidence": "投资协议（2026年3月）"}


@pytest.fixture
def operator(platform):
    """A member of the 宝坻 park's operating company."""
    from techbridge.accounts.repository import OrganizationRepository
    org_id = make_org(platform, name="测试科技城运营公司", org_type="企业", region="宝坻", code=credit_code("91", "120115"))
    with platform.uow() as uow:
        uow.repo(OrganizationRepository).get(org_id).park = "jingjin-zgc-city"
        uow.commit()
    return make_user(platform, role="seeker", org_id=org_id)


def count(platform):
    with platform.uow() as uow:
        return uow.repo(LandingRepository).count()


def test_the_park_operator_records_a_landing_and_the_chain_counts_it(platform, operator):
    landing.record_landing(platform.uow(), actor=operator, raw=ROW)
    figures = landing.chain_figures(platform.uow())
    tianjin = next(r for r in figures.provinces if r.key == "120000")
    assert (tianjin.landed, tianjin.producing, tianjin.jobs) == (1, 1, 180)
    assert [r.key for r in figures.parks] == ["jingjin-zgc-city"]
    assert len(landing.list_landings(platform.uow(), park="jingjin-zgc-city", stage="producing")) == 1


def test_an_operator_cannot_record_for_another_park(platform, operator):
    with pytest.raises(PermissionDenied):
        landing.record_landing(platform.uow(), actor=operator, raw=dict(ROW, park="雄安新区中关村科技园"))
    assert count(platform) == 0


def test_an_xlsx_with_one_bad_row_imports_nothing_and_a_good_one_imports_once(platform, operator, tmp_path):
    cols = landing.COLUMNS
    good = [["L-1", *[ROW.get(c.key, "") for c in cols[1:]]]]
    bad = good + [["L-2", *[dict(ROW, investment="很多").get(c.key, "") for c in cols[1:]]]]
    path = tmp_path / "bad.xlsx"
    write_records(path, list(cols), bad, sheet_title="落地")
    report = landing.import_landings(platform.uow(), actor=operator, path=path)
    assert not report.committed and report.problems[0].row == 3 and report.problems[0].column == "投资额（万元）"
    assert count(platform) == 0
    path = tmp_path / "good.xlsx"
    write_records(path, list(cols), good, sheet_title="落地")
    assert landing.import_landings(platform.uow(), actor=operator, path=path).created == 1
    assert landing.import_landings(platform.uow(), actor=operator, path=path).updated == 1
    assert count(platform) == 1


def test_pages_record_show_and_drill_down(platform, operator):
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": operator.email, "password": "secret123"}).json()["csrf_token"]
    bad = client.post("/landing/new", data={**ROW, "jobs": "很多", "csrf_token": token})
    assert bad.status_code == 422 and "带动就业人数应为非负整数" in bad.text
    assert count(platform) == 0
    ok = client.post("/landing/new", data={**ROW, "park": "jingjin-zgc-city", "form": "production_base",
                                           "source_kind": "contract", "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    chain = client.get("/landing/chain").text
    assert "京津中关村科技城" in chain and "/landing?park=jingjin-zgc-city&stage=producing" in chain
    assert "IV型储氢瓶产业化" in client.get("/landing?park=jingjin-zgc-city&stage=producing").text
    assert "IV型储氢瓶产业化" not in client.get("/landing?park=xiongan-zgc").text
