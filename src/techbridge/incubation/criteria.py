"""The national criteria a carrier can run on itself, as pure checks that each cite their clause.

- 孵化器: 《科技企业孵化器管理办法》(国科发区〔2018〕300号) 第六条, the conditions for 国家级科技企业孵化器,
  items (一)–(七). The thresholds were checked against republished texts of the measure: (四) professional
  incubation staff ≥ 80% of the operator's staff and, per 10 tenant firms, ≥ 1 such staff member and ≥ 1 mentor;
  (五) tenants that applied for patents ≥ 50% or hold valid IP ≥ 30%; (六) ≥ 50 tenant firms and ≥ 3 per
  1,000 m²; (七) ≥ 20 graduated firms in all. The relaxed figures for 专业孵化器 (same-industry tenants ≥ 75%)
  are not modelled: such a carrier is checked against the general figures.
- 众创空间: 《国家众创空间备案暂行规定》(国科火字〔2017〕120号), 备案条件 (三)–(十), the record-filing conditions
  for a 国家备案众创空间 that the 《发展众创空间工作指引》(国科发火〔2015〕297号) path leads to. Conditions (一)
  and (二) (a clear model; a dedicated operator, normally a legal person) are judged by people, not by numbers.
- 加速器 and 产业园区 have no national recognition criteria of this kind: their card lists no checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from techbridge.incubation.rules import CarrierFacts, CarrierKind, Tenancy, TenancyStatus, months_between

INCUBATOR_SOURCE = "《科技企业孵化器管理办法》(国科发区〔2018〕300号) 第六条"
MAKERSPACE_SOURCE = "《国家众创空间备案暂行规定》(国科火字〔2017〕120号) 备案条件"


@dataclass(frozen=True)
class Check:
    clause: str
    requirement: str
    actual: str
    passed: bool
    verified: bool = True  # the threshold was checked against the text of the measure


def _share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """A percentage, exact (compared with thresholds unrounded; shown with `_pct`)."""
    return Decimal(0) if not whole else Decimal(part) * 100 / Decimal(whole)


def _pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}"


def national_incubator_checks(facts: CarrierFacts, *, today: date) -> list[Check]:
    """第六条 (一)–(七) of 国科发区〔2018〕300号 as checks against the carrier's own facts."""
    incubating = [t for t in facts.tenancies if t.status == TenancyStatus.INCUBATING.value]
    graduated = [t for t in facts.tenancies if t.status == TenancyStatus.GRADUATED.value]
    n = len(incubating)
    tenant_share = _share(facts.tenant_area_m2, facts.area_m2)
    funded = _share(sum(1 for t in incubating if t.funded), n)
    patent = _share(sum(1 for t in incubating if t.has_patent_application), n)
    valid_ip = _share(sum(1 for t in incubating if t.has_valid_ip), n)
    per_thousand = Decimal(n) * 1000 / facts.area_m2 if facts.area_m2 else Decimal(0)
    pro_share = _share(facts.professional_staff, facts.staff)
    return [
        Check("第六条（一）", "实际注册并运营满3年，且至少连续2年报送真实完整的统计数据",
              f"运营 {facts.years_operating} 年，报送统计 {facts.years_of_statistics} 年",
              facts.years_operating >= 3 and facts.years_of_statistics >= 2),
        Check("第六条（二）", "可自主支配的孵化场地面积不低于10000平方米，其中在孵企业使用面积（含公共服务面积）占75%以上",
              f"{facts.area_m2} 平方米，在孵使用占 {_pct(tenant_share)}%",
              facts.area_m2 >= 10000 and tenant_share >= 75),
        Check("第六条（三）", "自有种子资金或合作的孵化资金不低于500万元，获得投融资的在孵企业占比不低于10%，不少于3个资金使用案例",
              f"资金 {facts.seed_fund_wan} 万元，获投融资占 {_pct(funded)}%，案例 {facts.fund_cases} 个",
              facts.seed_fund_wan >= 500 and funded >= 10 and facts.fund_cases >= 3),
        Check("第六条（四）", "专业孵化服务人员占机构总人数80%以上，每10家在孵企业至少配备1名专业孵化服务人员和1名创业导师",
              f"专业人员占 {_pct(pro_share)}%，{facts.professional_staff} 名专业人员、{facts.mentors} 名导师服务 {n} 家",
              pro_share >= 80 and facts.professional_staff * 10 >= n and facts.mentors * 10 >= n),
        Check("第六条（五）", "已申请专利的在孵企业占比不低于50%，或拥有有效知识产权的占比不低于30%",
              f"已申请专利 {_pct(patent)}%，有效知识产权 {_pct(valid_ip)}%", patent >= 50 or valid_ip >= 30),
        Check("第六条（六）", "在孵企业不少于50家，且每千平方米平均在孵企业不少于3家",
              f"在孵 {n} 家，每千平方米 {_pct(per_thousand)} 家", n >= 50 and per_thousand >= 3),
        Check("第六条（七）", "累计毕业企业达到20家以上", f"累计毕业 {len(graduated)} 家", len(graduated) >= 20),
    ]


