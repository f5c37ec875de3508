"""Use cases of evaluation and valuation: request, score, share, value; the achievement's value summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from techbridge.accounts import rules as access
from techbridge.accounts.directory import organization_by_name, organizations_by_id
from techbridge.accounts.model import User
from techbridge.deals import queries as deals
from techbridge.deals.contracts import ContractType
from techbridge.evaluation import rules
from techbridge.evaluation.model import Evaluation, EvaluationShare, Valuation
from techbridge.evaluation.repository import EvaluationRepository, ShareRepository, ValuationRepository
from techbridge.evaluation.rules import Comparable, Comparison, Dimension
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import NotFound, PermissionDenied, ValidationError, ValidationErrors
from techbridge.kernel.industries import industry_name
from techbridge.kernel.validation import Collector
from techbridge.listings import queries as listings
from techbridge.listings.model import Achievement
from techbridge.storage.uow import UnitOfWork


def _achievement(uow: UnitOfWork, achievement_id: int) -> Achievement:
    achievement = listings.get_achievement(uow, achievement_id)
    if achievement is None or not achievement.is_published:
        raise NotFound("科技成果不存在")
    return achievement


def _is_owner(actor: User | None, achievement: Achievement) -> bool:
    return actor is not None and (actor.organization_id == achievement.organization_id
                                  or access.admin_covers(actor, achievement.region_code))


def may_evaluate(actor: User | None) -> bool:
    """Third-party evaluators: verified technology managers (their agency) and the platform's admins."""
    return access.is_broker(actor) or access.is_admin(actor)


def request_evaluation(uow: UnitOfWork, *, actor: User, achievement_id: int, raw: Mapping[str, Any]) -> int:
    with uow:
        achievement = _achievement(uow, achievement_id)
        if not _is_owner(actor, achievement):
            raise PermissionDenied("只有成果所属单位可以申请评价")
        errors = []
        purpose, kind = str(raw.get("purpose") or ""), str(raw.get("achievement_type") or "")
        try:
            rules.weights(kind or "应用技术类", purpose)
        except ValidationError as err:
            errors.append(err)
        if kind not in rules.ACHIEVEMENT_TYPES:
            errors.append(ValidationError("请选择成果类型", field="achievement_type", code="achievement_type"))
        if errors:
            raise ValidationErrors(errors)
        now = utcnow()
        evaluation = Evaluation(achievement_id, achievement.organization_id, actor.id or 0, purpose, kind,
                                weights={d.value: w for d, w in rules.weights(kind, purpose).items()},
                                created_at=now, updated_at=now)
        uow.repo(EvaluationRepository).add(evaluation)
        uow.flush()
        uow.commit()
        assert evaluation.id is not None
        return evaluation.id


def _comparisons(raw: Mapping[str, Any]) -> list[Comparison]:
    rows = []
    for i in range(1, 6):
        parts = [str(raw.get(f"cmp{i}_{k}") or "").strip()[:200] for k in ("indicator", "ours", "alternative", "theirs")]
        if any(parts):
            rows.append(Comparison(*parts))
    return rows


