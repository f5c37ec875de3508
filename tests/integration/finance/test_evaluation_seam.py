"""Finance matching and the evaluation records (evaluation/, GB/T 44731) on SQLite and PostgreSQL: a financier sees
and the ranking uses an achievement's evaluation only when its owner recorded a consent naming that financier."""

from __future__ import annotations

from fastapi.testclient import TestClient

from techbridge.evaluation import service as evaluation
from techbridge.finance import matches
from techbridge.finance import service as finance
from techbridge.kernel.clock import beijing_today
from techbridge.web.app import create_app
from tests.integration.finance.conftest import HYDROGEN_FUND, market, need_row  # noqa: F401
from tests.support.scenario import cast

SCORES = {"scientific": "72", "technical": "88", "economic": "80", "social": "65", "transfer": "84", "trl": "6",
          "innovation": "国内首创", "advancement": "国内先进", "assessors": "张明、刘芳", "conclusion": "具备中试条件",
          "evidence": "第三方检测报告"}


def test_the_evaluation_is_used_only_for_the_financier_it_was_shared_with(platform, market):  # noqa: F811
    c = cast(platform, trl=6)
    fund_id = finance.save_fund(platform.uow(), actor=market.investor, raw=HYDROGEN_FUND, embedder=platform.embedder)
    need_id = finance.save_need(platform.uow(), actor=c.supplier, embedder=platform.embedder, raw=need_row(
        title="IV型储氢气瓶缠绕中试", region="海淀", achievement_id=str(c.achievement_id)))
    for kind, record in (("fund", fund_id), ("need", need_id)):
        finance.review(platform.uow(), actor=c.admin, kind=kind, record_id=record, approve=True)

    def match():
        found = matches.matches_for_fund(platform.uow(), platform.embedder, fund_id=fund_id, viewer=market.investor)
        return next(m for m in found.needs if m.record.id == need_id)

    before = match()
    assert before.evaluation is None
    eid = evaluation.request_evaluation(platform.uow(), actor=c.supplier, achievement_id=c.achievement_id,
                                        raw={"purpose": "投融资", "achievement_type": "应用技术类"})
    evaluation.score(platform.uow(), actor=c.broker, evaluation_id=eid, raw=SCORES, today=beijing_today())
    evaluation.share(platform.uow(), actor=c.supplier, evaluation_id=eid, party_name="河北测试银行唐山分行",
                     purpose="知识产权质押融资")  # consent to someone else: not to this fund
    assert match().evaluation is None and match().percent == before.percent
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    client.post("/api/v1/auth/login", json={"email": market.investor.email, "password": "secret123"})
    assert "关联成果的第三方评价" not in client.get(f"/finance/needs/{need_id}").text

    evaluation.share(platform.uow(), actor=c.supplier, evaluation_id=eid, party_name="中关村氢能投资管理有限公司",
                     purpose="股权融资洽谈")
    after = match()
    assert after.evaluation is not None and after.evaluation.grade in ("合格", "良好", "优秀")
    assert after.percent > before.percent and any("成果方已授权贵机构查看" in r for r in after.reasons)
    api = client.get(f"/api/v1/finance/funds/{fund_id}/matches").json()
    shown = next(n for n in api["needs"] if n["id"] == need_id)
    assert shown["evaluation"]["total"] == str(after.evaluation.total)
    assert "关联成果的第三方评价" in client.get(f"/finance/needs/{need_id}").text

    other = TestClient(create_app(platform=platform), base_url="http://testserver")
    other.post("/api/v1/auth/login", json={"email": market.other_firm.email, "password": "secret123"})
    assert "关联成果的第三方评价" not in other.get(f"/finance/needs/{need_id}").text
