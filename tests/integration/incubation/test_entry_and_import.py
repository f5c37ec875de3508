"""Registering carriers and tenancies on pages and over the API, changing a tenancy's status, and importing a
carrier's tenancies from XLSX as a background job (all rows or none), on SQLite and PostgreSQL."""

import io

from fastapi.testclient import TestClient

from techbridge.bootstrap import job_handlers
from techbridge.incubation import service as incubation
from techbridge.incubation.repository import CarrierRepository
from techbridge.jobs.worker import run_pending
from techbridge.kernel.record_io import write_records
from techbridge.web.app import create_app
from tests.integration.incubation.test_carriers import carrier, code  # noqa: F401  (fixture)
from tests.support.factories import make_org, make_user

CARRIER = {"name": "宝坻中关村众创空间", "kind": "众创空间", "level": "市级", "park": "京津中关村科技城",
           "opened_on": "2024-03-01", "area_m2": "900", "tenant_area_m2": "700", "workstations": "60", "staff": "5",
           "professional_staff": "4", "mentors": "5", "years_of_statistics": "1", "events_per_year": "12",
           "typical_cases": "3", "new_firms_per_year": "10"}


def client_for(platform, user):
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    token = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"}).json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return client, token


def tenancies(platform, carrier_id):
    with platform.uow() as uow:
        return uow.repo(CarrierRepository).tenancies(carrier_id)


def test_an_operator_registers_a_makerspace_on_the_page_and_its_card_runs_the_filing_conditions(platform):
    org = make_org(platform, name="宝坻创业服务公司", org_type="企业", region="宝坻")
    client, token = client_for(platform, make_user(platform, role="seeker", org_id=org))
    bad = client.post("/incubation/new", data={**CARRIER, "tenant_area_m2": "1200", "csrf_token": token})
    assert bad.status_code == 422 and "在孵企业使用面积不能大于场地总面积" in bad.text
    assert incubation.list_carriers(platform.uow()) == []
    made = client.post("/incubation/new", data={**CARRIER, "csrf_token": token}, follow_redirects=False)
    assert made.status_code == 303
    card = client.get(made.headers["location"]).text
    assert "国科火字〔2017〕120号" in card and "备案条件（五）" in card and "修改载体信息" in card


def test_a_tenancy_with_a_bad_credit_code_is_refused_in_chinese_and_a_status_change_needs_its_date(platform, carrier):  # noqa: F811
    cid, operator = carrier
    client, token = client_for(platform, operator)
    form = {"firm_name": "保定精测科技有限公司", "credit_code": code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1"),
            "moved_in": "2025-03-01", "status": "incubating", "csrf_token": token}
    bad = client.post(f"/incubation/{cid}/tenancies", data=form)
    assert bad.status_code == 422 and "校验" in bad.text and tenancies(platform, cid) == []
    ok = client.post(f"/incubation/{cid}/tenancies", data={**form, "credit_code": code(1), "funded": "on"},
                     follow_redirects=False)
    assert ok.status_code == 303
    (t,) = tenancies(platform, cid)
    assert t.funded and t.status == "incubating"
    edit = {**form, "credit_code": code(1), "status": "graduated"}
    refused = client.post(f"/incubation/tenancies/{t.id}/edit", data=edit)
    assert refused.status_code == 422 and "请填写离开日期" in refused.text
    assert tenancies(platform, cid)[0].status == "incubating"
    done = client.post(f"/incubation/tenancies/{t.id}/edit", data={**edit, "moved_out": "2026-06-30"},
                       follow_redirects=False)
    assert done.status_code == 303 and tenancies(platform, cid)[0].status == "graduated"
    stranger, stoken = client_for(platform, make_user(platform, role="seeker", org_id=make_org(platform)))
    assert stranger.post(f"/incubation/tenancies/{t.id}/edit", data={**edit, "csrf_token": stoken}).status_code == 403
    assert stranger.get(f"/incubation/{cid}/edit").status_code == 403


