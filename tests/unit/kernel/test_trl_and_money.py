from decimal import Decimal

import pytest

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.money import format_wan, parse_wan
from techbridge.kernel.trl import TRL_NAMES, trl_label, validate_trl


@pytest.mark.parametrize("value", [7, "7", "7级", "TRL7", " trl 7 "])
def test_trl_is_read_in_the_forms_people_write(value):
    assert validate_trl(value) == 7


@pytest.mark.parametrize("value", [0, 10, "七", "", "6.5"])
def test_trl_outside_one_to_nine_is_rejected(value):
    with pytest.raises(ValidationError, match="1至9级"):
        validate_trl(value)


def test_every_level_has_a_chinese_stage_name():
    assert sorted(TRL_NAMES) == list(range(1, 10))
    assert trl_label(6).startswith("6级 · 中试熟化")


@pytest.mark.parametrize(
    ("text", "amount"),
    [("350", "350.00"), ("350.5万", "350.50"), ("1,200.00", "1200.00"), ("0", "0.00"), ("12万元", "12.00")],
)
def test_money_is_parsed_to_two_decimal_places(text, amount):
    assert parse_wan(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["面议", "", None])
def test_negotiable_prices_are_none(text):
    assert parse_wan(text) is None


def test_negative_amounts_are_rejected():
    with pytest.raises(ValidationError, match="不能为负数"):
        parse_wan("-5")


def test_more_than_two_decimals_is_rejected():
    with pytest.raises(ValidationError, match="两位小数"):
        parse_wan("1.005")


@pytest.mark.parametrize(("number", "amount"), [(45.5, "45.50"), (350, "350.00"), (0.1 + 0.2, "0.30"),
                                                 (1200.1 * 3, "3600.30"), (Decimal("12.5"), "12.50")])
def test_an_excel_number_is_taken_by_its_decimal_spelling_and_rounded_to_the_cent(number, amount):
    assert parse_wan(number) == Decimal(amount)


@pytest.mark.parametrize("number", [45.678, 0.001, float("nan"), float("inf")])
def test_a_number_with_a_real_third_decimal_or_no_value_is_refused_with_a_clear_message(number):
    with pytest.raises(ValidationError, match="两位小数|不是有效数字"):
        parse_wan(number)


def test_a_truth_value_is_not_an_amount():
    with pytest.raises(ValidationError):
        parse_wan(True)


def test_money_is_formatted_in_wan():
    assert format_wan(Decimal("1234.5")) == "1,234.50万元"
    assert format_wan(None) == "面议"
