import pytest

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.regions import regions, resolve_region


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("唐山", "130200"),
        ("滨海新区", "120116"),
        ("雄安新区", "133100"),
        ("雄安", "133100"),
        ("海淀", "110108"),
        ("北京市海淀区", "110108"),
        ("河北省唐山市路北区", "130203"),
        ("保定高阳县", "130628"),
        ("唐山乐亭", "130225"),
        ("天津市河北区", "120105"),
        ("石家庄桥西区", "130104"),
        ("张家口桥西区", "130703"),
        ("沧州临港经济技术开发区", "130900"),
        ("130203", "130203"),
    ],
)
def test_names_resolve_from_common_short_forms(text, code):
    assert resolve_region(text) == code


def test_the_three_regions_have_their_county_level_units():
    table = regions().by_code.values()
    counties = [r for r in table if r.level == "county"]
    assert sum(1 for r in counties if r.code.startswith("11")) == 16
    assert sum(1 for r in counties if r.code.startswith("12")) == 16
    assert sum(1 for r in counties if r.code.startswith("13")) == 167


def test_a_repeated_district_name_asks_for_the_city():
    with pytest.raises(ValidationError, match="多个同名区县"):
        resolve_region("桥西区")


@pytest.mark.parametrize("text", ["上海", "浦东新区", "999999", "", "广东省"])
def test_places_outside_the_region_are_rejected(text):
    with pytest.raises(ValidationError):
        resolve_region(text)


def test_full_name_and_short_label():
    assert regions().full_name("130203") == "河北省唐山市路北区"
    assert regions().short_label("130203") == "河北·唐山"
    assert regions().short_label("110108") == "北京·海淀区"


def test_xiongan_is_marked_as_a_platform_code():
    assert "非国标" in regions().get("133100").note


def test_contracts_may_name_a_counterpart_anywhere_in_china():
    assert resolve_region("上海", nationwide=True) == "310000"
    assert resolve_region("广东省", nationwide=True) == "440000"
    assert regions().get("310000").province == "上海"
