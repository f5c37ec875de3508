"""人才库 in the browser: find experts for a demand with the reasons; see a contact after giving a reason."""

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot


def test_a_seeker_finds_experts_for_its_demand_with_explanations(page):
    login(page, "zjk-wangshan-h2@demo.techbridge.cn")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="人才库").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("人才库")
    page.get_by_role("link", name="找专家", exact=True).click()
    page.get_by_label("选择条目").select_option(label="需求 · 氢能重卡车载储氢瓶太重，想换轻量化高压瓶")
    page.get_by_role("button", name="为所选条目找专家").click()
    results = page.locator(".expert-hit")
    expect(results.first).to_be_visible(timeout=30_000)
    top_names = results.locator("h3 a").all_inner_texts()[:2]
    assert set(top_names) == {"钱伟", "王立新"}, top_names
    first = results.first
    expect(first.locator(".summary-line")).to_contain_text("储氢")
    expect(first.locator(".bars")).to_contain_text("领域匹配")
    expect(first.locator(".bars")).to_contain_text("专业领域包含“氢能”")
    expect(first.locator("blockquote").first).to_be_visible()
    shoot(page, "30-find-experts-for-a-demand")


def test_a_member_sees_an_experts_contact_only_after_giving_a_reason(page, browser, live_server):
    anonymous = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    anonymous.goto("/talent?q=储氢瓶")
    anonymous.get_by_role("link", name="王立新").click()
    expect(anonymous.locator("#contact")).to_contain_text("登录后查看")
    expect(anonymous.locator("body")).not_to_contain_text("wanglx@jjj-tt.example.com")
    expect(anonymous.get_by_text("在北京、天津、河北三地均被认可")).to_be_visible()
    profile = anonymous.url
    anonymous.context.close()

    login(page, "bd-zgc-operator@demo.techbridge.cn")
    page.goto(profile)
    page.get_by_label("联系事由").fill("问一下")
    page.get_by_role("button", name="查看联系方式").click()
    expect(page.locator("#reason-error")).to_contain_text("至少6个字")
    page.get_by_label("联系事由").fill("园区企业氢能重卡储氢瓶轻量化需求，想请教对接路径")
    page.get_by_role("button", name="查看联系方式").click()
    card = page.locator(".contact-card")
    expect(card).to_contain_text("wanglx@jjj-tt.example.com")
    expect(card).to_contain_text("010-62857301")
    expect(page.get_by_text("本次查看已记录")).to_be_visible()
    shoot(page, "31-contact-revealed-with-reason")

    broker = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(broker, "broker@demo.techbridge.cn")
    broker.goto(profile)
    expect(broker.locator("table.data")).to_contain_text("园区企业氢能重卡储氢瓶轻量化需求")
    shoot(broker, "32-expert-sees-who-viewed-contact")
    broker.context.close()


def test_an_expired_credential_is_shown_as_such_and_refused_on_the_form(page):
    page.goto("/talent?kind=技术经理人")
    page.get_by_role("link", name="刘建国").click()
    expect(page.locator("#cred-title + dl")).to_contain_text("已过期")
    shoot(page, "33-expired-credential")
    login(page, "broker2@demo.techbridge.cn")
    page.goto("/talent/me")
    page.get_by_label("有效期至").fill("2026-06-30")
    page.get_by_role("button", name="保存档案").click()
    expect(page.locator(".field-error")).to_contain_text("已于 2026-06-30 过期")
    shoot(page, "34-expired-credential-refused")
