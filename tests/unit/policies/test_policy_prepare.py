"""The five seed documents come out of ingest clean: titles, dates, issuers, no spam, no pinyin."""

import re
from datetime import date

import pytest

from techbridge.kernel.errors import ValidationError
from techbridge.policies.service import prepare

PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
EXPECTED = {
    "000": ("北京充分发挥国际科技创新中心辐射带动作用", None, "北京市科委中关村管委会", "110000", "新闻资讯"),
    "001": ("《促进京津冀区域科技成果转化的若干措施》审议通过", date(2025, 5, 12), "京津冀三地科技部门", None, "政策解读"),
    "002": ("京津冀协同创新现状、案例启示及建议", None, "首都科技发展战略研究院", None, "研究文章"),
    "003": ("加快建设北京国际科技创新中心和高水平人才高地", None, "天津市中国特色社会主义理论体系研究中心", "120000", "研究文章"),
    "004": ("创新网络汇聚 京津冀科创势能再跃升", date(2026, 1, 7), "科技日报", None, "新闻资讯"),
}


def seed(seeds_dir, prefix):
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_gets_its_cleaned_title_date_issuer_region_and_type(seeds_dir, prefix):
    policy = prepare(seed(seeds_dir, prefix))
    title, issued_on, issuer, region, doc_type = EXPECTED[prefix]
    assert (policy.title, policy.issued_on, policy.issuer, policy.region_code, policy.doc_type) == (
        title, issued_on, issuer, region, doc_type)
    assert policy.measures and policy.summary
    assert not PINYIN.search(policy.text) and not PINYIN.search(policy.title)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_the_original_text_is_kept_beside_the_cleaned_one(seeds_dir, prefix):
    raw = seed(seeds_dir, prefix)
    policy = prepare(raw)
    assert policy.original_text == raw and policy.text != raw


def test_seed_004_loses_its_spam_line_and_navigation_and_says_so(seeds_dir):
    policy = prepare(seed(seeds_dir, "004"))
    assert "毛片" not in policy.text and "数字报" not in policy.text and "Copyright" not in policy.text
    reasons = {d["reason"] for d in policy.dropped}
    assert {"spam", "navigation", "footer"} <= reasons
    assert [d["reason"] for d in policy.dropped if "毛片" in d["line"]] == ["spam"]


def test_seed_001_and_004_lose_their_pinyin_and_traditional_script(seeds_dir):
    for prefix in ("001", "004"):
        raw = seed(seeds_dir, prefix)
        assert PINYIN.search(raw)
        policy = prepare(raw)
        assert not PINYIN.search(policy.text) and "國" not in policy.text and "轉" not in policy.text


def test_seed_001_carries_the_2025_measures_targets(seeds_dir):
    policy = prepare(seed(seeds_dir, "001"))
    targets = [t for m in policy.measures for t in m["targets"]]
    assert "提供北京科技成果不少于400项" in targets and "汇集津冀技术需求不少于300项" in targets
    assert {"hydrogen", "synbio", "it"} <= set(policy.industries)


def test_given_fields_win_over_extraction(seeds_dir):
    policy = prepare(seed(seeds_dir, "000"), {"title": "京津冀协同发展联合工作办公室揭牌", "issued_on": "2023-07-20",
                                              "region": "京津冀", "source": "北京日报"})
    assert (policy.title, policy.issued_on, policy.region_code, policy.source) == (
        "京津冀协同发展联合工作办公室揭牌", date(2023, 7, 20), None, "北京日报")


def test_a_text_that_is_only_spam_and_navigation_is_refused():
    with pytest.raises(ValidationError, match="几乎没有正文"):
        prepare("曰本a级毛片无卡免费视频va，偷窥国产亚洲女爱视频在线\n数字报\n小程序\n公众号")


def test_a_bad_date_or_region_override_is_refused_with_its_field():
    with pytest.raises(ValidationError) as err:
        prepare("为加快氢能产业发展，支持企业开展燃料电池重卡示范应用，制定本措施。", {"issued_on": "去年"})
    assert err.value.field == "issued_on"
    with pytest.raises(ValidationError, match="不在京津冀范围内"):
        prepare("为加快氢能产业发展，支持企业开展燃料电池重卡示范应用，制定本措施。", {"region": "上海"})
