"""Demo evaluations and valuations, written by the team: a current evaluation with a comparison table, an expired
one, and a valuation of the IV-type cylinder technology whose asking price sits above the range. Loaded once."""

from __future__ import annotations

from datetime import date

from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.evaluation import service as evaluation
from techbridge.evaluation.repository import EvaluationRepository
from techbridge.listings.repository import AchievementRepository

DOMAIN = "demo.techbridge.cn"

CATALYST_SCORES = {
    "scientific": "78", "technical": "86", "economic": "74", "social": "70", "transfer": "82", "trl": "4",
    "innovation": "国内首创", "advancement": "国内领先", "assessors": "周海涛、陈玉洁、孙立群",
    "conclusion": "正—仲氢转化率和床层压降两项关键指标优于国内现有同类催化剂，已完成实验室放大，建议开展中试验证。",
    "evidence": "催化剂转化率第三方检测报告\n科技查新报告\n两批次放大试验记录",
    "cmp1_indicator": "77K下正—仲氢转化率", "cmp1_ours": "≥98%", "cmp1_alternative": "国内某商用氢氧化铁催化剂",
    "cmp1_theirs": "约95%",
    "cmp2_indicator": "床层压降（同空速）", "cmp2_ours": "降低约20%", "cmp2_alternative": "国内某商用氢氧化铁催化剂",
    "cmp2_theirs": "基准",
}
MEA_SCORES = {
    "scientific": "70", "technical": "84", "economic": "80", "social": "66", "transfer": "78", "trl": "6",
    "innovation": "国内首创", "advancement": "国内先进", "assessors": "郭建平、马晓雯",
    "conclusion": "低铂膜电极耐久性达到车用要求，卷对卷直涂工艺具备量产基础。",
    "evidence": "膜电极耐久性测试报告",
}
CYLINDER_INPUTS = {"revenues": "2400, 4800, 7200, 8400, 8400, 7800", "share_rate": "3.5", "discount_rate": "12",
                   "replacement_cost": "1350", "depreciation": "20", "contract_type": "技术转让"}


def load_evaluations(platform: Platform) -> int:
    with platform.uow() as uow:
        if uow.repo(EvaluationRepository).count() > 0:
            return uow.repo(EvaluationRepository).count()
        ach = uow.repo(AchievementRepository).by_external_ids("demo", ["DEMO-A-0006", "DEMO-A-0012", "DEMO-A-0001"])
        users = {k: uow.repo(UserRepository).by_email(f"{k}@{DOMAIN}") for k in ("broker", "jchg", "qydl", "ysqn")}
    if len(ach) < 3 or any(u is None for u in users.values()):
        return 0
    broker, jchg, qydl, ysqn = users["broker"], users["jchg"], users["qydl"], users["ysqn"]
    assert broker is not None and jchg is not None and qydl is not None and ysqn is not None
    current = evaluation.request_evaluation(platform.uow(), actor=jchg, achievement_id=ach["DEMO-A-0006"].id or 0,
                                            raw={"purpose": "转化", "achievement_type": "应用技术类"})
    evaluation.score(platform.uow(), actor=broker, evaluation_id=current, raw=CATALYST_SCORES, today=date(2026, 9, 15))
    evaluation.share(platform.uow(), actor=jchg, evaluation_id=current, party_name="张家口望山氢能储运有限公司",
                     purpose="竞价前尽职调查")
    old = evaluation.request_evaluation(platform.uow(), actor=qydl, achievement_id=ach["DEMO-A-0012"].id or 0,
                                        raw={"purpose": "投融资", "achievement_type": "应用技术类"})
    evaluation.score(platform.uow(), actor=broker, evaluation_id=old, raw=MEA_SCORES, today=date(2025, 10, 20))
    evaluation.value(platform.uow(), actor=ysqn, achievement_id=ach["DEMO-A-0001"].id or 0, raw=CYLINDER_INPUTS)
    return 2
