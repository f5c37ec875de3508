"""仪器共享 in the browser: find an instrument for a need, book a slot, the owner approves, an overlap is refused;
and, against the live server, simultaneous HTTP requests for one slot: exactly one wins."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from datetime import date, timedelta
from http.cookiejar import CookieJar
from urllib.parse import quote

from playwright.sync_api import expect

from techbridge.kernel.clock import beijing_today
from tests.e2e.conftest import DEMO_PASSWORD, login, shoot


def next_week(weekday: int) -> date:
    """A day of next week, by the server's calendar (Beijing time)."""
    today = beijing_today() + timedelta(days=7)
    return today - timedelta(days=today.weekday()) + timedelta(days=weekday)


def test_book_an_instrument_the_owner_approves_and_an_overlap_is_refused(page, browser, live_server):
    login(page, "bd-zgc-operator@demo.techbridge.cn")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="仪器共享").click()
    page.get_by_label("描述要做的检测或加工").fill("需要给车载电子产品做EMC辐射发射测试")
    page.get_by_role("button", name="找仪器").click()
    first = page.locator("article.listing").first
    expect(first.locator("h3 a")).to_have_text("3米法电波暗室")
    shoot(page, "40-instruments-matched-to-a-need")
    first.locator("h3 a").click()
    page.get_by_role("link", name="下一周 ›").click()
    day = next_week(1)
    page.get_by_label(f"{day:%m月%d日} 09:00 可预约，点击预约").click()
    expect(page.get_by_label("开始时间")).to_have_value(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("结束时间").fill(f"{day:%Y-%m-%d}T12:00")
    page.get_by_label("检测/使用内容").fill("园区企业车载中控屏辐射发射摸底测试（CISPR 25）")
    page.get_by_label("使用科技创新券抵扣费用").check()
    page.get_by_role("button", name="提交预约申请").click()
    expect(page.get_by_role("status")).to_contain_text("预约申请已提交")
    expect(page.locator("#booking-status")).to_have_text("待审批")
    expect(page.get_by_text("4,500.00元")).to_be_visible()
    shoot(page, "41-booking-requested")

    owner = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(owner, "bfjl@demo.techbridge.cn")
    owner.goto("/bookings")
    expect(owner.get_by_role("heading", name="本单位仪器收到的预约")).to_be_visible()
    owner.locator("tr", has_text="车载中控屏").get_by_role("link", name="审批").click()
    expect(owner.get_by_text("园区企业车载中控屏辐射发射摸底测试（CISPR 25）")).to_be_visible()
    owner.get_by_role("button", name="批准预约").click()
    expect(owner.locator("#booking-status")).to_have_text("已批准")
    shoot(owner, "42-owner-approved")
    owner.context.close()

    other = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    login(other, "sh-xinyan-electronics@demo.techbridge.cn")
    other.goto("/instruments?q=EMC")
    other.get_by_role("link", name="3米法电波暗室").click()
    other.get_by_label("开始时间").fill(f"{day:%Y-%m-%d}T11:00")
    other.get_by_label("结束时间").fill(f"{day:%Y-%m-%d}T13:00")
    other.get_by_label("检测/使用内容").fill("服务器主板辐射发射预测试")
    other.get_by_role("button", name="提交预约申请").click()
    error = other.locator("#booking-error")
    expect(error).to_contain_text("该时段已被占用")
    expect(error).to_contain_text("09:00–12:00，已批准")
    shoot(other, "43-overlap-refused")
    other.context.close()


def _session(base: str, email: str) -> tuple[urllib.request.OpenerDirector, str]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    body = json.dumps({"email": email, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(f"{base}/api/v1/auth/login", body, {"Content-Type": "application/json"})
    with opener.open(request, timeout=30) as r:
        return opener, json.loads(r.read())["csrf_token"]


def test_simultaneous_http_bookings_of_one_slot_on_the_live_server_exactly_one_wins(live_server):
    emails = [f"{key}@demo.techbridge.cn" for key in ("ts-jidong-bearing", "tj-beichen-cnc", "bt-foundry",
                                                      "yn-fastener", "bd-chiyu-autoparts", "tj-haihe-robotics")]
    sessions = [_session(live_server, e) for e in emails]
    with urllib.request.urlopen(f"{live_server}/api/v1/instruments?q={quote('疲劳试验')}&size=1", timeout=30) as r:
        instrument_id = json.loads(r.read())["items"][0]["instrument"]["id"]
    day = next_week(3)
    body = json.dumps({"start": f"{day}T09:00", "end": f"{day}T12:00", "purpose": "焊接接头疲劳测试"}).encode()
    barrier, statuses = threading.Barrier(len(sessions)), []

    def post(opener, token):
        request = urllib.request.Request(f"{live_server}/api/v1/instruments/{instrument_id}/bookings", body,
                                         {"Content-Type": "application/json", "X-CSRF-Token": token})
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as err:
            statuses.append(err.code)

    threads = [threading.Thread(target=post, args=s) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert Counter(statuses) == {201: 1, 409: len(sessions) - 1}, statuses
