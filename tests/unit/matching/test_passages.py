"""Sentence splitting of listing texts into passages."""

from techbridge.matching.passages import split_sentences


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