def score(uow: UnitOfWork, *, actor: User, evaluation_id: int, raw: Mapping[str, Any], today: date | None = None) -> None:
    """A third-party evaluator scores the five dimensions and grades the 三度; nothing is stored on any error."""
    if not may_evaluate(actor):
        raise PermissionDenied("只有第三方评价机构（认证技术经理人所在机构）可以评分")
    c = Collector(raw)
    assessors = [a for a in (c.text("assessors", "评价专家", required=True, max_len=300) or "").replace("，", "、")
                 .replace(",", "、").split("、") if a.strip()]
    conclusion = c.text("conclusion", "评价结论", required=True, max_len=2000)
    evidence = [e for e in c.text("evidence", "佐证材料", required=False, max_len=1000).split("\n") if e.strip()]
    trl = c.take("trl", lambda v: int(v) if str(v or "").isdigit() else 0)
    scores = {}
    try:
        scores = rules.check_scores({d.value: raw.get(d.value) for d in Dimension})
    except ValidationError as err:
        c.errors.append(err)
    comparisons = _comparisons(raw)
    try:
        rules.check_three_degrees(trl=trl, innovation=str(raw.get("innovation") or ""),
                                  advancement=str(raw.get("advancement") or ""), comparisons=comparisons)
    except ValidationError as err:
        c.errors.append(err)
    c.raise_if_any()
    with uow:
        repo = uow.repo(EvaluationRepository)
        evaluation = repo.get(evaluation_id)
        if evaluation is None:
            raise NotFound("评价记录不存在")
        if evaluation.status != "requested":
            raise ValidationError("该评价已完成评分，不能重复评分", code="already_scored")
        rules.check_assessors(owner_org_id=evaluation.owner_org_id, evaluator_org_id=actor.organization_id,
                              assessor_org_ids=[actor.organization_id], declared_conflict=raw.get("conflict") == "yes")
        w = {Dimension(k): v for k, v in evaluation.weights.items()}
        total = rules.total_score(scores, w)
        evaluation.scores = {d.value: str(v) for d, v in scores.items()}
        evaluation.total, evaluation.grade = total, rules.grade(total)
        evaluation.trl, evaluation.innovation = trl, str(raw.get("innovation"))
        evaluation.advancement = str(raw.get("advancement"))
        evaluation.comparisons = [c.__dict__ for c in comparisons]
        evaluation.assessors, evaluation.evidence, evaluation.conclusion = assessors, evidence, conclusion
        evaluation.evaluator_org_id, evaluation.evaluator_user_id = actor.organization_id, actor.id
        evaluation.status, evaluation.issued_on = "scored", today or beijing_today()
        evaluation.updated_at = utcnow()
        uow.commit()


def share(uow: UnitOfWork, *, actor: User, evaluation_id: int, party_name: str, purpose: str) -> None:
    """The owner consents to show the evaluation to a named financier or buyer (the consent is recorded)."""
    party, why = party_name.strip()[:200], purpose.strip()[:200]
    if not party:
        raise ValidationError("请填写共享对象（金融机构或受让方名称）", field="party_name", code="required")
    with uow:
        evaluation = uow.repo(EvaluationRepository).get(evaluation_id)
        if evaluation is None:
            raise NotFound("评价记录不存在")
        if actor.organization_id != evaluation.owner_org_id:
            raise PermissionDenied("只有成果所属单位可以授权共享评价报告")
        if evaluation.status != "scored":
            raise ValidationError("评价完成后才能共享", code="not_scored")
        org = organization_by_name(uow, party)  # a financier on the platform: finance's matching may then use it
        uow.repo(ShareRepository).add(EvaluationShare(evaluation_id, party, why or "融资/交易洽谈", actor.id or 0, utcnow(),
                                                      party_org_id=org.id if org else None))
        uow.commit()


@dataclass
class EvaluationView:
    evaluation: Evaluation
    achievement: Achievement
    expired: bool
    expires_on: date | None
    shares: list[EvaluationShare]
    radar: dict[str, Any] | None
    evaluator_name: str
    is_owner: bool
    may_score: bool


def radar_option(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "tooltip": {},
        "radar": {"indicator": [{"name": f"{d.label}（{evaluation.weights.get(d.value, 0)}%）", "max": 100}
                                for d in Dimension], "radius": "65%"},
        "series": [{"type": "radar", "name": "评价得分", "areaStyle": {"opacity": 0.2},
                    "data": [{"name": "得分", "value": [float(evaluation.scores.get(d.value, 0)) for d in Dimension]}]}],
    }


