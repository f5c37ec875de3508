"""Landing records: parsing, the destination rule, dates, and the chain grouping."""

from datetime import date
from decimal import Decimal

import pytest

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.landing.model import chain, check_landing
from techbridge.landing.validation import validate_landing

ROW = {"title": "IV型储氢瓶产业化", "source_kind": "技术合同", "form": "建设生产基地", "beijing_org": "京华大学",
       "park": "京津中关村科技城", "investment": "12,000.50", "jobs": "180", "landed_on": "2026-03-18",
       "production_start": "2026-09-01", "evidence": "投资协议（2026年3月）"}


def test_a_row_is_parsed_exactly_and_the_district_defaults_to_the_parks():
    r = validate_landing(ROW)
    assert r.investment == Decimal("12000.50") and r.region_code == "120115" and r.form == "production_base"
    assert r.stage(date(2026, 8, 31)) == "landed" and r.stage(date(2026, 9, 1)) == "producing"


def test_every_bad_field_is_reported_in_chinese():
    with pytest.raises(ValidationErrors) as err:
        validate_landing(dict(ROW, form="合资", investment="一万", jobs="-3", landed_on=""))
    fields = {e.field for e in err.value.errors}
    assert {"form", "investment", "jobs", "landed_on"} <= fields


def test_a_beijing_destination_is_refused():
    r = validate_landing(dict(ROW, park="中关村科学城", region="海淀"))
    with pytest.raises(ValidationError, match="天津或河北"):
        check_landing(r, today=date(2026, 12, 1))


def test_production_cannot_start_before_landing_nor_landing_lie_in_the_future():
    with pytest.raises(ValidationError, match="投产日期不能早于"):
        check_landing(validate_landing(dict(ROW, production_start="2026-01-01")), today=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        check_landing(validate_landing(ROW), today=date(2026, 3, 1))


def test_registered_capital_belongs_to_a_company_form_only():
    with pytest.raises(ValidationError, match="注册资本"):
        check_landing(validate_landing(dict(ROW, form="许可生产", registered_capital="500")), today=date(2026, 12, 1))


def test_the_chain_counts_landed_and_producing_with_money_and_jobs():
    a = validate_landing(ROW)
    b = validate_landing(dict(ROW, park="保定·中关村创新中心", production_start="", investment="800", jobs="20"))
    grouped = chain([a, b], today=date(2026, 12, 1), key="province")
    assert grouped["120000"] == (1, 1, Decimal("12000.50"), 180)
    assert grouped["130000"] == (1, 0, Decimal("800.00"), 20)
