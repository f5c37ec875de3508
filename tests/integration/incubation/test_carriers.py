"""Carriers, tenancies and the compliance card on SQLite and PostgreSQL, and over HTTP."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from techbridge.incubation import service as incubation
from techbridge.incubation.repository import CarrierRepository
from techbridge.incubation.rules import Carrier, Tenancy
from techbridge.kernel.codes import uscc_check_char
from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationError
from techbridge.web.app import create_app
from tests.support.factories import credit_code, make_org, make_user


def code(n):
    body = f"91130602{n:09d}"
    return body + uscc_check_char(body)


@pytest.fixture
def carrier(platform):
    org = make_org(platform, name="测试孵化器运营公司", org_type="企业", region="保定竞秀区", code=credit_code("91", "130602"))
    with platform.uow() as uow:
        c = Carrier("测试孵化器", "incubator", "省级", org, "130602", "baoding-zgc", Decimal("12000"), Decimal("9000"),
                    Decimal("600"), 3, 9, 10, 5, 4, 3, created_at=datetime(2026, 1, 5))
        uow.repo(CarrierRepository).add(c)
        uow.commit()
        cid = c.id
    return cid, make_user(platform, role="seeker", org_id=org)


def test_tenancies_are_checked_and_an_overlapping_stay_is_refused(platform, carrier):
    cid, operator = carrier
    incubation.add_tenancy(platform.uow(), actor=operator, tenancy=Tenancy(cid, "甲", code(1), date(2025, 1, 1)))
    with pytest.raises(Conflict):
        incubation.add_tenancy(platform.uow(), actor=operator, tenancy=Tenancy(cid, "甲", code(1), date(2025, 6, 1)))
    with pytest.raises(ValidationError, match="离开日期"):
        incubation.add_tenancy(platform.uow(), actor=operator,
                               tenancy=Tenancy(cid, "乙", code(2), date(2025, 1, 1), status="graduated"))
    stranger = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业"))
    with pytest.raises(PermissionDenied):
        incubation.add_tenancy(platform.uow(), actor=stranger, tenancy=Tenancy(cid, "丙", code(3), date(2025, 1, 1)))
    card = incubation.compliance_card(platform.uow(), carrier_id=cid)
    assert len(card.tenancies) == 1
    assert not next(c for c in card.checks if c.clause == "第六条（七）").passed  # 1 firm, not 50


def test_the_card_page_cites_the_measure_and_its_clauses(platform, carrier):
    client = TestClient(create_app(platform=platform), base_url="http://testserver")
    page = client.get(f"/incubation/{carrier[0]}").text
    assert "国科发区〔2018〕300号" in page and "第六条（二）" in page and "待核实" not in page
    assert client.get("/incubation/999999").status_code == 404
