"""The formal parts of a commission's notice read from real-format documents: who issued it, its 文号, the
dates it was signed and takes effect, how long it is valid, and what is only form (address, cover, signature)."""

from datetime import date

import pytest

from techbridge.policies.service import prepare
from tests.support.notices import BEIJING_NOTICE, HEBEI_NOTICE, NEWS_ITEM, TIANJIN_NOTICE


def test_a_joint_beijing_notice_gives_both_bodies_its_number_and_its_dates():
    p = prepare(BEIJING_NOTICE)
    assert p.issuer == "北京市科学技术委员会、中关村科技园区管理委员会"
    assert p.doc_number == "京科发〔2025〕18号"
    assert (p.issued_on, p.effective_on, p.valid_until) == (date(2025, 6, 18), date(2025, 7, 1), date(2030, 6, 30))
    assert p.doc_type == "政策文件"


def test_the_measures_of_a_notice_are_its_articles_not_its_address_cover_or_frame():
    p = prepare(BEIJING_NOTICE)
    texts = [m["text"] for m in p.measures]
    assert len(texts) == 3 and texts[0].startswith("对经认定的概念验证平台")
    assert not any(t.startswith(("各区科委", "现将", "为加快", "本办法")) for t in texts)
    assert "各区科委" not in p.summary and "京科发" not in p.summary


def test_a_tianjin_notice_effective_on_issue_is_valid_to_the_stated_day():
    p = prepare(TIANJIN_NOTICE)
    assert (p.issuer, p.doc_number) == ("天津市科学技术局", "津科规〔2024〕3号")
    assert (p.issued_on, p.effective_on, p.valid_until) == (date(2024, 11, 20), date(2024, 11, 20), date(2029, 12, 31))
    assert p.region_code == "120000"
    assert not any("各区科技局" in m["text"] for m in p.measures)


def test_a_hebei_call_for_applications_has_no_validity_but_is_a_policy_document():
    p = prepare(HEBEI_NOTICE)
    assert (p.issuer, p.doc_number, p.issued_on) == ("河北省科学技术厅", "冀科成函〔2026〕5号", date(2026, 3, 2))
    assert p.effective_on is None and p.valid_until is None
    assert p.doc_type == "政策文件" and p.region_code == "130000"
    assert [m["text"][:4] for m in p.measures] == ["支持方向", "支持方式", "申报要求"]


def test_a_news_item_is_news_without_a_number_even_when_it_names_a_bureau():
    p = prepare(NEWS_ITEM)
    assert p.doc_type == "新闻资讯" and p.doc_number == "" and p.valid_until is None
    assert p.issuer == "保定市科技局"


@pytest.mark.parametrize("name", ["000_fa746e4a09a8078d.txt", "001_f435fcdbd430511d.txt", "002_e9c17c8fcbefebfb.txt",
                                  "003_766c1c39a8cd26eb.txt", "004_c527637d16ed7915.txt"])
def test_no_seed_article_passes_for_a_policy_document(seeds_dir, name):
    p = prepare((seeds_dir / name).read_text(encoding="utf-8"))
    assert p.doc_type in ("新闻资讯", "政策解读", "研究文章") and not p.is_policy and p.doc_number == ""
