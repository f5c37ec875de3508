"""创新积分 estimated from what a firm enters. Pure; a platform estimate, never the official 积分.

Source: 科学技术部火炬高技术产业开发中心《企业创新积分制工作指引》 and its indicator system (全国试行版, 2022):
core indicators in three families — 技术创新指标 (R&D spending and its intensity, R&D staff and their share,
intellectual property, technology contracts), 成长经营指标 (revenue growth, the share of high-tech product
revenue, equity financing) and 辅助指标 (science and technology awards, recognised R&D institutions, government
science and technology projects, standards). Each 高新区 sets its own weights and scores a firm against the other
firms of its park, so no national formula exists to copy. This estimate keeps the published families and those of
their indicators a firm can enter itself, with fixed weights (技术创新 600, 成长经营 300, 辅助 100 of 1,000 — the
family order of the guide, weighted by the platform) and fixed bands instead of ranks among peers. The formula is
shown with every result, and the result is labelled "平台测算，非官方认定".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

LABEL = "平台测算，非官方认定"
SOURCE = "科技部火炬中心《企业创新积分制工作指引》企业创新积分指标体系（技术创新、成长经营、辅助三类指标）"
MAX_POINTS = 1000
FAMILIES = (("tech", "技术创新指标", 600), ("growth", "成长经营指标", 300), ("aux", "辅助指标", 100))

# (lower bound included, points), best band first. Amounts in 万元, ratios in percent.
BANDS: dict[str, tuple[str, str, str, int, tuple[tuple[Decimal, int], ...]]] = {
    # key: (family, label, unit, max points, bands)
    "rd_expense": ("tech", "研发费用总额", "万元", 150,
                   ((Decimal(1000), 150), (Decimal(500), 120), (Decimal(200), 90), (Decimal(100), 60),
                    (Decimal("0.01"), 30))),
    "rd_ratio": ("tech", "研发费用占营业收入比例", "%", 150,
                 ((Decimal(10), 150), (Decimal(6), 120), (Decimal(4), 90), (Decimal(3), 60), (Decimal("0.01"), 30))),
    "rd_staff": ("tech", "研发人员数", "人", 75,
                 ((Decimal(50), 75), (Decimal(20), 60), (Decimal(10), 45), (Decimal(5), 30), (Decimal(1), 15))),
    "rd_staff_ratio": ("tech", "研发人员占职工总数比例", "%", 75,
                       ((Decimal(30), 75), (Decimal(20), 60), (Decimal(10), 45), (Decimal(5), 30), (Decimal("0.01"), 15))),
    "invention_patents": ("tech", "有效发明专利（Ⅰ类知识产权）", "项", 100,
                          ((Decimal(10), 100), (Decimal(5), 80), (Decimal(3), 60), (Decimal(1), 40))),
    "tech_contracts": ("tech", "近一年技术合同登记成交额", "万元", 50,
                       ((Decimal(500), 50), (Decimal(100), 35), (Decimal("0.01"), 20))),
    "revenue_growth": ("growth", "营业收入增长率", "%", 120,
                       ((Decimal(30), 120), (Decimal(20), 96), (Decimal(10), 72), (Decimal(0), 36))),
    "high_tech_share": ("growth", "高新技术产品（服务）收入占营业收入比例", "%", 90,
                        ((Decimal(60), 90), (Decimal(40), 72), (Decimal(20), 54), (Decimal("0.01"), 27))),
    "equity_financing": ("growth", "近三年股权融资额", "万元", 90,
                         ((Decimal(5000), 90), (Decimal(1000), 72), (Decimal(300), 54), (Decimal("0.01"), 36))),
}
AUXILIARY = {  # 辅助指标: 25 points each, yes or no
    "award": "获得省部级及以上科技奖励",
    "rd_institution": "建有省级及以上研发机构（重点实验室、工程技术研究中心、企业技术中心等）",
    "government_project": "承担省部级及以上科技计划项目",
    "standard": "主持或参与制定国际、国家或行业标准",
}
AUX_POINTS = 25


@dataclass(frozen=True)
class InnovationFacts:
    """What the firm enters (last year's figures; money in 万元)."""

    revenue: Decimal  # 营业收入
    revenue_prior: Decimal  # 前一年（上上年度）营业收入, for growth
    rd_expense: Decimal
    staff: int
    rd_staff: int
    invention_patents: int = 0
    tech_contracts: Decimal = Decimal(0)
    high_tech_revenue: Decimal = Decimal(0)
    equity_financing: Decimal = Decimal(0)
    auxiliary: tuple[str, ...] = ()  # keys of AUXILIARY


@dataclass(frozen=True)
class Line:
    family: str
    indicator: str
    value: str
    points: int
    max_points: int
    rule: str


@dataclass
class InnovationScore:
    total: int
    lines: list[Line]
    by_family: dict[str, int] = field(default_factory=dict)
    label: str = LABEL
    source: str = SOURCE

    @property
    def formula(self) -> str:
        parts = "＋".join(f"{label}（满分{points}）" for _, label, points in FAMILIES)
        return (f"创新积分估算 = {parts}，满分{MAX_POINTS}分；各指标按所列分档取分后相加。"
                "官方积分由各高新区按园区内企业排名赋分，本测算以固定分档近似，仅供参考。")


def _ratio(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band_points(value: Decimal, bands: tuple[tuple[Decimal, int], ...]) -> int:
    """The points of the first band whose lower bound the value reaches; 0 below every band."""
    return next((points for lower, points in bands if value >= lower), 0)


def _rule(unit: str, bands: tuple[tuple[Decimal, int], ...]) -> str:
    return "；".join(f"≥{lower.normalize():f}{unit}得{points}分" for lower, points in bands) + "；否则0分"


def values(facts: InnovationFacts) -> dict[str, Decimal]:
    """Each indicator's value from the entered figures (ratios in percent)."""
    growth = (_ratio(facts.revenue - facts.revenue_prior, facts.revenue_prior) if facts.revenue_prior
              else Decimal(0))
    return {
        "rd_expense": facts.rd_expense, "rd_ratio": _ratio(facts.rd_expense, facts.revenue),
        "rd_staff": Decimal(facts.rd_staff), "rd_staff_ratio": _ratio(facts.rd_staff, facts.staff),
        "invention_patents": Decimal(facts.invention_patents), "tech_contracts": facts.tech_contracts,
        "revenue_growth": growth, "high_tech_share": _ratio(facts.high_tech_revenue, facts.revenue),
        "equity_financing": facts.equity_financing,
    }


def estimate(facts: InnovationFacts) -> InnovationScore:
    """The estimate with each indicator's value, points and band rule, and the subtotal of each family."""
    lines = []
    for key, value in values(facts).items():
        family, label, unit, max_points, bands = BANDS[key]
        shown = f"{value.normalize():f}{unit}" if unit != "万元" else f"{value:.2f}万元"
        lines.append(Line(family, label, shown, band_points(value, bands), max_points, _rule(unit, bands)))
    for key, label in AUXILIARY.items():
        yes = key in facts.auxiliary
        lines.append(Line("aux", label, "是" if yes else "否", AUX_POINTS if yes else 0, AUX_POINTS,
                          f"是得{AUX_POINTS}分，否0分"))
    by_family = {key: sum(x.points for x in lines if x.family == key) for key, _, _ in FAMILIES}
    return InnovationScore(sum(by_family.values()), lines, by_family)
