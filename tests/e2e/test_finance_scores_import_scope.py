"""科技金融 in the browser, the rest of the path: a firm's need with both equity and debt sees funds and products, its
创新积分 estimate with formula and label, a bank's product list refused row by row in Chinese, and a regional
admin's dashboard holding only the deals of their province."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from techbridge.kernel.clock import beijing_today
from techbridge.kernel.tabular import write_xlsx
from tests.e2e.conftest import login
from tests.e2e.test_roadshow_to_deal import as_user, shoot


def test_need_with_products_innovation_estimate_import_and_regional_dashboard(page, browser, live_server, tmp_path):
    login(page, "zjk-wangshan-h2@demo.techbridge.cn")
    page.goto("/finance/needs/new")
    page.get_by_label("标题").fill("加氢站储氢瓶组更新流动资金")
    page.get_by_label("拟融资金额（万元）").fill("2000")
    page.get_by_label("融资阶段").select_option(label="A轮")
    page.get_by_label("所属领域").select_option(label="氢能（六链五群）")
    page.get_by_label("期望到位日期").fill((beijing_today() + timedelta(days=90)).isoformat())
    page.get_by_label("项目与企业简介").fill("运营3座加氢站，计划把站内储氢瓶组更新为45MPa大容积瓶组，提高日加注能力。")
    page.get_by_label("资金用途").fill("购置储氢瓶组和顺序控制盘，补充流动资金。")
    page.get_by_label("债权融资（贷款、担保、保险）").check()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("heading", name="匹配的金融产品")).to_be_visible()
    expect(page.locator("body")).to_contain_text("投贷联动成长贷")
    shoot(page, "09-firm-need-funds-and-products")

    page.get_by_role("link", name="测算并保存").last.click()
    for label, value in (("上年度研发费用（万元）", "260"), ("上年度营业收入（万元）", "4000"), ("职工总数（人）", "80"),
                         ("研发人员数（人）", "30"), ("有效发明专利（项）", "2"), ("前一年度营业收入（万元）", "3000"),
                         ("上年度高新技术产品（服务）收入（万元）", "3000")):
        page.get_by_label(label).fill(value)
    page.get_by_label("主持或参与制定国际、国家或行业标准").check()
    page.get_by_role("button", name="测算").click()
    expect(page.locator("#innovation-result")).to_contain_text("620 分 / 1000")
    expect(page.locator("#innovation-result")).to_contain_text("平台测算，非官方认定")
    expect(page.locator("#innovation-formula")).to_contain_text("技术创新指标（满分600）")
    shoot(page, "10-innovation-credit-estimate")

    bank = as_user(browser, live_server, "investor@demo.techbridge.cn")
    bank.goto("/finance/products/import")
    bad = tmp_path / "金融产品清单.xlsx"
    headers = ["编号", "产品名称", "产品类型", "产品说明", "授信额度上限（万元）", "年利率下限（%）", "年利率上限（%）", "期限（月）"]
    write_xlsx(bad, headers, [["P001", "燕山科创贷", "科创贷", "面向被投企业的纯信用流动资金贷款，随借随还。", "800", "3.2", "4.0", "12"],
                              ["P002", "燕山质押贷", "信用卡", "知识产权质押。", "-5", "5", "4", "12"]], sheet_title="金融产品清单")
    bank.get_by_label("金融产品清单文件").set_input_files(str(bad))
    bank.get_by_role("button", name="上传并导入").click()
    bank.wait_for_url("**/jobs/*")
    expect(bank.locator("#job-status")).to_contain_text("整份文件未导入", timeout=30_000)
    expect(bank.locator("#job-status")).to_contain_text("未知的产品类型“信用卡”")
    shoot(bank, "11-product-import-refused-row-by-row")
    bank.context.close()

    tianjin = as_user(browser, live_server, "tj-admin@demo.techbridge.cn")
    tianjin.goto("/dashboard/finance")
    expect(tianjin.locator("h2").first).to_contain_text("1 个融资对接")
    shoot(tianjin, "12-dashboard-finance-tianjin-scope")
    tianjin.context.close()
