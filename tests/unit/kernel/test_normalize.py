"""Normalisation, with the five crawled seed documents as real-world fixtures."""

import re

import pytest

from techbridge.kernel.text import clean_document, normalize_text, strip_pinyin_glosses, to_halfwidth

PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def seed(seeds_dir, prefix):
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_pinyin_glosses_are_stripped():
    assert strip_pinyin_glosses("領(lǐng)導(dǎo)") == "領導"


def test_parenthesised_latin_abbreviations_are_kept():
    assert normalize_text("采用修正的Rodrigues参数(MRP),建立了模型") == "采用修正的Rodrigues参数(MRP)，建立了模型"


def test_traditional_is_converted_and_the_particle_zhe_is_simplified():
    assert normalize_text("標誌著京津冀協同發展") == "标志着京津冀协同发展"


def test_fullwidth_latin_and_digits_become_halfwidth_but_chinese_punctuation_stays():
    assert to_halfwidth("ＰＥＭ电解槽，功率５０ｋＷ。") == "PEM电解槽，功率50kW。"


def test_commas_between_chinese_become_chinese_commas_but_thousands_separators_stay():
    assert normalize_text("近年来,北京投入1,200万元") == "近年来，北京投入1,200万元"


def test_whitespace_is_collapsed_and_blank_lines_dropped():
    assert normalize_text("  氢能   储运 \n\n\n 燃料电池 ") == "氢能 储运\n燃料电池"


def test_seed_001_traditional_with_pinyin_comes_out_simplified_and_clean(seeds_dir):
    doc = clean_document(seed(seeds_dir, "001"))
    assert doc.lines[0].startswith("5月11日至12日，2025年京津冀党政主要领导座谈会审议通过")
    assert "《促进京津冀区域科技成果转化的若干措施》" in doc.text
    assert not PINYIN.search(doc.text)
    assert "轉" not in doc.text and "領" not in doc.text


def test_seed_004_loses_its_spam_line_and_site_navigation(seeds_dir):
    doc = clean_document(seed(seeds_dir, "004"))
    assert doc.lines[0] == "创新网络汇聚 京津冀科创势能再跃升"
    assert doc.lines[1] == "2026-01-07 09:59:34"
    assert "毛片" not in doc.text and "视频" not in doc.lines[0]
    assert [d.reason for d in doc.dropped if "毛片" in d.line] == ["spam"]
    for chrome in ("数字报", "小程序", "公众号", "友情链接", "Copyright", "ICP备", "相关阅读"):
        assert chrome not in doc.text
    assert doc.lines[-1].endswith("必将为更多“高峰”的涌现提供坚实底座。")
    assert not PINYIN.search(doc.text)
    assert "标志着" in doc.text


def test_seed_002_loses_the_unrelated_bullet_list_before_the_article(seeds_dir):
    doc = clean_document(seed(seeds_dir, "002"))
    assert doc.lines[0] == "京津冀协同创新现状、案例启示及建议"
    assert "大数据和机器学习" not in doc.text
    assert sum(1 for d in doc.dropped if d.reason == "teaser_list") == 26
    assert "Visits" not in doc.text and "评论被关闭" not in doc.text
    assert doc.lines[-1].startswith("作者分别为首都科技发展战略研究院院长")


def test_seed_000_keeps_its_article_and_drops_page_furniture(seeds_dir):
    doc = clean_document(seed(seeds_dir, "000"))
    assert doc.lines[0].startswith("近年来，北京充分发挥国际科技创新中心辐射带动作用")
    assert "阅读提示" not in doc.text and "相关资料图" not in doc.text
    assert "已有139项成果实现转化" in doc.lines


def test_seed_003_is_already_clean_and_passes_through(seeds_dir):
    raw = seed(seeds_dir, "003")
    doc = clean_document(raw)
    assert doc.dropped == []
    assert doc.lines[1] == "一、推动构建一体化创新格局"
    assert len(doc.lines) == len([line for line in raw.splitlines() if line.strip()])


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_normalising_twice_changes_nothing(seeds_dir, prefix):
    once = clean_document(seed(seeds_dir, prefix)).text
    assert clean_document(once).text == once
