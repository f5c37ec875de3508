"""Reading a policy text: title, date, issuer, region, measures and tags, on the seeds and on small texts."""

from datetime import date

import pytest

from techbridge.kernel.text import clean_document
from techbridge.policies import extraction as pt


def lines_of(seeds_dir, prefix):
    return clean_document(next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")).lines


def test_a_heading_line_is_the_title():
    assert pt.extract_title(["关于支持氢能产业发展的若干措施", "为加快氢能产业发展，制定本措施。"]) == "关于支持氢能产业发展的若干措施"


def test_a_report_on_a_named_policy_takes_the_policy_as_its_title(seeds_dir):
    assert pt.extract_title(lines_of(seeds_dir, "001")) == "《促进京津冀区域科技成果转化的若干措施》审议通过"


def test_without_a_heading_the_lead_sentences_main_clause_is_the_title(seeds_dir):
    assert pt.extract_title(lines_of(seeds_dir, "000")) == "北京充分发挥国际科技创新中心辐射带动作用"
    assert pt.extract_title(lines_of(seeds_dir, "003")) == "加快建设北京国际科技创新中心和高水平人才高地"


def test_a_long_lead_clause_is_cut_with_an_ellipsis():
    title = pt.extract_title(["近年来，" + "推动" * 30 + "。"])
    assert len(title) == pt.MAX_TITLE and title.endswith("…")


def test_a_dateline_near_the_top_is_the_date(seeds_dir):
    assert pt.extract_date(lines_of(seeds_dir, "004")) == date(2026, 1, 7)


def test_a_lead_month_and_day_take_the_year_the_same_sentence_states(seeds_dir):
    assert pt.extract_date(lines_of(seeds_dir, "001")) == date(2025, 5, 12)


def test_a_month_and_day_without_a_stated_year_give_no_date(seeds_dir):
    assert pt.extract_date(lines_of(seeds_dir, "000")) is None


@pytest.mark.parametrize("line", ["发布日期：2025年3月8日", "印发日期: 2025-03-08"])
def test_a_labelled_date_is_read(line):
    assert pt.extract_date(["某某措施", "正文第一段。", line]) == date(2025, 3, 8)


def test_an_impossible_date_is_no_date():
    assert pt.extract_date(["2025-02-30"]) is None


def test_the_issuer_is_the_body_that_drew_up_the_policy(seeds_dir):
    assert pt.extract_issuer(lines_of(seeds_dir, "001")) == "京津冀三地科技部门"


@pytest.mark.parametrize(("prefix", "issuer"), [("000", "北京市科委中关村管委会"), ("004", "科技日报"),
                                                 ("002", "首都科技发展战略研究院")])
def test_without_an_issuing_body_the_source_or_the_authors_institution_is_used(seeds_dir, prefix, issuer):
    assert pt.extract_issuer(lines_of(seeds_dir, prefix)) == issuer


def test_the_region_is_the_issuers_and_the_most_specific_division_wins():
    assert pt.extract_region("天津市科学技术局", "") == "120000"
    assert pt.extract_region("河北省保定市科学技术局", "") == "130600"
    assert pt.extract_region("京津冀三地科技部门", "北京某某措施") is None
    assert pt.extract_region("科技日报", "创新网络汇聚 京津冀科创势能再跃升") is None


def test_measures_are_the_items_of_one_shi_er_shi_runs_with_their_sections(seeds_dir):
    measures = pt.extract_measures(lines_of(seeds_dir, "003"))
    assert len(measures) == 12
    assert measures[0].section == "一、推动构建一体化创新格局"
    assert measures[0].title == "进一步完善京津冀协同创新机制"
    assert any("先使用后付费" in m.text for m in measures)


def test_in_an_essay_only_the_recommendations_are_measures_not_the_state_of_affairs(seeds_dir):
    measures = pt.extract_measures(lines_of(seeds_dir, "002"))
    assert measures and all(m.section.startswith("推动京津冀协同创新的建议") for m in measures)
    assert not any("初步建立了协同创新制度框架" in m.text for m in measures)


def test_without_enumerations_the_sentences_that_announce_actions_are_measures_targets_first(seeds_dir):
    measures = pt.extract_measures(lines_of(seeds_dir, "001"))
    assert measures[0].targets == ("突破关键核心技术100项以上", "汇集津冀技术需求不少于300项", "提供北京科技成果不少于400项")


def test_numbered_lines_of_a_policy_file_are_measures():
    lines = ["关于支持氢能产业发展的若干措施", "一、总体要求",
             "（一）支持企业开展燃料电池重卡示范应用，对示范车辆按每辆不少于10万元给予补助。",
             "（二）鼓励高校院所与企业共建中试平台，对新建平台给予不超过500万元支持。"]
    measures = pt.extract_measures(lines)
    assert [m.title for m in measures] == ["支持企业开展燃料电池重卡示范应用", "鼓励高校院所与企业共建中试平台"]
    assert measures[0].targets == ("对示范车辆按每辆不少于10万元给予补助",)


def test_industries_are_tagged_by_name_and_by_repeated_alias(seeds_dir):
    text = "\n".join(lines_of(seeds_dir, "001"))
    tags = pt.extract_industries(text)
    assert {"hydrogen", "synbio", "it"} <= set(tags)
    assert pt.extract_industries("燃料电池重卡与燃料电池叉车") == ["hydrogen"]
    assert pt.extract_industries("一家医院的燃料电池") == []


def test_audiences_are_the_kinds_of_organisation_the_text_addresses():
    assert pt.extract_audiences("支持高校院所、企业、技术转移机构开展先使用后付费") == ["高校", "科研院所", "企业", "技术转移机构"]


@pytest.mark.parametrize(("title", "text", "kind"), [
    ("关于支持氢能产业发展的若干措施", "为加快氢能产业发展……", "政策文件"),
    ("《促进京津冀区域科技成果转化的若干措施》审议通过", "座谈会审议通过《促进京津冀区域科技成果转化的若干措施》", "政策解读"),
    ("京津冀协同创新现状", "……（作者为某研究院研究员）", "研究文章"),
    ("创新网络汇聚", "山水相连的华北平原上……", "新闻资讯"),
])
def test_documents_are_classified_by_how_they_present_themselves(title, text, kind):
    assert pt.classify(title, text) == kind


def test_metadata_rows_are_neither_titles_nor_sections():
    lines = ["发布日期：2026年3月2日", "河北省支持氢能重卡示范应用的若干措施", "一、支持企业开展燃料电池重卡示范应用，按每辆补助。"]
    assert not pt.looks_like_heading(lines[0])
    assert [m.section for m in pt.extract_measures(lines[1:])] == ["河北省支持氢能重卡示范应用的若干措施"]
