"""数据看板 in a real browser, on the demo data: every chart drawn, and a click on a chart
element opens the records behind it. Screenshots go to tests/e2e/screenshots/dashboard-*.png."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, shoot

# Viewport coordinates of one data item of an ECharts chart (sankey node, funnel stage or bar).
ITEM_CENTRE = """([selector, index]) => {
  const el = document.querySelector(selector);
  el.scrollIntoView({block: "center"});
  const data = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0).getData();
  const shape = data.getItemGraphicEl(index);
  const box = shape.getBoundingRect();
  const [x, y] = shape.transformCoordToGlobal(box.x + box.width / 2, box.y + box.height / 2);
  const r = el.getBoundingClientRect();
  return [r.left + x, r.top + y];
}"""


def charts_drawn(page, count):
    expect(page.locator("[data-chart][data-rendered='1']")).to_have_count(count)
    for chart in page.locator("[data-chart]").all():
        expect(chart.locator("svg path").first).to_be_attached()


def click_item(page, selector, index):
    x, y = page.evaluate(ITEM_CENTRE, [selector, index])
    page.mouse.click(x, y)


def test_an_administrator_opens_the_dashboard_and_sees_every_figure_populated(page):
    login(page, "admin@demo.techbridge.cn")
    page.get_by_role("link", name="数据看板").click()
    page.wait_for_url("**/dashboard")
    targets = page.locator("#targets .target")
    expect(targets).to_have_count(3)
    expect(targets.nth(0)).to_contain_text("提供北京科技成果")
    expect(targets.nth(0).locator(".target-figure b")).not_to_have_text("0")
    charts_drawn(page, 4)  # flows Sankey, yearly series, funnel, chain map
    expect(page.locator("#chart-sankey")).to_contain_text("北京·海淀区")
    expect(page.locator("#chart-yearly")).to_contain_text("官方统计（亿元）")
    expect(page.locator("#chart-funnel")).to_contain_text("洽谈")
    shoot(page, "dashboard-overview")


def test_clicking_a_flow_opens_the_contracts_of_that_region_pair(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/dashboard/flows")
    charts_drawn(page, 1)
    shoot(page, "dashboard-flows")
    total = int(re.sub(r"\D", "", page.locator("#flows-table tbody tr").first.locator("td").nth(2).inner_text()))
    click_item(page, "#chart-sankey", 0)  # the first Beijing district
    page.wait_for_url(re.compile(r"/dashboard/contracts\?pair=\d{6}%3E"))
    expect(page.locator("#records-title")).to_contain_text("北京·")
    assert int(page.locator("#records-total").inner_text()) >= total
    expect(page.locator("table.contract-rows tbody tr").first).to_contain_text("万元")
    shoot(page, "dashboard-flow-contracts")


def test_the_time_series_shows_the_official_figures_beside_the_platforms_contracts(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/dashboard/trends")
    charts_drawn(page, 2)
    expect(page.locator("#statistics-table")).to_contain_text("83.1 亿元")
    expect(page.locator("#statistics-table")).to_contain_text("356.9 亿元")
    shoot(page, "dashboard-trends")


def test_clicking_a_funnel_stage_opens_the_engagements_that_reached_it(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/dashboard/funnel")
    charts_drawn(page, 2)
    shoot(page, "dashboard-funnel")
    reached = page.locator("#funnel-table tbody tr").nth(3).locator("td").nth(1).inner_text()
    click_item(page, "#chart-funnel", 3)  # 洽谈
    page.wait_for_url(re.compile(r"/dashboard/engagements\?reached=negotiation"))
    expect(page.locator("#records-title")).to_contain_text("到达“洽谈”")
    expect(page.locator("#records-total")).to_have_text(reached)
    shoot(page, "dashboard-funnel-engagements")


def test_the_chain_map_highlights_gaps_and_a_segment_opens_its_listings(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/dashboard/chains?industry=hydrogen")
    charts_drawn(page, 2)
    expect(page.locator("#chain-map .segment.gap-supply_short, #chain-map .segment.gap-demand_short").first).to_be_visible()
    shoot(page, "dashboard-chains")
    click_item(page, "#chart-segments", 0)
    page.wait_for_url(re.compile(r"/dashboard/segments\?key=hydrogen"))
    expect(page.locator("h1")).to_contain_text("氢能")
    expect(page.locator("#segment-achievements h2")).to_contain_text("科技成果")
    shoot(page, "dashboard-segment")


def test_a_park_page_lists_its_listings_engagements_and_contracts(page):
    login(page, "admin@demo.techbridge.cn")
    page.goto("/dashboard/parks")
    page.locator("#parks-table a", has_text="保定·中关村创新中心").click()
    page.wait_for_url("**/parks/baoding-zgc")
    expect(page.locator("#park-contracts h2")).not_to_contain_text("（0 份")
    expect(page.locator("body")).to_contain_text("省级以上科技型中小企业")
    shoot(page, "dashboard-park")
