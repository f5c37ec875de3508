"""The national criteria as checks, with worked examples: a 省级 incubator short of 国家级, and a 众创空间
that meets the 国家备案 conditions (国科火字〔2017〕120号) until one figure drops below its threshold."""

from datetime import date
from decimal import Decimal

from techbridge.incubation.criteria import (
    INCUBATOR_SOURCE,
    MAKERSPACE_SOURCE,
    checks_for,
    in_year_before,
    makerspace_checks,
    national_incubator_checks,
)
from techbridge.incubation.rules import CarrierFacts, Tenancy
from techbridge.kernel.codes import uscc_check_char

TODAY = date(2026, 12, 4)


def code(n: int) -> str:
    body = f"91120116{n:09d}"
    return body + uscc_check_char(body)


def team(n: int, moved_in: date = date(2026, 3, 1), **kw) -> Tenancy:
    return Tenancy(1, f"团队{n}", code(n), moved_in, **kw)


def space(**kw) -> CarrierFacts:
    base = dict(years_operating=2, years_of_statistics=1, area_m2=Decimal("800"), tenant_area_m2=Decimal("640"),
                seed_fund_wan=Decimal("100"), fund_cases=1, professional_staff=4, staff=5, mentors=6,
                tenancies=[team(i, funded=i < 5) for i in range(20)], opened_on=date(2025, 6, 4), workstations=60,
                events_per_year=12, typical_cases=3, new_firms_per_year=4)
    base.update(kw)
    return CarrierFacts(**base)


def failing(**kw) -> list[str]:
    return [c.clause for c in makerspace_checks(space(**kw), today=TODAY) if not c.passed]


def test_a_makerspace_meeting_every_filing_condition_passes_all_eight_checks():
    checks = makerspace_checks(space(), today=TODAY)
    assert [c.clause for c in checks] == [f"备案条件（{n}）" for n in "三四五六七八九十"]
    assert all(c.passed for c in checks), [c for c in checks if not c.passed]
    assert checks[0].actual == "运营 18 个月"  # 2025-06-04 → 2026-12-04


def test_each_makerspace_threshold_fails_just_below_it():
    assert failing(opened_on=date(2025, 6, 5)) == ["备案条件（三）"]  # 17 months and 30 days
    assert failing(opened_on=None) == ["备案条件（三）"]
    assert failing(area_m2=Decimal("499"), tenant_area_m2=Decimal("400"), workstations=29) == ["备案条件（四）"]
    assert failing(area_m2=Decimal("499"), tenant_area_m2=Decimal("400"), workstations=30) == []  # either suffices
    assert failing(tenant_area_m2=Decimal("599.99")) == ["备案条件（四）"]  # 74.99% of 800
    assert failing(tenancies=[team(i, funded=i < 5) for i in range(19)]) == ["备案条件（五）"]
    assert failing(tenancies=[team(i, funded=i < 4) for i in range(20)]) == ["备案条件（六）"]
    assert failing(tenancies=[team(i, funded=i < 4) for i in range(20)], new_firms_per_year=10) == []
    assert failing(typical_cases=2) == ["备案条件（七）"]
    assert failing(professional_staff=2) == ["备案条件（八）"]
    assert failing(mentors=2) == ["备案条件（八）"]
    assert failing(events_per_year=9) == ["备案条件（九）"]
    assert failing(years_of_statistics=0) == ["备案条件（十）"]


def test_a_team_counts_for_the_year_while_it_held_a_place_in_the_last_twelve_months():
    assert in_year_before(team(1, date(2024, 1, 1), status="graduated", moved_out=date(2025, 12, 5)), TODAY)
    assert not in_year_before(team(1, date(2024, 1, 1), status="graduated", moved_out=date(2025, 12, 4)), TODAY)
    assert not in_year_before(team(1, date(2026, 12, 5)), TODAY)
    old = [team(i, date(2024, 1, 1), status="moved_out", moved_out=date(2025, 6, 1)) for i in range(100, 110)]
    assert failing(tenancies=[team(i, funded=i < 5) for i in range(15)] + old) == ["备案条件（五）"]


def test_worked_example_a_provincial_incubator_meets_three_of_seven_national_conditions():
    # 15,600 m² (12,400 used by tenants), 1,200万元 fund with 5 cases, 14 of 16 staff professional, 9 mentors;
    # 40 tenants, 6 of them funded, 18 with patent applications; 12 graduates.
    tenants = [team(i, has_patent_application=i < 18, funded=i < 6) for i in range(40)]
    graduates = [team(100 + i, date(2022, 1, 1), status="graduated", moved_out=date(2025, 1, 1)) for i in range(12)]
    facts = CarrierFacts(5, 4, Decimal("15600"), Decimal("12400"), Decimal("1200"), 5, 14, 16, 9,
                         tenants + graduates)
    checks = {c.clause: c for c in national_incubator_checks(facts, today=TODAY)}
    assert checks["第六条（一）"].passed and checks["第六条（二）"].passed  # 79.5% ≥ 75%
    assert checks["第六条（三）"].passed  # 6/40 = 15% ≥ 10%
    assert checks["第六条（四）"].passed  # 87.5% ≥ 80%; 14 staff and 9 mentors cover 40 tenants
    assert not checks["第六条（五）"].passed and checks["第六条（五）"].actual == "已申请专利 45.0%，有效知识产权 0.0%"
    assert not checks["第六条（六）"].passed and "每千平方米 2.6 家" in checks["第六条（六）"].actual
    assert not checks["第六条（七）"].passed and checks["第六条（七）"].actual == "累计毕业 12 家"


def test_each_kind_of_carrier_gets_the_measure_that_applies_to_it():
    facts = space()
    assert checks_for("incubator", facts, today=TODAY)[0] == INCUBATOR_SOURCE
    assert checks_for("makerspace", facts, today=TODAY)[0] == MAKERSPACE_SOURCE
    assert checks_for("accelerator", facts, today=TODAY) == ("", [])
    assert checks_for("industrial_park", facts, today=TODAY) == ("", [])
