"""Sentence splitting of listing texts into passages."""

from techbridge.matching.catalog import listing_sentences
from techbridge.matching.engine import MatchingEngine
from techbridge.matching.passages import MAX_SENTENCE_PASSAGES, sentence_passages, split_sentences
from techbridge.matching.types import Listing


def test_sentences_split_at_chinese_and_ascii_enders():
    text = "研究了储氢材料的性能。结果表明吸附量提高了一倍.该方法的制备成本低；适合大规模推广应用！"
    assert split_sentences(text) == [
        "研究了储氢材料的性能。", "结果表明吸附量提高了一倍.", "该方法的制备成本低；", "适合大规模推广应用！",
    ]


def test_a_decimal_point_does_not_end_a_sentence():
    assert split_sentences("压力为3.5兆帕时效果最好，优于对照组。") == ["压力为3.5兆帕时效果最好，优于对照组。"]


def test_fragments_shorter_than_the_minimum_join_the_previous_sentence():
    assert split_sentences("储氢瓶的爆破压力很高。见图。") == ["储氢瓶的爆破压力很高。见图。"]


def test_run_on_sentences_are_cut_at_commas():
    long = "，".join(["储氢瓶碳纤维缠绕工艺参数优化"] * 20) + "。"
    pieces = split_sentences(long, max_chars=60)
    assert len(pieces) > 1
    assert all(len(p) <= 60 for p in pieces)
    assert "".join(pieces) == long


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []


def test_only_the_longest_sentences_get_a_vector_and_they_keep_their_order():
    text = "短句一二三四五。" + "这是第二句，比第一句长很多很多。" + "第三句最长，讲清楚了储氢材料的吸附机理和制备路线。" + "第四句中等长度的描述。"
    assert sentence_passages(text, limit=2) == [
        "这是第二句，比第一句长很多很多。", "第三句最长，讲清楚了储氢材料的吸附机理和制备路线。",
    ]
    assert sentence_passages(text, limit=9) == split_sentences(text)


def test_the_engine_embeds_the_full_text_then_the_kept_sentences_in_step_with_the_catalogue():
    text = "。".join(f"第{i}句讲的是储氢瓶缠绕工艺的一个参数{'细节' * i}" for i in range(8)) + "。"
    listing = Listing(id="A1", kind="achievement", title="t", text=text)
    passages = MatchingEngine.texts_to_embed(listing)
    assert passages[0] == text
    assert passages[1:] == sentence_passages(text) == list(listing_sentences(listing))
    assert len(passages) == 1 + MAX_SENTENCE_PASSAGES < 1 + len(split_sentences(text))
