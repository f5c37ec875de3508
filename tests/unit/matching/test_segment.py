"""Segmentation: domain words, stopwords, Latin terms and numbers with units."""

from techbridge.matching.segment import Segmenter, char_bigrams, char_unigrams, normalize


def test_latin_terms_and_numbers_with_units_stay_whole():
    tokens = Segmenter().tokens("采用70MPa储氢瓶，检测PM2.5并接入5G网络，温度3.5℃")
    assert {"70mpa", "pm2.5", "5g", "3.5°c"} <= set(tokens)


def test_bare_numbers_and_punctuation_are_not_terms():
    assert Segmenter().tokens("2023年，共计100。") == ["年", "共计"]


def test_stopwords_from_the_caller_are_dropped():
    seg = Segmenter(stopwords=["我公司", "寻求"])
    tokens = seg.tokens("我公司寻求储氢技术")
    assert "我公司" not in tokens and "寻求" not in tokens


def test_a_dictionary_term_is_kept_as_one_token():
    without = Segmenter(search_mode=False).tokens("质子交换膜燃料电池")
    with_term = Segmenter(terms=[("质子交换膜燃料电池", 2000)], search_mode=False).tokens("质子交换膜燃料电池")
    assert "质子交换膜燃料电池" not in without
    assert with_term == ["质子交换膜燃料电池"]


def test_search_mode_also_emits_the_parts_of_a_compound():
    tokens = Segmenter().tokens("复合材料")
    assert {"复合", "材料", "复合材料"} <= set(tokens)


def test_full_width_text_indexes_like_half_width():
    assert normalize("ＰＭ２．５") == "pm2.5"
    assert Segmenter().tokens("ＰＭ２．５") == Segmenter().tokens("PM2.5")


def test_char_bigrams_overlap_and_keep_latin_tokens():
    assert char_bigrams("储氢瓶70MPa") == ["储氢", "氢瓶", "70mpa"]


def test_char_unigrams_split_chinese_into_characters():
    assert char_unigrams("储氢 5G") == ["储", "氢", "5g"]
