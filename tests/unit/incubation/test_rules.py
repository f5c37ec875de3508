"""Incubation rules: tenancy periods and statuses, and the national incubator criteria as checks."""

from datetime import date
from decimal import Decimal

import pytest

from techbridge.incubation.criteria import national_incubator_checks
from techbridge.incubation.rules import CarrierFacts, Tenancy, check_tenancy, months_between, overlapping
from techbridge.kernel.codes import uscc_check_char
from techbridge.kernel.errors import ValidationError

TODAY = date(2026, 12, 4)


def code(n: int) -> str:
    body = f"91120116{n:09d}"
    return body + uscc_check_char(body)


def tenant(n: int, **kw) -> Tenancy:
    return Tenancy(1, f"企业{n}", code(n), date(2025, 1, 1), **kw)


def test_a_tenancy_checks_its_credit_code_and_its_dates_against_its_status():
    with pytest.raises(ValidationError):
        check_tenancy(Tenancy(1, "甲", code(3)[:-1] + ("0" if code(3)[-1] != "0" else "1"), date(2025, 1, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="请填写离开日期"):
        check_tenancy(tenant(1, status="graduated"), today=TODAY)
    with pytest.raises(ValidationError, match="不应有迁出日期"):
        check_tenancy(tenant(1, moved_out=date(2026, 1, 1)), today=TODAY)
    with pytest.raises(ValidationError, match="不能早于入驻日期"):
        check_tenancy(tenant(1, status="moved_out", moved_out=date(2024, 1, 1)), today=TODAY)
    check_tenancy(tenant(1, status="graduated", moved_out=date(2026, 6, 30)), today=TODAY)


def test_months_and_overlaps_of_tenancies():
    assert months_between(date(2026, 3, 15), date(2026, 5, 14)) == 1
    assert months_between(date(2026, 3, 15), date(2026, 5, 15)) == 2
    a = tenant(7, status="graduated", moved_out=date(2026, 1, 1))
    b = Tenancy(1, "企业7", code(7), date(2025, 12, 1))
    assert overlapping(a, b, today=TODAY)
    assert not overlapping(a, Tenancy(1, "企业7", code(7), date(2026, 1, 1)), today=TODAY)


def facts(**kw) -> CarrierFacts:
    base = dict(years_operating=4, years_of_statistics=3, area_m2=Decimal("12000"), tenant_area_m2=Decimal("9600"),
                seed_fund_wan=Decimal("800"), fund_cases=4, professional_staff=9, staff=10, mentors=8,
                tenancies=[tenant(i, funded=i % 5 == 0, has_patent_application=i % 2 == 0) for i in range(60)]
                + [tenant(100 + i, status="graduated", moved_out=date(2026, 1, 1)) for i in range(25)])
    base.update(kw)
    return CarrierFacts(**base)


def test_a_carrier_meeting_every_criterion_passes_every_check_and_each_cites_its_clause():
    checks = national_incubator_checks(facts(), today=TODAY)
    assert [c.clause for c in checks] == [f"第六条（{n}）" for n in "一二三四五六七"]
    assert all(c.passed for c in checks), [c for c in checks if not c.passed]
    assert all(c.verified for c in checks)


def test_each_threshold_fails_just_below_it():
    def failing(**kw):
        return [c.clause for c in national_incubator_checks(facts(**kw), today=TODAY) if not c.passed]
    assert failing(area_m2=Decimal("9999")) == ["第六条（二）"]
    assert failing(tenant_area_m2=Decimal("8999")) == ["第六条（二）"]  # 74.99% < 75%
    assert failing(seed_fund_wan=Decimal("499.99")) == ["第六条（三）"]
    assert failing(years_of_statistics=1) == ["第六条（一）"]
    assert failing(mentors=5) == ["第六条（四）"]
    few = [tenant(i) for i in range(49)] + [tenant(100 + i, status="graduated", moved_out=date(2026, 1, 1)) for i in range(19)]
    assert {"第六条（六）", "第六条（七）"} <= set(failing(tenancies=few))
    tenants = [tenant(i, funded=i % 5 == 0, has_patent_application=i % 2 == 0) for i in range(49)]
    graduates = [tenant(200 + i, status="graduated", moved_out=date(2026, 1, 1)) for i in range(20)]
    assert failing(tenancies=tenants + graduates) == ["第六条（六）"]  # 49 tenants, 20 graduates
    assert failing(tenancies=tenants + [tenant(49)] + graduates[:19]) == ["第六条（七）"]  # 50 tenants, 19 graduates
    assert failing(area_m2=Decimal("20001"), tenant_area_m2=Decimal("15001")) == ["第六条（六）"]  # 60/20.001 < 3 per 1000


def test_a_firms_moves_along_the_chain_are_counted_in_whole_months_from_its_first_stay_in_each_kind():
    from techbridge.incubation.rules import chain_steps

    def stay(kind, n, moved_in, carrier=1):
        return kind, Tenancy(carrier, f"企业{n}", code(n), moved_in)

    spans = chain_steps([stay("incubator", 1, date(2024, 3, 15), 2), stay("makerspace", 1, date(2023, 1, 20)),
                         stay("makerspace", 1, date(2023, 9, 1)),  # a second makerspace stay: the first one counts
                         stay("accelerator", 1, date(2025, 3, 14), 3),
                         stay("incubator", 2, date(2024, 1, 1)), stay("makerspace", 2, date(2024, 6, 1)),  # backwards
                         stay("industrial_park", 3, date(2025, 1, 1))])
    assert [(s.step, s.credit_code, s.months) for s in spans] == [
        ("makerspace>incubator", code(1), 13), ("incubator>accelerator", code(1), 11)]
    assert spans[0].from_carrier_id == 1 and spans[0].to_carrier_id == 2
