import pytest

from techbridge.kernel.codes import (
    application_check_digit,
    patent_type,
    uscc_check_char,
    validate_patent_number,
    validate_uscc,
)
from techbridge.kernel.errors import ValidationError


def test_a_published_example_credit_code_is_accepted():
    # the worked example of GB 32100-2015
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"


def test_credit_code_is_upper_cased_and_stripped():
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_a_wrong_check_digit_is_rejected_with_the_expected_digit_named():
    with pytest.raises(ValidationError) as err:
        validate_uscc("91350100M000100Y44")
    assert "校验位错误" in err.value.message
    assert "“3”" in err.value.message
    assert err.value.code == "uscc_checksum"


@pytest.mark.parametrize("code", ["9135010M000100Y43", "91350100M000100Y433", ""])
def test_a_credit_code_of_the_wrong_length_is_rejected(code):
    with pytest.raises(ValidationError, match="18位"):
        validate_uscc(code)


def test_letters_the_standard_excludes_are_rejected():
    with pytest.raises(ValidationError, match="不允许的字符“O”"):
        validate_uscc("91350100M000100O43")


def test_check_char_can_be_a_letter():
    first17 = "91110108MA01ABCD1"
    assert validate_uscc(first17 + uscc_check_char(first17))


def test_a_valid_application_number_is_normalised_with_its_dot():
    number = "202310123456" + application_check_digit("202310123456")
    assert validate_patent_number(number.replace(".", "")) == number[:12] + "." + number[12]
    assert validate_patent_number("ZL" + number[:12] + "." + number[12]) == number[:12] + "." + number[12]


def test_an_application_number_with_a_wrong_check_digit_is_rejected():
    good = application_check_digit("202310123456")
    bad = str((int(good) + 1) % 10) if good != "X" else "0"
    with pytest.raises(ValidationError, match="校验位错误"):
        validate_patent_number(f"202310123456.{bad}")


def test_check_digit_ten_is_written_as_x():
    digits = next(f"2021{t}{n:07d}" for t in "12" for n in range(1000) if application_check_digit(f"2021{t}{n:07d}") == "X")
    assert validate_patent_number(digits + ".X").endswith(".X")


@pytest.mark.parametrize("number", ["CN114081026A", "CN215934448U", "CN111805571B", "cn1234567a"])
def test_publication_numbers_are_accepted(number):
    assert validate_patent_number(number) == number.upper()


@pytest.mark.parametrize("number", ["CN11408A", "US1234567B2", "2023-1012345"])
def test_malformed_patent_numbers_are_rejected(number):
    with pytest.raises(ValidationError):
        validate_patent_number(number)


def test_patent_type_is_read_from_the_number():
    assert patent_type("202310123456.6") == "发明"
    assert patent_type("202320123456.1") == "实用新型"
    assert patent_type("CN215934448U") == "实用新型"
