"""科技金融 in the browser: an investor registers a thesis and sees matching projects with reasons; a firm posts
a financing need, is told what is wrong first, then sees matching funds; an admin publishes it."""

from datetime import timedelta

from playwright.sync_api import expect

from techbridge.kernel.clock import beijing_today
from tests.e2e.conftest import login, shoot


def test_investor_thesis_and_firm_need_meet(page, browser, live_server):
    login(page, "investor@demo.techbridge.cn")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="科技金融").click()
    page.get_by_role("link", name="燕山氢能产业投资基金").first.click()
    expect(page.get_by_role("heading", name="符合投资逻辑的项目")).to_be_visible()
    expect(page.locator("article.listing").first).to_contain_text("单笔投资区间")
    shoot(page, "60-finance-fund-matches")

    page.goto("/finance/funds/new")
    page.get_by_label("基金或机构名称").fill("燕山新材料成长基金")
    page.get_by_label("出资类型").select_option(label="创投")
    page.get_by_label("单笔投资下限（万元）").fill("3000")
    page.get_by_label("单笔投资上限（万元）").fill("800")
    page.get_by_label("A轮").check()
    page.get_by_label("新材料").check()
    page.get_by_label("投资逻辑").fill("投资高性能复合材料、特种合金和先进陶瓷的产业化项目，看重已有下游客户验证。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("alert").first).to_contain_text("有 1 处需要修改")
    expect(page.locator(".field-error")).to_contain_text("不能大于上限")
    shoot(page, "61-finance-fund-form-error")
    page.get_by_label("单笔投资下限（万元）").fill("800")
    page.get_by_label("单笔投资上限（万元）").fill("3000")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("h1")).to_contain_text("燕山新材料成长基金")

    firm = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server).new_page()
    login(firm, "zjk-wangshan-h2@demo.techbridge.cn")
    firm.goto("/finance/needs/new")
    firm.get_by_label("标题").fill("氢燃料重卡车队扩编融资")
    firm.get_by_label("拟融资金额（万元）").fill("2000")
    firm.get_by_label("融资阶段").select_option(label="A轮")
    firm.get_by_label("所属领域").select_option(label="氢能（六链五群）")
    firm.get_by_label("期望到位日期").fill((beijing_today() + timedelta(days=150)).isoformat())
    firm.get_by_label("项目与企业简介").fill("运营60余辆氢燃料电池重卡和3座加氢站，承接风电制氢储运，计划新增40辆重卡。")
    firm.get_by_label("资金用途").fill("购置40辆49吨氢燃料电池重卡，扩建加氢站储氢瓶组。")
    firm.get_by_role("button", name="提交审核").click()
    expect(firm.locator("h1")).to_contain_text("待审核")
    expect(firm.get_by_role("heading", name="匹配的基金")).to_be_visible()
    expect(firm.locator("article.listing").first).to_contain_text("燕山氢能产业投资基金")
    shoot(firm, "62-finance-need-matches")
    firm.context.close()

    page.goto("/finance/score")
    for label, value in (("职工总数（人）", "80"), ("科技人员数（人）", "22"), ("销售收入（万元）", "6000"),
                         ("资产总额（万元）", "9000"), ("研发费用总额（万元）", "250"), ("成本费用支出总额（万元）", "5200"),
                         ("Ⅱ类知识产权（项）", "3")):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="测算").click()
    expect(page.locator("#score-result")).to_contain_text("平台测算，非官方认定")
    shoot(page, "63-finance-sme-score")


def test_a_roadshow_with_jury_scores_invitations_and_interest(page):
    login(page, "broker@demo.techbridge.cn")
    page.goto("/roadshows")
    page.get_by_role("link", name="2026京冀氢能装备项目专场路演").click()
    expect(page.get_by_role("heading", name="邀请名单（来自匹配）")).to_be_visible()
    expect(page.locator("dl.fields")).to_contain_text("进入融资对接 1")
    expect(page.locator("article.listing").first).to_contain_text("评委加权均分 76.0")
    shoot(page, "64-roadshow-past-with-outcomes")
