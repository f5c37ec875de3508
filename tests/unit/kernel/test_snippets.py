"""Joining and shortening Chinese text without doubled stops or numbers cut in half."""

from techbridge.kernel.snippets import excerpt, join_sentences


def test_fields_that_already_end_a_sentence_get_no_second_stop():
    assert join_sentences(["高压储氢瓶减重。", "", "目标：减重20%", None, "需满足国标！"]) == "高压储氢瓶减重。目标：减重20%。需满足国标！"


def test_a_short_text_is_kept_whole():
    assert excerpt("储氢瓶减重", 20) == "储氢瓶减重"


def test_an_excerpt_ends_at_a_sentence_boundary_when_there_is_one():
    text = "采用碳纤维全缠绕工艺制造IV型储氢瓶。单瓶储氢量1.86 kg，质量储氢密度达5.7%，已通过型式试验。"
    assert excerpt(text, 30) == "采用碳纤维全缠绕工艺制造IV型储氢瓶。…"


def test_an_excerpt_never_ends_inside_a_number():
    text = "国产化碳纤维缠绕的高压储氢瓶单瓶储氢量1.86 kg以上且成本更低"
    cut = excerpt(text, 22)
    assert cut.endswith("…") and "1." not in cut and "1.8" not in cut
    assert cut == "国产化碳纤维缠绕的高压储氢瓶单瓶储氢量…"


def test_an_excerpt_prefers_a_clause_to_a_hard_cut_and_drops_the_dangling_comma():
    text = "面向张家口至北京的氢气长管拖车运输，需要在不增加车重的前提下提高单车运氢量和安全性"
    assert excerpt(text, 24) == "面向张家口至北京的氢气长管拖车运输…"


def test_an_excerpt_is_never_longer_than_its_limit():
    text = "甲" * 50
    assert len(excerpt(text, 10)) == 10 and excerpt(text, 10).endswith("…")