def test_the_api_registers_tenancies_and_answers_409_for_an_overlapping_stay(platform, carrier):  # noqa: F811
    cid, operator = carrier
    client, _ = client_for(platform, operator)
    body = {"firm_name": "甲", "credit_code": code(5), "moved_in": "2025-01-01"}
    assert client.post(f"/api/v1/incubation/carriers/{cid}/tenancies", json=body).status_code == 201
    again = client.post(f"/api/v1/incubation/carriers/{cid}/tenancies", json={**body, "moved_in": "2025-06-01"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "tenancy_overlap"
    card = client.get(f"/api/v1/incubation/carriers/{cid}").json()
    assert card["source"].startswith("《科技企业孵化器管理办法》") and len(card["checks"]) == 7
    assert [t["status_label"] for t in card["tenancies"]] == ["在孵"]


def test_a_tenancy_file_with_one_bad_row_imports_nothing_and_a_good_one_creates_then_updates(platform, carrier, tmp_path):  # noqa: F811
    cid, operator = carrier
    client, token = client_for(platform, operator)
    cols = list(incubation.TENANCY_COLUMNS)
    good = [[code(11), "保定甲科技有限公司", "2025-02-01", "", "在孵", "120", "是", "否", "是"],
            [code(12), "保定乙科技有限公司", "2024-05-01", "2026-05-31", "毕业", "200", "是", "是", "否"]]
    bad = good + [[code(13)[:-1] + "I", "保定丙科技有限公司", "2025-02-01", "", "在孵", "", "", "", ""],
                  [code(14), "保定丁科技有限公司", "2025-02-01", "", "在孵", "", "也许", "", ""]]
    for rows, name in ((bad, "bad.xlsx"), (good, "good.xlsx")):
        write_records(tmp_path / name, cols, rows, sheet_title="入驻企业")
    sent = client.post(f"/api/v1/incubation/carriers/{cid}/tenancies/imports",
                       files={"file": ("bad.xlsx", io.BytesIO((tmp_path / "bad.xlsx").read_bytes()))})
    assert sent.status_code == 202
    run_pending(platform, job_handlers())
    result = client.get(sent.json()["status_url"]).json()["result"]
    assert not result["committed"] and result["rejected_rows"] == 2
    assert {p["column"] for p in result["problems"]} == {"统一社会信用代码", "已申请专利"}
    assert "已申请专利应填“是”或“否”" in {p["message"] for p in result["problems"]}
    assert tenancies(platform, cid) == []
    for expected in ((2, 0), (0, 2)):
        page = client.post(f"/incubation/{cid}/tenancies/import", data={"csrf_token": token},
                           files={"file": ("good.xlsx", (tmp_path / "good.xlsx").read_bytes())}, follow_redirects=False)
        assert page.status_code == 303
        run_pending(platform, job_handlers())
        result = client.get("/api/v1/jobs/" + page.headers["location"].rsplit("/", 1)[1]).json()["result"]
        assert (result["created"], result["updated"]) == expected
    assert [t.status for t in tenancies(platform, cid)] == ["graduated", "incubating"]
    stranger, _ = client_for(platform, make_user(platform, role="seeker", org_id=make_org(platform)))
    refused = stranger.post(f"/api/v1/incubation/carriers/{cid}/tenancies/imports",
                            files={"file": ("good.xlsx", io.BytesIO((tmp_path / "good.xlsx").read_bytes()))})
    assert refused.status_code == 403


def test_the_tenancy_template_downloads_and_imports_as_it_is(platform, carrier, tmp_path):  # noqa: F811
    cid, operator = carrier
    client, _ = client_for(platform, operator)
    got = client.get("/incubation/tenancies/template.xlsx")
    assert got.status_code == 200 and got.content[:2] == b"PK"
    (tmp_path / "t.xlsx").write_bytes(got.content)
    report = incubation.import_tenancies(platform.uow(), actor=operator, carrier_id=cid, path=tmp_path / "t.xlsx")
    assert report.committed and report.created == 1