def view_evaluation(uow: UnitOfWork, *, viewer: User | None, evaluation_id: int, today: date | None = None) -> EvaluationView:
    with uow:
        evaluation = uow.repo(EvaluationRepository).get(evaluation_id)
        if evaluation is None:
            raise NotFound("评价记录不存在")
        achievement = _achievement(uow, evaluation.achievement_id)
        shares = list(uow.repo(ShareRepository).of_evaluation(evaluation_id))
        orgs = organizations_by_id(uow, [evaluation.evaluator_org_id or 0])
    is_owner = _is_owner(viewer, achievement)
    if not (is_owner or may_evaluate(viewer)):
        raise PermissionDenied("评价报告仅成果所属单位、评价机构和经授权的共享对象可见")
    scored = evaluation.status == "scored"
    org = orgs.get(evaluation.evaluator_org_id or 0)
    return EvaluationView(
        evaluation, achievement, rules.is_expired(evaluation.issued_on, today or beijing_today()),
        rules.expires_on(evaluation.issued_on) if evaluation.issued_on else None, shares,
        radar_option(evaluation) if scored else None, org.name if org else "", is_owner,
        not scored and may_evaluate(viewer) and viewer is not None and viewer.organization_id != evaluation.owner_org_id)


def waiting(uow: UnitOfWork) -> list[tuple[Evaluation, str]]:
    with uow:
        rows = list(uow.repo(EvaluationRepository).waiting())
        titles = listings.achievements_by_id(uow, [r.achievement_id for r in rows])
    return [(r, titles[r.achievement_id].title if r.achievement_id in titles else "") for r in rows]


# ---------------------------------------------------------------- valuation


def _dec(c: Collector, name: str, label: str, *, required: bool = True) -> Decimal | None:
    value = c.value(name)
    if value in (None, ""):
        if required:
            c.errors.append(ValidationError(f"请填写{label}", field=name, code="required"))
        return None
    try:
        parsed = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        c.errors.append(ValidationError(f"{label}“{value}”不是有效数字", field=name, code="number_format"))
        return None
    if not parsed.is_finite() or parsed < 0:
        c.errors.append(ValidationError(f"{label}不能为负数", field=name, code="negative"))
        return None
    return parsed


def _range(r: rules.Range) -> dict[str, str]:
    return {"low": str(r.low), "base": str(r.base), "high": str(r.high)}


def value(uow: UnitOfWork, *, actor: User, achievement_id: int, raw: Mapping[str, Any]) -> int:
    """Run the three methods of GB/T 39057-2020 on the inputs and store inputs and results together."""
    c = Collector(raw)
    revenue_text = str(raw.get("revenues") or "").replace("，", ",").replace("、", ",")
    revenues: list[Decimal] = []
    for part in [p for p in revenue_text.split(",") if p.strip()]:
        try:
            revenues.append(Decimal(part.strip()))
        except InvalidOperation:
            c.errors.append(ValidationError(f"收入预测“{part}”不是有效数字", field="revenues", code="number_format"))
    share_pct = _dec(c, "share_rate", "分成率（%）")
    discount = _dec(c, "discount_rate", "折现率（%）")
    cost = _dec(c, "replacement_cost", "重置成本（万元）")
    depreciation = _dec(c, "depreciation", "贬值率（%）")
    c.raise_if_any()
    assert share_pct is not None and discount is not None and cost is not None and depreciation is not None
    results: dict[str, Any] = {}
    errors: list[ValidationError] = []
    try:
        income = rules.income_range(revenues, share_pct, discount)
        results["income"] = {**_range(income), "sensitivity": [[str(x) for x in row] for row in
                                                                rules.sensitivity(revenues, share_pct, discount)]}
    except ValidationError as err:
        errors.append(err)
    try:
        results["cost"] = _range(rules.cost_range(cost, depreciation))
    except ValidationError as err:
        errors.append(err)
    if errors:
        raise ValidationErrors(errors)
    with uow:
        achievement = _achievement(uow, achievement_id)
        if not (_is_owner(actor, achievement) or may_evaluate(actor)):
            raise PermissionDenied("只有成果所属单位或评价机构可以估值")
        contract_type = str(raw.get("contract_type") or ContractType.TRANSFER.value)
        found = deals.comparable_contracts(uow, industry=achievement.industry, contract_types=[contract_type])
        trls = {a.id: a.trl for a in listings.achievements_by_id(uow, [a for _, a in found if a]).values()}
        # the TRL of the linked achievement when there is one, else the TRL the contract record itself gives
        comparables = [Comparable(x.title, x.amount, trl) for x, a in found if a != achievement.id
                       and (trl := trls.get(a) if a is not None and a in trls else x.trl) is not None]
        results["market_considered"] = {"contracts": len(found), "with_trl": len(comparables)}
        try:
            market, adjusted = rules.market_range(achievement.trl, comparables)
            results["market"] = {**_range(market), "comparables": [
                {"title": a.comparable.label, "amount": str(a.comparable.amount), "trl": a.comparable.trl,
                 "factor": str(a.factor), "adjusted": str(a.adjusted)} for a in adjusted]}
        except ValidationError as err:
            results["market_refused"] = err.message
        bases = [Decimal(results[m]["base"]) for m in ("income", "market", "cost") if m in results]
        lows = [Decimal(results[m]["low"]) for m in ("income", "market", "cost") if m in results]
        highs = [Decimal(results[m]["high"]) for m in ("income", "market", "cost") if m in results]
        overall = rules.Range(min(lows), rules.median(bases), max(highs))
        results["overall"] = _range(overall)
        pct, where = rules.deviation(achievement.asking_price, overall)
        results["deviation"] = {"percent": None if pct is None else str(pct), "where": where}
        inputs = {"revenues": [str(r) for r in revenues], "share_rate": str(share_pct), "discount_rate": str(discount),
                  "replacement_cost": str(cost), "depreciation": str(depreciation), "contract_type": contract_type,
                  "trl": achievement.trl, "industry": achievement.industry,
                  "industry_name": industry_name(achievement.industry)}
        valuation = Valuation(achievement_id, actor.id or 0, inputs, results, achievement.asking_price, utcnow())
        uow.repo(ValuationRepository).add(valuation)
        uow.flush()
        uow.commit()
        assert valuation.id is not None
        return valuation.id


