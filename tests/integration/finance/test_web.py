"""Finance pages and API over HTTP (the real app), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from techbridge.finance.repository import FundRepository, NeedRepository
from techbridge.web.app import create_app
from tests.integration.finance.conftest import HYDROGEN_FUND, LOAN, need_row


@pytest.fixture
def client(platform):
    return TestClient(create_app(platform=platform), base_url="http://testserver")


def login(client, user):
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": "secret123"})
    return r.json()["csrf_token"]


def as_user(client, user) -> tuple[TestClient, str]:
    other = TestClient(client.app, base_url="http://testserver")
    return other, login(other, user)


def count(platform, repo) -> int:
    with platform.uow() as uow:
        return uow.repo(repo).count()


def test_investor_registers_a_thesis_and_sees_matching_projects_with_reasons(client, platform, market):
    investor, token = as_user(client, market.investor)
    form = {**HYDROGEN_FUND, "stages": ["angel", "a"], "industries": ["hydrogen", "new_energy"], "csrf_token": token}
    r = investor.post("/finance/funds/new", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    fund_url = r.headers["location"]
    firm, token = as_user(client, market.firm)
    r = firm.post("/finance/needs/new", data={**need_row(), "kinds": ["股权", "债权"], "csrf_token": token},
                  follow_redirects=False)
    assert r.status_code == 303
    need_url = r.headers["location"]
    assert "待审核" in firm.get(need_url).text
    assert investor.get(need_url).status_code == 404  # not public before review

    for admin, url in ((market.admin_beijing, fund_url), (market.admin_hebei, need_url)):
        reviewer, token = as_user(client, admin)
        kind, record_id = url.split("/")[2][:-1], url.split("/")[3]
        assert "通过并发布" in reviewer.get("/finance/review").text
        r = reviewer.post("/finance/review", data={"kind": kind, "record_id": record_id, "decision": "approve",
                                                   "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303

    page = investor.get(fund_url).text
    assert "符合投资逻辑的项目" in page and "IV型储氢瓶中试线建设" in page
    assert "落在单笔投资区间" in page and "氢能是该基金的关注行业" in page
    page = firm.get(need_url).text
    assert "京冀氢能产业投资基金" in page and "匹配的金融产品" in page
    assert "科技金融" in client.get("/finance").text


def test_bad_form_input_gets_chinese_errors_and_changes_nothing(client, platform, market):
    investor, token = as_user(client, market.investor)
    r = investor.post("/finance/funds/new", data={**HYDROGEN_FUND, "ticket_min": "5000", "ticket_max": "100",
                                                  "csrf_token": token})
    assert r.status_code == 422 and "单笔投资下限（5000.00万元）不能大于上限（100.00万元）" in r.text
    firm, token = as_user(client, market.firm)
    r = firm.post("/finance/needs/new", data={**need_row(amount="-5", deadline="2020-01-01"), "csrf_token": token})
    assert r.status_code == 422 and "金额不能为负数" in r.text and "须晚于今天" in r.text
    assert count(platform, FundRepository) == 0 and count(platform, NeedRepository) == 0


def test_region_admin_of_another_province_cannot_review(client, platform, market):
    firm, token = as_user(client, market.firm)
    r = firm.post("/api/v1/finance/needs", json={**need_row(), "deadline": need_row()["deadline"]},
                  headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    assert r.json()["amount"] == "1500.00"
    need_id = r.json()["id"]
    beijing, token = as_user(client, market.admin_beijing)
    r = beijing.post(f"/api/v1/finance/needs/{need_id}/review", json={"approve": True}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and r.json()["error"]["message"] == "该融资需求不在您的审核范围内"


def test_api_errors_and_the_score(client, market):
    investor, token = as_user(client, market.investor)
    r = investor.post("/api/v1/finance/funds", json={**HYDROGEN_FUND, "ticket_min": "-1"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    assert r.json()["error"]["fields"][0]["field"] == "ticket_min"
    bank, token = as_user(client, market.bank)
    r = bank.post("/api/v1/finance/products", json={**LOAN, "min_sme_score": 60, "term_months": 12, "requires_pledge": False},
                  headers={"X-CSRF-Token": token})
    assert r.status_code == 201 and r.json()["limit_max"] == "1000.00"
    r = bank.post("/api/v1/finance/sme-score", json={"staff": 100, "tech_staff": 12, "sales": "3000", "assets": "800",
                                                     "rd_expense": "65", "total_cost": "2800", "class2_ip": 2,
                                                     "direct_pass": ["new_high_tech"]}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["total"] == 26 and r.json()["qualifies"]
    assert r.json()["label"] == "平台测算，非官方认定"
    page = client.get("/finance/score").text
    assert "平台测算，非官方认定" in page and "国科发政〔2017〕115号" in page
    firm, token = as_user(client, market.firm)
    r = firm.post("/finance/score", data={"staff": "100", "tech_staff": "32", "sales": "5000", "assets": "8000",
                                          "rd_expense": "260", "total_cost": "4000", "class1_ip": "1", "csrf_token": token})
    assert r.status_code == 200 and "测算结果：90 分" in r.text and "符合评价条件" in r.text


def test_the_funnel_over_http(client, platform, market):
    from techbridge.finance import service as finance
    from tests.integration.finance.conftest import publish

    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND)
    need_id = finance.save_need(platform.uow(), actor=market.firm, raw=need_row())
    publish(platform, market.admin_beijing, "fund", fund_id)
    publish(platform, market.admin_hebei, "need", need_id)
    firm, token = as_user(client, market.firm)
    assert "发起融资对接" in firm.get(f"/finance/needs/{need_id}").text
    r = firm.post("/finance/deals", data={"fund_id": fund_id, "need_id": need_id, "csrf_token": token},
                  follow_redirects=False)
    assert r.status_code == 303
    deal_url = r.headers["location"]
    r = firm.post(f"{deal_url}/advance", data={"to": "fin_meeting", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    r = firm.post(f"{deal_url}/advance", data={"to": "fin_term_sheet", "csrf_token": token})
    assert r.status_code == 409 and "下一步是“尽调”" in r.text
    investor, token = as_user(client, market.investor)
    r = investor.post(f"{deal_url}/terminate", data={"reason": "", "csrf_token": token})
    assert r.status_code == 422 and "请选择终止原因" in r.text
    page = investor.get(deal_url).text
    assert "推荐 → 约见" in page and "推进到“尽调”" in page
    assert as_user(client, market.other_firm)[0].get(deal_url).status_code == 404
    admin, _ = as_user(client, market.admin_hebei)
    page = admin.get("/finance/funnel").text
    assert "融资漏斗" in page and "<td>约见</td><td>1</td><td>100%</td>" in page
    assert firm.get("/finance/funnel").status_code == 403
