"""揭榜挂帅 in a real browser on the demo data: an enterprise publishes a call, a university team
submits a proposal with an attachment, a reviewer scores it, the result is published and the
winner appears as an engagement; a submission after the deadline is refused.
Screenshots go to tests/e2e/screenshots/challenges-*.png."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.conftest import shoot as _shoot
from tests.support.documents import make_pdf

ORGANISER = "ts-coastal-steel@demo.techbridge.cn"  # 唐山丰南沿海特种钢材有限公司
TEAM = "adwa@demo.techbridge.cn"
REVIEWER = "broker@demo.techbridge.cn"  # 王立新
DEMAND = "炼钢厂控制系统怕中勒索病毒，集团要求年内整改"
ACHIEVEMENT = "面向工业控制网络的深度协议解析入侵检测系统"
PAST_CALL = "港区燃料电池重卡低温冷启动与电堆耐久揭榜"


def shoot(page, name):
    page.evaluate("window.scrollTo(0, 0)")  # a full-page shot of a scrolled page repeats the sticky header
    _shoot(page, name)


def as_user(page, email):
    page.context.clear_cookies()
    login(page, email)


def test_an_open_call_runs_from_publication_to_a_winner_that_becomes_an_engagement(page):
    page.on("dialog", lambda dialog: dialog.accept())
    as_user(page, ORGANISER)
    page.goto("/challenges")
    page.get_by_role("link", name="发布榜单").click()
    page.get_by_label("关联的技术需求").select_option(label=DEMAND)
    page.get_by_label("榜单名称").fill("炼钢控制系统防勒索病毒揭榜")
    page.get_by_label("榜单说明").fill("炼钢厂DCS和PLC控制系统与办公网存在连接，集团要求年内完成工控安全整改，防范勒索病毒导致停产。")
    page.get_by_label("揭榜要求与指标").fill("识别主流工控协议异常指令；发现横向移动和勒索行为的告警时延不超过1分钟；不影响控制系统实时性。")
    page.get_by_label("榜单奖励/经费（万元）").fill("300")
    page.get_by_label("王立新（技术经理人）").check()
    shoot(page, "challenges-publish-form")
    page.get_by_role("button", name="发布榜单").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("炼钢控制系统防勒索病毒揭榜")
    expect(page.locator("#call-state")).to_have_text("征集中")
    call_url = page.url

    as_user(page, TEAM)
    page.goto(call_url)
    page.get_by_role("link", name="我要揭榜").click()
    option = page.locator("#f-achievement_id option", has_text=ACHIEVEMENT)
    page.get_by_label("依托的科技成果").select_option(option.get_attribute("value"))
    page.get_by_label("技术方案").fill("在炼钢厂控制网部署深度协议解析入侵检测，旁路镜像采集S7、Modbus等协议流量，"
                                   "建立控制指令白名单并对异常写操作和横向扫描实时告警，不改动现有控制系统。")
    page.get_by_label("附件").set_input_files({"name": "技术方案.pdf", "mimeType": "application/pdf",
                                             "buffer": make_pdf(["技术方案", "工控入侵检测部署方案"])})
    shoot(page, "challenges-submit-form")
    page.get_by_role("button", name="提交揭榜方案").click()
    expect(page.locator(".flash-ok")).to_contain_text("揭榜方案已提交")

    as_user(page, ORGANISER)
    page.goto(call_url)
    page.get_by_role("button", name="结束征集，进入评审").click()
    expect(page.locator("#call-state")).to_have_text("评审中")

    as_user(page, REVIEWER)
    page.goto(call_url)
    page.get_by_role("link", name="评审打分").click()
    expect(page.get_by_role("link", name="技术方案.pdf")).to_be_visible()
    for label, score in (("技术方案可行性", "9"), ("关键指标达成度", "8"), ("团队能力与基础", "8.5"),
                         ("实施计划与进度", "8"), ("经费合理性", "7")):
        page.get_by_label(label).fill(score)
    shoot(page, "challenges-review")
    page.get_by_role("button", name="提交评分").click()
    expect(page.locator(".flash-ok")).to_contain_text("加权得分 83.5")

    as_user(page, ORGANISER)
    page.goto(call_url)
    expect(page.locator("input[name='winner_ids']")).to_be_checked()
    page.get_by_label("结果说明").fill("方案可旁路部署、不影响生产，确定揭榜。")
    shoot(page, "challenges-result-form")
    page.get_by_role("button", name="公布揭榜结果").click()
    expect(page.locator(".flash-ok")).to_contain_text("1 个团队入选")
    expect(page.locator("#call-state")).to_have_text("已揭榜")
    shoot(page, "challenges-decided")
    page.get_by_role("link", name="查看对接进展").click()
    expect(page).to_have_url(re.compile(r"/engagements/\d+$"))
    expect(page.locator("main")).to_contain_text(ACHIEVEMENT)
    expect(page.locator("main")).to_contain_text("双向意向")
    expect(page.locator("main")).to_contain_text("揭榜")
    shoot(page, "challenges-engagement")


def test_a_submission_after_the_deadline_is_refused_with_a_clear_message(page):
    as_user(page, "bfcl@demo.techbridge.cn")
    page.goto("/challenges")
    page.get_by_role("link", name=PAST_CALL).click()
    expect(page.locator("#call-state")).to_have_text("已截止·待评审")
    expect(page.locator("#call-actions")).to_contain_text("截止，不再接受揭榜方案")
    expect(page.get_by_role("link", name="我要揭榜")).to_have_count(0)
    call_url = page.url
    page.goto(call_url + "/submit")
    expect(page.locator("#submit-error")).to_contain_text("截止，不再接受揭榜方案")
    shoot(page, "challenges-late")
    # a form kept open in another tab and sent after the deadline: the server refuses it
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', page.locator("body").get_attribute("hx-headers") or "")
    response = page.request.post(call_url + "/submit", headers={"X-CSRF-Token": token.group(1) if token else ""},
                                 multipart={"achievement_id": "1", "approach": "迟到的方案" * 10})
    assert response.status == 422
    assert "截止，不再接受揭榜方案" in response.text()
