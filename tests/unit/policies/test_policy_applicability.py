"""Which policies apply to a listing: region first, then industry chain or type of organisation."""

from techbridge.policies.model import Policy, applicability, region_covers


def policy(region=None, industries=(), audiences=(), doc_type="政策文件"):
    return Policy("某措施", "正文", "正文", region_code=region, industries=list(industries), audiences=list(audiences),
                  doc_type=doc_type)


def test_news_interpretations_and_studies_are_never_offered_as_applicable_policies():
    for doc_type in ("新闻资讯", "政策解读", "研究文章"):
        assert applicability(policy(None, ["hydrogen"], ["企业"], doc_type), region_code="130203", industry="hydrogen",
                             org_type="企业") is None
    assert applicability(policy(None, ["hydrogen"], ["企业"], "政策要点"), region_code="130203", industry="hydrogen",
                         org_type="企业") is not None


def test_a_policy_past_its_validity_is_no_longer_in_force():
    from datetime import date

    old = policy(None, ["hydrogen"])
    old.valid_until = date(2025, 12, 31)
    assert old.in_force(date(2025, 12, 31)) and not old.in_force(date(2026, 1, 1))
    assert policy(None).in_force(date(2099, 1, 1))  # no validity stated: in force


def test_a_province_covers_its_cities_and_districts_and_a_city_its_districts():
    assert region_covers("130000", "130203")
    assert region_covers("130200", "130203")
    assert not region_covers("130200", "130600")
    assert not region_covers("120000", "110108")
    assert region_covers(None, "120116")


def test_a_policy_of_another_province_never_applies():
    assert applicability(policy("120000", ["hydrogen"], ["企业"]), region_code="130203", industry="hydrogen",
                         org_type="企业") is None


def test_a_policy_applies_through_its_industry_chain():
    why = applicability(policy(None, ["hydrogen"]), region_code="130203", industry="hydrogen", org_type="高校")
    assert why is not None and "涉及产业链：氢能" in why.reasons and "京津冀三地适用" in why.reasons


def test_a_policy_applies_through_the_type_of_organisation_it_addresses():
    why = applicability(policy(None, [], ["企业", "园区"]), region_code="130203", industry="agriculture",
                        org_type="企业")
    assert why is not None and "适用对象：企业" in why.reasons and "不限产业领域" in why.reasons


def test_a_policy_for_other_chains_and_other_organisations_does_not_apply():
    assert applicability(policy(None, ["hydrogen"], ["医院"]), region_code="130203", industry="agriculture",
                         org_type="企业") is None


def test_a_policy_of_the_listings_own_province_ranks_above_a_region_wide_one():
    own = applicability(policy("130000", ["hydrogen"]), region_code="130203", industry="hydrogen", org_type="企业")
    wide = applicability(policy(None, ["hydrogen"]), region_code="130203", industry="hydrogen", org_type="企业")
    assert own is not None and wide is not None and own.score > wide.score
    assert "适用地区：河北省" in own.reasons