@dataclass
class ValueSummary:
    achievement: Achievement
    evaluations: list[Evaluation]
    valuations: list[Valuation]
    is_owner: bool
    range_chart: dict[str, Any] | None


def range_option(v: Valuation) -> dict[str, Any]:
    methods = [(m, label) for m, label in (("income", "收益法"), ("market", "市场法"), ("cost", "成本法"),
                                           ("overall", "综合")) if m in v.results]
    option: dict[str, Any] = {
        "tooltip": {"trigger": "axis"}, "grid": {"left": 70, "right": 30, "top": 30, "bottom": 30},
        "xAxis": {"type": "category", "data": [label for _, label in methods]},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {"type": "bar", "stack": "r", "name": "下限", "itemStyle": {"color": "transparent"},
             "data": [float(v.results[m]["low"]) for m, _ in methods]},
            {"type": "bar", "stack": "r", "name": "估值区间",
             "data": [float(Decimal(v.results[m]["high"]) - Decimal(v.results[m]["low"])) for m, _ in methods]},
            {"type": "scatter", "name": "基准值", "data": [float(v.results[m]["base"]) for m, _ in methods]},
        ],
    }
    if v.asking_price is not None:
        option["series"].append({"type": "line", "name": "报价", "symbol": "none",
                                 "data": [float(v.asking_price)] * len(methods), "lineStyle": {"type": "dashed"}})
    return option


def summary(uow: UnitOfWork, *, viewer: User | None, achievement_id: int) -> ValueSummary:
    with uow:
        achievement = _achievement(uow, achievement_id)
        evaluations = list(uow.repo(EvaluationRepository).of_achievement(achievement_id))
        valuations = list(uow.repo(ValuationRepository).of_achievement(achievement_id))
    is_owner = _is_owner(viewer, achievement)
    if not (is_owner or may_evaluate(viewer)):
        evaluations = [e for e in evaluations if e.status == "scored"]  # scores public; full report on consent
    return ValueSummary(achievement, evaluations, valuations, is_owner,
                        range_option(valuations[0]) if valuations else None)
