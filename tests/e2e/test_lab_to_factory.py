"""From lab to factory floor in the browser: a broker finds a concept-verification centre for an engagement at
概念验证, asks for a quote, books a slot; the centre records the service with TRL 4 → 6; the engagement moves to
中试熟化 and the achievement page cites the record. A park operator records a landing, and the dashboard's chain
and Sankey show it; the carrier card checks the national criteria."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot

SHOTS = "lab-"
CELL = "绒面钙钛矿/晶硅叠层太阳电池"  # TRL 4; its engagement with a Hebei wafer maker stands at 概念验证
CENTRE = "冀北理工大学概念验证中心"


def test_a_broker_takes_an_engagement_through_a_concept_verification_service(page, browser, live_server):
    login(page, "broker@demo.techbridge.cn")
    page.goto("/board")
    page.locator("section[aria-label='概念验证'] a.kanban-card", has_text=CELL).first.click()
    expect(page.locator("#stage")).to_have_text("概念验证")
    engagement_url = page.url
    page.locator("#find-pilot").click()
    match = page.locator("#pilot-matches").get_by_role("link", name=CENTRE)
    expect(match).to_be_visible(timeout=30_000)
    shoot(page, f"{SHOTS}01-facilities-for-engagement")
    match.click()
    page.get_by_label("服务需求说明").fill("在N型单晶硅片上制备绒面钙钛矿/晶硅叠层原理样机：验证稳态效率≥28%，85 ℃/85%RH 老化500小时效率保持≥90%。")
    page.get_by_label("我已阅读并同意上述保密条款（NDA）").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#request-status")).to_have_text("待报价")
    request_url = page.url

    centre = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(centre, "jbgd@demo.techbridge.cn")
    centre.goto(request_url)
    centre.get_by_label("报价（万元）").fill("8")
    centre.get_by_label("服务周期（天）").fill("20")
    centre.get_by_role("button", name="发送报价").click()
    expect(centre.locator("#request-status")).to_have_text("已报价")

    page.goto(request_url)
    page.get_by_role("button", name="接受报价").click()
    expect(page.locator("#request-status")).to_have_text("已接受报价")
    start = date.today() + timedelta(days=30)
    page.get_by_label("开始日期").fill(start.isoformat())
    page.get_by_role("button", name="预约").click()
    expect(page.locator("#booked-slot")).to_contain_text(start.isoformat())
    shoot(page, f"{SHOTS}02-slot-booked")

    centre.goto(request_url)
    centre.get_by_label("服务目标").fill("稳态效率≥28%；双85老化500小时效率保持≥90%")
    centre.get_by_label("实际结果（逐项对照）").fill("1 cm² 器件稳态效率28.6%；双85老化500小时效率保持92.4%")
    centre.locator("select[name=trl_before]").select_option("4")
    centre.locator("select[name=trl_after]").select_option("6")
    centre.get_by_label("证明材料").fill("冀北理工概念验证报告 POC-2026-031；第三方效率测试证书")
    centre.get_by_role("button", name="完成并登记").click()
    expect(centre.locator("#service-record")).to_contain_text("4级")
    shoot(centre, f"{SHOTS}03-service-record")
    centre.context.close()

    page.goto(engagement_url)
    expect(page.locator("#stage")).to_have_text("中试熟化")
    shoot(page, f"{SHOTS}04-engagement-advanced")
    page.get_by_role("link", name=CELL).first.click()
    expect(page.locator("dd", has_text="依据")).to_contain_text(CENTRE)
    expect(page.locator("dd", has_text="依据")).to_contain_text("4级 → 6级")
    shoot(page, f"{SHOTS}05-achievement-trl-evidence")


def test_a_park_operator_records_a_landing_and_the_dashboard_chain_and_sankey_show_it(page, browser, live_server):
    login(page, "tj-binhai-zgc-operator@demo.techbridge.cn")
    page.goto("/landing/new")
    page.get_by_label("项目名称").fill("钙钛矿/晶硅叠层电池中试线")
    page.locator("select[name=source_kind]").select_option(label="对接")
    page.locator("select[name=form]").select_option(label="建设生产基地")
    page.get_by_label("北京来源单位").fill("北方能源动力大学")
    page.locator("select[name=park]").select_option(label="天津滨海—中关村科技园")
    page.get_by_label("投资额（万元）").fill("三千六百")
    page.get_by_label("落地日期").fill(date.today().isoformat())
    page.get_by_label("证明材料").fill("滨海新区项目备案证明")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".flash-error").first).to_be_visible()  # refused in Chinese, nothing written
    shoot(page, f"{SHOTS}06-landing-refused")
    page.get_by_label("投资额（万元）").fill("3600")
    page.get_by_label("带动就业（人）").fill("48")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("落地记录已登记")).to_be_visible()

    admin = browser.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
    login(admin, "platform@demo.techbridge.cn")
    admin.goto("/dashboard/lab-to-factory")
    tianjin = admin.locator("#chain-provinces tbody tr", has_text="天津市")
    landed = tianjin.locator("td").nth(2)
    expect(landed).to_be_visible()
    admin.wait_for_timeout(800)  # the charts draw
    shoot(admin, f"{SHOTS}07-dashboard-chain")
    landed.get_by_role("link").click()
    expect(admin.locator("#landing-records")).to_contain_text("钙钛矿/晶硅叠层电池中试线")
    admin.goto(f"/dashboard/flows?year={date.today().year}")
    expect(admin.locator("#landing-flows")).to_contain_text("天津滨海—中关村科技园")
    admin.wait_for_timeout(800)
    shoot(admin, f"{SHOTS}08-sankey-landing-layer")
    admin.goto("/incubation")
    admin.get_by_role("link", name="滨海中关村众创空间").click()
    expect(admin.locator("#compliance-card")).to_contain_text("国科火字〔2017〕120号")
    shoot(admin, f"{SHOTS}09-makerspace-card")
    admin.context.close()
