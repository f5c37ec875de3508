"""From match to contract in the browser: mutual interest reveals contacts; a broker runs the deal
through 概念验证 and 中试 to 签约 by recording a contract; a termination records its reason."""

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot


def open_own_published_listing(page, index=0):
    """From the workspace, open one of my organisation's published listings."""
    page.goto("/workspace")
    page.locator("tr", has=page.locator(".badge", has_text="已发布")).nth(index).locator("td a").first.click()


def start_engagement(page, supplier_email, index=0):
    """As a supplier, express interest in the first recommended demand of one of my achievements."""
    login(page, supplier_email)
    open_own_published_listing(page, index)
    match = page.locator("article.match").filter(has=page.get_by_role("button", name="我有意向")).first
    expect(match).to_be_visible(timeout=30_000)
    demand_href = match.locator("h3 a").get_attribute("href")
    match.get_by_role("button", name="我有意向").click()
    link = page.get_by_role("status").filter(has_text="已表达意向")
    expect(link).to_be_visible()
    return link.get_attribute("href"), demand_href


def test_mutual_interest_reveals_contacts_and_a_broker_takes_it_to_signing(page, browser, live_server):
    engagement, demand_href = start_engagement(page, "ysqn@demo.techbridge.cn")
    page.goto(engagement)
    expect(page.locator(".contact").first).to_contain_text("双方确认意向后可见")
    seeker_email = _demo_email_for(page, demand_href)
    other = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(other, seeker_email)
    other.goto(engagement)
    other.get_by_role("button", name="确认我方意向").click()
    expect(other.locator("#stage")).to_have_text("双向意向")
    expect(other.locator(".contact").first).not_to_contain_text("双方确认意向后可见")
    shoot(other, "10-mutual-interest-contacts")
    other.context.close()

    broker = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(broker, "broker@demo.techbridge.cn")
    broker.goto(engagement)
    broker.get_by_role("button", name="由我负责").click()
    for stage in ("洽谈", "概念验证", "中试熟化"):
        broker.get_by_role("button", name=f"进入“{stage}”").click()
        expect(broker.locator("#stage")).to_have_text(stage)
    broker.get_by_label("成交金额（万元）").fill("680")
    broker.get_by_label("签订日期").fill("2026-11-01")
    broker.get_by_label("合同类型").select_option("技术许可")
    broker.get_by_label("支付方式").select_option("先使用后付费")
    broker.get_by_role("button", name="登记合同并进入签约").click()
    expect(broker.locator("#stage")).to_have_text("签约")
    expect(broker.locator("dd.price")).to_have_text("680.00万元")
    for move in ("洽谈 → 概念验证", "概念验证 → 中试熟化", "中试熟化 → 签约"):
        expect(broker.locator(".timeline")).to_contain_text(move)
    shoot(broker, "11-signed-with-contract")
    broker.context.close()


def test_a_termination_records_its_reason(page):
    engagement, _ = start_engagement(page, "jhlg@demo.techbridge.cn", index=1)
    page.goto(engagement)
    page.get_by_text("终止对接").click()
    page.get_by_label("终止原因").select_option("价格不符")
    page.get_by_label("补充说明").fill("对方预算与报价差距过大")
    page.get_by_role("button", name="确认终止").click()
    expect(page.locator("#stage")).to_have_text("终止")
    expect(page.locator(".timeline")).to_contain_text("价格不符")
    shoot(page, "12-terminated-with-reason")


def _demo_email_for(page, demand_href):
    page.goto(demand_href)
    org_name = page.locator("dt:has-text('需求单位') + dd a").inner_text()
    import json
    from importlib.resources import files

    orgs = json.loads(files("techbridge.demo").joinpath("data/organizations_demand.json").read_text(encoding="utf-8"))
    key = next(o["key"] for o in orgs if o["name"] == org_name)
    return f"{key}@demo.techbridge.cn"
