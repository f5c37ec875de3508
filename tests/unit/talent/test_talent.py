"""Rules of the talent database: credentials and their mutual recognition, profiles, privacy."""

from datetime import date

import pytest

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.talent.model import (
    CredentialStatus,
    Expert,
    contact_fields_shown,
    parse_credential,
    parse_public_fields,
    validate_reason,
)
from techbridge.talent.validation import validate_expert_input

TODAY = date(2026, 11, 22)


def expert(**overrides):
    values = {"name": "王立新", "kind": "技术经理人", "region_code": "110108", "fields": ["hydrogen"],
              "credential_no": "BJ2022G00017", "credential_region": "110000", "credential_level": "高级",
              "credential_valid_until": date(2028, 6, 30)}
    values.update(overrides)
    return Expert(**values)


def profile(**overrides):
    row = {"name": "王立新", "kind": "技术经理人", "region": "海淀", "fields": "氢能、新材料",
           "expertise": "氢能装备成果转化与技术合同设计", "credential_no": "BJ2022G00017",
           "credential_valid_until": "2028-06-30", "public_fields": "工作单位、电子邮箱", "email": "w@example.com"}
    row.update(overrides)
    return row


def test_a_valid_credential_takes_its_region_and_level_from_the_number():
    c = parse_credential("bj2022g00017", "", "", date(2028, 6, 30), today=TODAY)
    assert (c.number, c.region, c.level) == ("BJ2022G00017", "110000", "高级")


def test_an_expired_credential_is_refused_with_the_date_it_expired():
    with pytest.raises(ValidationError) as err:
        parse_credential("TJ2021Z00088", "天津", "中级", date(2026, 6, 30), today=TODAY)
    assert err.value.code == "credential_expired"
    assert "2026-06-30" in err.value.message and "过期" in err.value.message


def test_a_credential_whose_prefix_contradicts_the_issuing_region_is_refused():
    with pytest.raises(ValidationError) as err:
        parse_credential("HE2023Z00056", "北京", "", date(2028, 1, 1), today=TODAY)
    assert err.value.field == "credential_region" and "河北" in err.value.message


def test_a_credential_whose_level_letter_contradicts_the_level_is_refused():
    with pytest.raises(ValidationError) as err:
        parse_credential("HE2023Z00056", "河北", "高级", date(2028, 1, 1), today=TODAY)
    assert err.value.field == "credential_level"


@pytest.mark.parametrize("number", ["12345", "SH2023G00001", "BJ2030G00001", "BJ2023X00001"])
def test_malformed_or_impossible_credential_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        parse_credential(number, "", "", date(2028, 1, 1), today=TODAY)


def test_a_credential_from_any_of_the_three_regions_is_recognised_in_all_three():
    for number, region in (("BJ2022G00017", "110000"), ("TJ2022G00031", "120000"), ("HE2023Z00056", "130000")):
        assert expert(credential_no=number, credential_region=region).recognised_in() == ["110000", "120000", "130000"]


def test_credential_status_tells_valid_expiring_expired_and_none_apart():
    assert expert().credential_status(TODAY) == CredentialStatus.VALID
    assert expert(credential_valid_until=date(2026, 12, 31)).credential_status(TODAY) == CredentialStatus.EXPIRING
    assert expert(credential_valid_until=date(2026, 6, 30)).credential_status(TODAY) == CredentialStatus.EXPIRED
    assert expert(credential_no=None).credential_status(TODAY) == CredentialStatus.NONE


def test_a_profile_is_validated_into_codes():
    data = validate_expert_input(profile(), today=TODAY)
    assert data.region_code == "110108" and data.fields == ["hydrogen", "new_materials"]
    assert data.public_fields == ["email", "organization"] and data.credential_region == "110000"


def test_a_technology_manager_must_register_a_credential():
    with pytest.raises(ValidationErrors) as err:
        validate_expert_input(profile(credential_no="", credential_valid_until=""), today=TODAY)
    assert [e.code for e in err.value.errors] == ["credential_required"]


def test_every_problem_of_a_profile_is_reported_at_once():
    row = profile(name="", fields="", email="not-an-email", credential_valid_until="2025-01-01")
    with pytest.raises(ValidationErrors) as err:
        validate_expert_input(row, today=TODAY)
    assert {e.field for e in err.value.errors} == {"name", "fields", "email", "credential_valid_until"}


def test_more_than_five_fields_are_refused():
    with pytest.raises(ValidationErrors) as err:
        validate_expert_input(profile(fields="氢能、新材料、人工智能、集成电路、机器人、生物医药"), today=TODAY)
    assert err.value.errors[0].code == "too_many_fields"


def test_only_contact_details_the_expert_made_public_and_filled_in_are_shown():
    e = expert(phone="010-62857301", email="w@example.com", public_fields=["email", "organization"])
    assert contact_fields_shown(e) == ["email"]
    assert contact_fields_shown(expert(phone="", email="", public_fields=["phone", "email"])) == []


def test_public_fields_accept_chinese_labels_and_refuse_unknown_ones():
    assert parse_public_fields("电话、个人简介") == ["phone", "bio"]
    with pytest.raises(ValidationError):
        parse_public_fields("身份证号")


def test_a_reason_is_required_before_contact_details_are_shown():
    with pytest.raises(ValidationError) as err:
        validate_reason("  问问 ")
    assert err.value.code == "reason_required"
    assert validate_reason("咨询  储氢瓶检测方案") == "咨询 储氢瓶检测方案"


def test_the_biography_is_searchable_only_when_public():
    e = expert(expertise="储氢瓶设计", bio="曾任某公司总工", public_fields=["organization"])
    assert "总工" not in e.full_text() and "氢能" in e.full_text()
