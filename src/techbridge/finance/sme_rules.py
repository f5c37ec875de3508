"""科技型中小企业评价 computed from what a firm enters. Pure; a platform estimate, not the official result.

Source: 《科技型中小企业评价办法》（科技部 财政部 税务总局 国科发政〔2017〕115号）第六条、第七条 and its
annex 评价指标; the 2022 revision (国科发政〔2022〕67号) keeps the three indicators and the 60-point rule.

- Conditions: a resident enterprise registered in China; at most 500 staff, annual sales at most 2亿元
  and total assets at most 2亿元; products not in the prohibited/restricted/eliminated catalogues; no
  serious safety, quality, environmental or research-integrity breach and not on an abnormal-operation
  or serious-dishonesty list.
- Score (100): 科技人员 (20) + 研发投入 (50, the better of two ratios) + 科技成果 (30); it qualifies with a
  total of at least 60 and a 科技人员 score above 0.
- Direct pass of the score condition (with the 科技人员 score above 0): in the last three years a national
  science and technology award with the firm among the first three awardees, a newly recognised
  高新技术企业, a recognised provincial-or-higher R&D institution, or leading the drafting of an
  international, national or industry standard.

Bands are "lower bound included": 科技人员 30% scores A, 25% (incl.) to 30% scores B, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

LABEL = "平台测算，非官方认定"
SOURCE = "《科技型中小企业评价办法》（国科发政〔2017〕115号，2022年修订 国科发政〔2022〕67号）"
MAX_STAFF = 500
MAX_SALES_WAN = Decimal("20000")  # 2亿元
MAX_ASSETS_WAN = Decimal("20000")
PASS_SCORE = 60

# (lower bound of the ratio in percent, points), best band first
STAFF_BANDS = ((Decimal(30), 20), (Decimal(25), 16), (Decimal(20), 12), (Decimal(15), 8), (Decimal(10), 4))
RD_SALES_BANDS = ((Decimal(6), 50), (Decimal(5), 40), (Decimal(4), 30), (Decimal(3), 20), (Decimal(2), 10))
RD_COST_BANDS = ((Decimal(30), 50), (Decimal(25), 40), (Decimal(20), 30), (Decimal(15), 20), (Decimal(10), 10))

DIRECT_PASS = {
    "national_award": "近三年内获得过国家级科技奖励，并在获奖单位中排在前三名",
    "new_high_tech": "近三年内新认定的高新技术企业",
    "rd_institution": "近三年内拥有经认定的省部级以上研发机构",
    "standard": "近三年内主导制定过国际标准、国家标准或行业标准",
}


@dataclass(frozen=True)
class FirmFacts:
    """What the firm enters (last year's figures; money in 万元)."""

    staff: int  # 职工总数
    tech_staff: int  # 科技人员数
    sales: Decimal  # 销售收入
    assets: Decimal  # 资产总额
    rd_expense: Decimal  # 研发费用总额
    total_cost: Decimal  # 成本费用支出总额
    class1_ip: int = 0  # Ⅰ类知识产权: 发明专利、植物新品种、国家新药、集成电路布图设计专有权…
    class2_ip: int = 0  # Ⅱ类知识产权: 实用新型、外观设计、软件著作权（不含商标）
    registered_in_china: bool = True
    prohibited_industry: bool = False
    serious_breach: bool = False  # 重大安全/质量事故、严重环境违法、科研严重失信、经营异常名录或严重违法失信名单
    direct_pass: tuple[str, ...] = ()  # keys of DIRECT_PASS


@dataclass(frozen=True)
class Line:
    indicator: str
    value: str  # the ratio or count, as shown
    band: str  # A–F
    points: int
    maximum: int
    rule: str  # the band table in words


@dataclass
class SmeScore:
    total: int
    lines: list[Line]
    qualifies: bool
    reasons: list[str] = field(default_factory=list)  # why it does or does not qualify
    direct_pass: list[str] = field(default_factory=list)
    label: str = LABEL
    source: str = SOURCE

    @property
    def formula(self) -> str:
        return "总分 = 科技人员（20） + 研发投入（50，两项比例取高） + 科技成果（30）；总分≥60且科技人员得分>0为符合"


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def _band(ratio: Decimal, bands: tuple[tuple[Decimal, int], ...]) -> tuple[str, int]:
    for letter, (lower, points) in zip("ABCDE", bands, strict=True):
        if ratio >= lower:
            return letter, points
    return "F", 0


def _rule(bands: tuple[tuple[Decimal, int], ...]) -> str:
    return "；".join(f"≥{lower}%得{points}分" for lower, points in bands) + "；否则0分"


def ip_points(class1: int, class2: int) -> tuple[str, int]:
    """科技成果: one or more Ⅰ类 30; Ⅱ类 4+ 24, 3 18, 2 12, 1 6; none 0."""
    if class1 >= 1:
        return "A", 30
    return {0: ("F", 0), 1: ("E", 6), 2: ("D", 12), 3: ("C", 18)}.get(class2, ("B", 24))


def evaluate(facts: FirmFacts) -> SmeScore:
    """The score with each indicator's band, and whether the firm would qualify."""
    staff_ratio = _percent(facts.tech_staff, facts.staff)
    s_band, s_points = _band(staff_ratio, STAFF_BANDS)
    sales_ratio = _percent(facts.rd_expense, facts.sales)
    cost_ratio = _percent(facts.rd_expense, facts.total_cost)
    r1_band, r1 = _band(sales_ratio, RD_SALES_BANDS) if facts.sales > 0 else ("F", 0)
    r2_band, r2 = _band(cost_ratio, RD_COST_BANDS) if facts.total_cost > 0 else ("F", 0)
    if r1 >= r2:
        rd = Line("研发投入（研发费用占销售收入）", f"{sales_ratio}%", r1_band, r1, 50, _rule(RD_SALES_BANDS))
    else:
        rd = Line("研发投入（研发费用占成本费用支出）", f"{cost_ratio}%", r2_band, r2, 50, _rule(RD_COST_BANDS))
    ip_band, ip = ip_points(facts.class1_ip, facts.class2_ip)
    lines = [
        Line("科技人员（占职工总数）", f"{staff_ratio}%", s_band, s_points, 20, _rule(STAFF_BANDS)),
        rd,
        Line("科技成果（有效知识产权）", f"Ⅰ类{facts.class1_ip}项、Ⅱ类{facts.class2_ip}项", ip_band, ip, 30,
             "1项及以上Ⅰ类得30分；Ⅱ类4项及以上24分、3项18分、2项12分、1项6分；没有0分"),
    ]
    total = s_points + rd.points + ip
    reasons: list[str] = []
    if not facts.registered_in_china:
        reasons.append("须为在中国境内（不含港澳台）注册的居民企业")
    if facts.staff > MAX_STAFF:
        reasons.append(f"职工总数{facts.staff}人，超过{MAX_STAFF}人的上限")
    if facts.sales > MAX_SALES_WAN:
        reasons.append(f"年销售收入{facts.sales}万元，超过2亿元的上限")
    if facts.assets > MAX_ASSETS_WAN:
        reasons.append(f"资产总额{facts.assets}万元，超过2亿元的上限")
    if facts.prohibited_industry:
        reasons.append("产品和服务属于国家规定的禁止、限制和淘汰类")
    if facts.serious_breach:
        reasons.append("上一年及当年内发生过重大事故、严重违法失信行为或列入经营异常名录")
    direct = [DIRECT_PASS[k] for k in facts.direct_pass if k in DIRECT_PASS]
    if s_points == 0:
        reasons.append("科技人员指标得分为0分（科技人员占比低于10%），不符合")
    elif total < PASS_SCORE and not direct:
        reasons.append(f"综合得分{total}分，低于{PASS_SCORE}分")
    qualifies = not reasons
    if qualifies:
        reasons.append(f"综合得分{total}分，满足≥{PASS_SCORE}分且科技人员得分不为0" if total >= PASS_SCORE
                       else f"综合得分{total}分，但符合直接认定条件：{'；'.join(direct)}")
    return SmeScore(total, lines, qualifies, reasons, direct)
