"""What a new user meets on first use, in a real browser: the API docs offline, the phone demand form,
the review table, a policy page (issue 12)."""

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot


def test_the_api_docs_render_from_the_servers_own_assets(page):
    page.goto("/docs")
    # Swagger UI virtualises the tag list once the spec has many tags: the tag headings are the stable part
    expect(page.locator("h3.opblock-tag").first).to_be_visible(timeout=30_000)
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/v1/")
    shoot(page, "issue12-docs-swagger")
    page.goto("/redoc")
    expect(page.locator("redoc h1, [role=navigation]").first).to_be_visible(timeout=30_000)
    shoot(page, "issue12-docs-redoc")


def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server,
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(20_000)
    return context


def test_on_a_phone_the_live_matches_stay_in_sight_while_the_demand_is_typed(browser, live_server):
    context = phone(browser, live_server)
    outside = []
    pg = context.new_page()
    pg.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))
    try:
        login(pg, "zjk-wangshan-h2@demo.techbridge.cn")
        pg.goto("/demands/new")
        problem = pg.get_by_label("问题与场景")
        problem.fill("我们车队跑张家口到京津的氢燃料电池重卡，35MPa III型储氢瓶组太重，想换成70MPa IV型碳纤维缠绕储氢瓶，"
                     "减轻车重、增加续航。")
        count = pg.locator("#live-count")
        expect(count).to_contain_text("最高匹配度", timeout=30_000)
        summary = pg.locator(".live-sheet > summary")
        box, field = summary.bounding_box(), problem.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box  # the summary is on screen …
        assert field["y"] + field["height"] <= box["y"] + 1, (field, box)  # … beside the field, not over it
        shoot(pg, "issue12-phone-demand-form")
        summary.tap()
        first = pg.locator(".live-hit").first
        expect(first).to_be_in_viewport()
        shoot(pg, "issue12-phone-demand-form-open")
    finally:
        context.close()
    assert not outside, outside


def test_the_review_queue_is_a_table_a_clerk_can_sort_filter_and_tick(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/review")
    rows = page.locator("table.review-table tbody tr")
    assert rows.count() >= 10
    page.get_by_role("link", name="单位").click()
    expect(page.locator('th a[aria-sort="ascending"]')).to_have_text("单位 ↑")
    page.locator('input[name="pick"]').nth(0).check()
    page.locator('input[name="pick"]').nth(1).check()
    expect(page.locator("[data-selected-count]")).to_have_text("2")
    page.locator("[data-select-all]").check()
    expect(page.locator("[data-selected-count]")).to_have_text(str(rows.count()))
    shoot(page, "issue12-review-table")
    page.get_by_label("类型").select_option("demand")
    page.get_by_role("button", name="筛选").click()
    assert all(t == "需求" for t in page.locator("table.review-table tbody td:nth-child(2)").all_inner_texts())


def test_a_policy_page_shows_its_issuer_number_and_validity(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/policies/ingest")
    from tests.support.notices import BEIJING_NOTICE

    page.get_by_label("或粘贴原文").fill(BEIJING_NOTICE)
    page.get_by_role("button", name="收录").first.click()
    expect(page.locator("dl.fields")).to_contain_text("京科发〔2025〕18号")
    expect(page.locator("dl.fields")).to_contain_text("北京市科学技术委员会、中关村科技园区管理委员会")
    expect(page.locator("dl.fields")).to_contain_text("至 2030-06-30")
    shoot(page, "issue12-policy-notice")
