"""政策服务 in a real browser on the demo data: search a policy, read its measures, see it on a
matching listing's page; an admin ingests a crawled page and sees what was dropped; a broken
file is refused. Screenshots go to tests/e2e/screenshots/policies-*.png."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.conftest import shoot as _shoot
from tests.support.documents import make_docx

TIANJIN = "天津推动北京科技成果在津转化的举措要点"
DEMAND = "Protein A填料太贵，抗体纯化成本降不下来"  # a public demand of a Tianjin biomedicine enterprise
CRAWLED = """曰本a级毛片无卡免费视频va,偷窥国产亚洲女爱视频在线,黄色网站一级小妹
數字報
小程序
河北省支持氫能重卡示範應用的若干措施
發佈日期：2026年3月2日
為加快氫能產業發展，河北省科學技術廳印發《河北省支持氫能重卡示範應用的若干措施》。
一、支持企業開展燃料電池重卡示範應用，對示範車輛按每輛不少於10萬元給予補助。
二、鼓勵高校、科研院所與企業共建氫能中試平台，對新建平台給予不超過500萬元支持。
Copyright 1999-2026 某某網 京ICP備00000000號"""


def shoot(page, name):
    page.evaluate("window.scrollTo(0, 0)")  # a full-page shot of a scrolled page repeats the sticky header
    _shoot(page, name)


def policy_total(page):
    return page.request.get("/api/v1/policies").json()["total"]


def test_a_visitor_searches_a_policy_and_sees_it_on_a_matching_demands_page(page):
    page.goto("/policies")
    page.get_by_label("搜索政策").fill("先使用后付费")
    page.get_by_role("button", name="搜索").click()
    result = page.locator("article.policy-item").filter(has_text=TIANJIN)
    expect(result).to_be_visible()
    expect(result.locator(".why")).to_contain_text("匹配度")
    expect(result.locator("mark").first).to_be_visible()
    shoot(page, "policies-search")
    result.get_by_role("link", name=TIANJIN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TIANJIN)
    expect(page.locator("ol.measures > li")).to_have_count(5)
    expect(page.locator("ol.measures")).to_contain_text("先使用后付费")
    shoot(page, "policies-detail")
    page.goto("/demands?industry=biomedicine&province=120000")
    page.get_by_role("link", name=DEMAND).click()
    applicable = page.locator("section[aria-labelledby='policies-title']")
    expect(applicable.get_by_role("link", name=TIANJIN)).to_be_visible()
    expect(applicable).to_contain_text("涉及产业链：生物医药")
    expect(applicable).to_contain_text("适用地区：天津市")
    shoot(page, "policies-on-demand")
    applicable.get_by_role("link", name=TIANJIN).click()
    expect(page).to_have_url(re.compile(r"/policies/\d+$"))


def test_an_admin_ingests_a_crawled_page_and_sees_what_cleaning_removed(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/policies")
    page.get_by_role("link", name="收录政策").click()
    page.get_by_label("或粘贴原文").fill(CRAWLED)
    shoot(page, "policies-ingest-form")
    page.get_by_role("button", name="收录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("河北省支持氢能重卡示范应用的若干措施")
    expect(page.locator(".flash-ok")).to_contain_text("清洗掉垃圾广告 1 行")
    facts = page.locator("dl.fields")
    expect(facts).to_contain_text("河北省科学技术厅")
    expect(facts).to_contain_text("2026-03-02")
    expect(facts).to_contain_text("河北省")
    expect(page.locator("ol.measures > li")).to_have_count(2)
    expect(page.locator(".target").first).to_contain_text("不少于10万元")
    dropped = page.locator("table.dropped")
    expect(dropped).to_contain_text("垃圾广告")
    expect(dropped).to_contain_text("网页导航")
    expect(page.locator("ol.measures")).not_to_contain_text("发布日期")  # a metadata row, not a section
    expect(page.locator("details.fulltext").first).not_to_contain_text("毛片")  # the cleaned text
    expect(page.locator("pre.original")).to_contain_text("毛片", use_inner_text=False)  # the original, kept as submitted
    shoot(page, "policies-ingested")


def test_a_truncated_docx_is_refused_with_a_clear_message_and_nothing_is_stored(page):
    login(page, "admin@demo.techbridge.cn")
    before = policy_total(page)
    page.goto("/policies/ingest")
    data = make_docx(["关于支持氢能产业发展的若干措施", "一、支持企业开展燃料电池重卡示范应用。"])
    page.get_by_label("上传文件").set_input_files({"name": "措施.docx", "mimeType": "application/octet-stream",
                                                 "buffer": data[: len(data) // 2]})
    page.get_by_role("button", name="收录", exact=True).click()
    expect(page.locator("#ingest-error")).to_contain_text("DOCX 文件已损坏或不完整")
    shoot(page, "policies-bad-file")
    assert policy_total(page) == before