def in_year_before(t: Tenancy, today: date) -> bool:
    """A tenancy that held a place at some time in the twelve months up to `today` (a 年协议入驻 team or firm)."""
    return t.moved_in <= today and (t.moved_out is None or t.moved_out > today - timedelta(days=365))


def makerspace_checks(facts: CarrierFacts, *, today: date) -> list[Check]:
    """备案条件 (三)–(十) of 国科火字〔2017〕120号 against the carrier's own facts (the last twelve months)."""
    months = months_between(facts.opened_on, today) if facts.opened_on else 0
    share = _share(facts.tenant_area_m2, facts.area_m2)
    year = [t for t in facts.tenancies if in_year_before(t, today)]
    funded = sum(1 for t in year if t.funded)
    return [
        Check("备案条件（三）", "运营时间满18个月",
              f"运营 {months} 个月" if facts.opened_on else "未填写开始运营日期", months >= 18),
        Check("备案条件（四）", "服务场地不低于500平方米或创业工位不少于30个，工位和公共服务场地面积不低于总面积的75%",
              f"{facts.area_m2} 平方米、{facts.workstations} 个工位，工位和公共服务场地占 {_pct(share)}%",
              (facts.area_m2 >= 500 or facts.workstations >= 30) and share >= 75),
        Check("备案条件（五）", "年协议入驻创业团队和企业不低于20家", f"近12个月入驻 {len(year)} 家", len(year) >= 20),
        Check("备案条件（六）", "入驻团队每年注册成为新企业不低于10家，或每年不低于5家获得融资",
              f"新注册企业 {facts.new_firms_per_year} 家，获得融资 {funded} 家",
              facts.new_firms_per_year >= 10 or funded >= 5),
        Check("备案条件（七）", "每年不少于3个典型孵化案例", f"典型案例 {facts.typical_cases} 个", facts.typical_cases >= 3),
        Check("备案条件（八）", "至少3名具备专业服务能力的专职人员，聘请至少3名专兼职导师",
              f"专职人员 {facts.professional_staff} 名，导师 {facts.mentors} 名",
              facts.professional_staff >= 3 and facts.mentors >= 3),
        Check("备案条件（九）", "每年开展创业沙龙、路演、创业大赛、创业教育培训等活动不少于10场次",
              f"{facts.events_per_year} 场次", facts.events_per_year >= 10),
        Check("备案条件（十）", "按科技部火炬中心要求上报统计数据", f"已报送 {facts.years_of_statistics} 年",
              facts.years_of_statistics >= 1),
    ]


def checks_for(kind: str, facts: CarrierFacts, *, today: date) -> tuple[str, list[Check]]:
    """The measure that applies to a kind of carrier and its checks ('' and none for 加速器 / 产业园区)."""
    if kind == CarrierKind.INCUBATOR.value:
        return INCUBATOR_SOURCE, national_incubator_checks(facts, today=today)
    if kind == CarrierKind.MAKERSPACE.value:
        return MAKERSPACE_SOURCE, makerspace_checks(facts, today=today)
    return "", []
