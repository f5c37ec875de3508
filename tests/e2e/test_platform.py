"""The platform in a real browser: search, explanations, registration, the guided demand form,
interest, review, confidentiality — all in Chinese, nothing fetched from outside the server."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot
from tests.support.factories import credit_code


def test_a_visitor_searches_hydrogen_storage_and_reads_why_a_result_matched(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="北京成果 · 津冀转化")).to_be_visible()
    shoot(page, "01-home")
    page.get_by_label("搜索", exact=True).fill("氢能储运")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"/achievements\?q="))
    results = page.locator("article.listing h3 a")
    expect(results.first).to_be_visible()
    titles = results.all_inner_texts()[:5]
    assert any(word in " ".join(titles) for word in ("储氢", "氢气", "液氢", "掺氢")), titles
    shoot(page, "02-search-hydrogen-storage")
    results.first.click()
    expect(page.locator("#matches-title")).to_be_visible()
    first_match = page.locator("article.match").first
    expect(first_match).to_be_visible(timeout=30_000)
    expect(first_match.locator(".summary-line")).to_contain_text("共同技术要点")
    first_match.locator("summary", has_text="为什么推荐").click()
    expect(first_match.locator(".bar-row").first).to_be_visible()
    shoot(page, "03-achievement-explanation")


def test_an_enterprise_registers_and_sees_matches_while_typing_its_demand(page):
    suffix = uuid.uuid4().hex[:6]
    page.goto("/register")
    page.get_by_label("需求方（企业、医院、合作社、园区）").check()
    page.get_by_label("单位全称").fill(f"唐山浏览器测试装备有限公司{suffix}")
    page.get_by_label("统一社会信用代码").fill(credit_code("91", "130203"))
    page.get_by_label("单位类型").select_option("企业")
    page.get_by_label("所在地区").fill("唐山")
    page.get_by_label("姓名").fill("赵工")
    page.get_by_label("电子邮箱（登录名）").fill(f"zhao{suffix}@example.cn")
    page.locator("#password").fill("abc12345")
    page.get_by_label("再次输入密码").fill("abc12345")
    shoot(page, "04-register")
    page.get_by_role("button", name="注册并登录").click()
    page.wait_for_url("**/workspace")
    page.goto("/demands/new")
    page.get_by_label("需求名称").fill("氢燃料重卡储氢瓶组太重")
    page.get_by_label("问题与场景").fill(
        "我公司运营氢燃料电池重卡往返港口和钢厂，现在用的钢内胆储氢瓶组太重，拉货少、续航短，"
        "想换成更轻的高压储氢气瓶，最好是碳纤维缠绕的70兆帕气瓶。")
    live = page.locator("#live-matches .live-hit")
    expect(live.first).to_be_visible(timeout=30_000)
    expect(page.locator("#live-matches")).to_contain_text("储氢")
    page.get_by_label("所属领域").select_option(label="氢能（六链五群）")
    page.get_by_label("目标指标").fill("瓶组减重30%以上，续航不少于400公里")
    shoot(page, "05-guided-demand-live-matches")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".flash-ok")).to_contain_text("已提交审核")
    expect(page.get_by_text("待审核").first).to_be_visible()


def test_a_supplier_expresses_interest_in_a_recommended_demand(page):
    login(page, "qydl@demo.techbridge.cn")
    page.goto("/workspace")
    page.locator("tr", has=page.locator(".badge", has_text="已发布")).first.locator("td a").first.click()
    button = page.get_by_role("button", name="我有意向").first
    expect(button).to_be_visible(timeout=30_000)
    button.click()
    expect(page.get_by_role("status").filter(has_text="已表达意向")).to_be_visible()
    shoot(page, "06-interest-expressed")


def test_an_admin_approves_a_pending_listing(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/review")
    first = page.locator("tr[id^=review-]").first
    title = first.locator("td:nth-child(3) a").inner_text()
    shoot(page, "07-review-queue")
    first.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".flash-ok")).to_contain_text("已通过 1 条")
    expect(page.locator("tr[id^=review-] td:nth-child(3) a", has_text=title)).to_have_count(0)


def test_a_confidential_demand_stays_invisible_to_another_user(page, browser, live_server):
    login(page, "broker@demo.techbridge.cn")
    page.goto("/demands")
    secret = page.locator("article.listing", has=page.locator(".badge-lock")).first
    expect(secret).to_be_visible()
    title = secret.locator("h3 a").inner_text()
    href = secret.locator("h3 a").get_attribute("href")
    other = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(other, "jhlg@demo.techbridge.cn")
    other.goto("/demands?q=" + title[:10])
    expect(other.locator("article.listing h3", has_text=title)).to_have_count(0)
    response = other.goto(href)
    assert response.status == 404
    expect(other.get_by_text("不存在或无权查看")).to_be_visible()
    shoot(other, "08-confidential-hidden")
    other.context.close()


def test_the_layout_holds_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/demands")
    page.get_by_role("button", name="菜单").click()
    expect(page.get_by_role("link", name="成果库")).to_be_visible()
    shoot(page, "09-phone")
