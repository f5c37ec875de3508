"""A roadshow in the browser, from matched projects to the dashboard: an organiser builds it from projects ranked by
their matched funds, invites the matched investors, the jury scores, an enterprise ticks 有意向 and the engagement
appears on the organising broker's board, and the dashboard's 科技金融 tab shows the roadshow's conversion.

Screenshots go to tests/e2e/screenshots/ (or TECHBRIDGE_SHOTS)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from techbridge.kernel.clock import beijing_today
from tests.e2e.conftest import login
from tests.e2e.conftest import shoot as shoot_default

SHOTS = os.environ.get("TECHBRIDGE_SHOTS")


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    else:
        shoot_default(page, name)


def as_user(browser, live_server: str, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server).new_page()
    login(page, email)
    return page


def test_a_roadshow_from_matched_projects_to_an_engagement_and_the_dashboard(page, browser, live_server):
    title = "京津冀氢能储运成果与融资项目路演"
    login(page, "broker@demo.techbridge.cn")
    page.goto("/roadshows/new?industry=hydrogen")
    page.get_by_label("路演名称").fill(title)
    page.get_by_label("日期").fill((beijing_today() + timedelta(days=21)).isoformat())
    page.get_by_label("地点").fill("京津中关村科技城路演中心")
    page.get_by_label("每个项目时长（分钟）").fill("15")
    page.get_by_label("张家口加氢站扩建与储氢瓶组更新", exact=False).check()
    page.get_by_label("70MPa车载IV型储氢气瓶及碳纤维缠绕成型技术", exact=False).check()
    for juror in page.locator("input[name=jury_ids]").all():  # every broker and admin: the organiser scores too
        juror.check()
    shoot(page, "01-roadshow-form-matched-projects")
    page.get_by_role("button", name="创建路演").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_role("heading", name="邀请名单（来自匹配）")).to_be_visible()
    expect(page.locator("#invitees")).to_contain_text("燕山创新投资管理有限公司")
    page.get_by_role("button", name="向勾选的机构发出邀请").click()
    expect(page.locator("#invitees")).to_contain_text("已邀请")
    shoot(page, "02-roadshow-invitations-from-matching")
    show_url = page.url.split("#")[0]

    # the jury scores: the organiser sits on it, and so does the second broker
    for juror, values in ((page, ("9", "8", "8", "6")), (as_user(browser, live_server, "broker2@demo.techbridge.cn"),
                                                         ("7", "8", "7", "7"))):
        juror.goto(show_url)
        slot = juror.locator("article.listing", has_text="70MPa车载IV型储氢气瓶")
        for key, value in zip(("tech", "market", "team", "plan"), values, strict=True):
            slot.locator(f"input[name={key}]").fill(value)
        slot.get_by_role("button", name="提交评分").click()
        expect(juror.locator("#jury-ranking")).to_contain_text("70MPa车载IV型储氢气瓶")
    page.goto(show_url)
    expect(page.locator("#jury-ranking")).to_contain_text("2")  # two jurors' cards in the mean
    shoot(page, "03-roadshow-jury-weighted-scores")

    firm = as_user(browser, live_server, "zjk-wangshan-h2@demo.techbridge.cn")
    firm.goto(show_url)
    firm.get_by_label("报名身份").select_option(label="企业")
    firm.get_by_label("关注方向").fill("车载储氢减重")
    firm.get_by_role("button", name="报名参加").click()
    firm.locator("article.listing", has_text="70MPa车载IV型储氢气瓶").get_by_role("button", name="有意向").click()
    firm.wait_for_url("**/engagements/*")
    expect(firm.locator("body")).to_contain_text("70MPa车载IV型储氢气瓶")
    shoot(firm, "04-enterprise-interest-opens-engagement")
    firm.context.close()

    page.goto("/board")
    expect(page.locator("body")).to_contain_text("70MPa车载IV型储氢气瓶")
    shoot(page, "05-broker-board-with-roadshow-engagement")
    page.goto(show_url + "/checklist")
    expect(page.locator("#checklist")).to_contain_text("技术对接")
    shoot(page, "06-roadshow-checklist")
    pdf = page.request.get(show_url + "/programme.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    if SHOTS:
        Path(SHOTS, "programme.pdf").write_bytes(pdf.body())

    admin = as_user(browser, live_server, "platform@demo.techbridge.cn")
    admin.goto("/dashboard/finance")
    expect(admin.locator("#roadshow-conversion")).to_contain_text(title)
    expect(admin.locator("#roadshow-conversion")).to_contain_text("2026京冀氢能装备项目专场路演")
    shoot(admin, "07-dashboard-finance-and-roadshow-conversion")
    admin.locator("#finance-funnel-table").get_by_role("link", name="约见").click()
    expect(admin.locator("#records-title")).to_contain_text("到达“约见”")
    shoot(admin, "08-dashboard-finance-drilldown")
    admin.context.close()
