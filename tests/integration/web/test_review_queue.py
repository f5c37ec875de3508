"""The review queue as a commission clerk uses it: a table of both kinds, filtered and sorted, decided in a batch."""

import re

from techbridge.listings import service as registry
from tests.integration.web.test_pages import form_login
from tests.support.factories import achievement_row, demand_row
from tests.support.scenario import cast


def submit(platform, kind, actor, **row):
    make = achievement_row if kind == "achievement" else demand_row
    with platform.uow() as uow:
        return registry.create_listing(uow, platform.bus, kind=kind, actor=actor, raw=make(**row), submit=True)


def status_of(platform, kind, listing_id):
    with platform.uow() as uow:
        return registry.kind_of(kind).repo(uow).get(listing_id).status


def test_the_queue_lists_both_kinds_filters_and_sorts(client, platform):
    c = cast(platform)
    a = submit(platform, "achievement", c.supplier, title="甲醇重整制氢催化剂")
    d = submit(platform, "demand", c.seeker, title="钢厂煤气余压发电改造")
    form_login(client, c.admin.email)
    html = client.get("/review").text
    assert f'value="achievement:{a}"' in html and f'value="demand:{d}"' in html and "共 2 条待审核" in html
    only_demands = client.get("/review?kind=demand").text
    assert f'value="achievement:{a}"' not in only_demands and f'value="demand:{d}"' in only_demands
    assert f'value="demand:{d}"' not in client.get("/review?q=催化剂").text
    by_title = client.get("/review?sort=title").text  # 甲 (U+7532) sorts before 钢 (U+94A2)
    assert by_title.index(f'value="achievement:{a}"') < by_title.index(f'value="demand:{d}"')
    assert 'aria-sort="ascending"' in by_title
    reversed_titles = client.get("/review?sort=-title").text
    assert reversed_titles.index(f'value="achievement:{a}"') > reversed_titles.index(f'value="demand:{d}"')
    newest_first = client.get("/review?sort=-submitted").text
    assert newest_first.index(f'value="demand:{d}"') < newest_first.index(f'value="achievement:{a}"')


def test_a_batch_approves_some_and_returns_others_each_with_its_reason(client, platform):
    c = cast(platform)
    ids = [submit(platform, "demand", c.seeker, title=f"待审需求第{n}号工艺改造") for n in range(3)]
    token = form_login(client, c.admin.email)
    r = client.post("/review/batch", data={"csrf_token": token, "action": "approve",
                                           "pick": [f"demand:{ids[0]}", f"demand:{ids[1]}"]}, follow_redirects=False)
    assert r.status_code == 303 and [status_of(platform, "demand", i) for i in ids] == ["published", "published",
                                                                                       "pending_review"]
    r = client.post("/review/batch", data={"csrf_token": token, "only": f"return:demand:{ids[2]}",
                                           f"note-demand-{ids[2]}": "请补充目标指标"}, follow_redirects=False)
    assert r.status_code == 303 and status_of(platform, "demand", ids[2]) == "draft"


def test_returning_without_a_reason_changes_nothing_and_marks_the_row(client, platform):
    c = cast(platform)
    ids = [submit(platform, "demand", c.seeker, title=f"待审需求第{n}号工艺改造") for n in range(2)]
    token = form_login(client, c.admin.email)
    r = client.post("/review/batch", data={"csrf_token": token, "action": "return",
                                           "pick": [f"demand:{i}" for i in ids], f"note-demand-{ids[0]}": "缺少预算"})
    assert r.status_code == 422 and "退回修改时请写明原因" in r.text
    assert re.search(rf'id="note-demand-{ids[1]}"[^>]*aria-invalid="true"', r.text)
    assert 'value="缺少预算"' in r.text
    assert [status_of(platform, "demand", i) for i in ids] == ["pending_review", "pending_review"]


def test_a_listing_reviewed_meanwhile_is_skipped_and_reported(client, platform):
    c = cast(platform)
    ids = [submit(platform, "demand", c.seeker, title=f"待审需求第{n}号工艺改造") for n in range(2)]
    with platform.uow() as uow:
        registry.change_status(uow, platform.bus, kind="demand", actor=c.admin, listing_id=ids[0], target="published")
    token = form_login(client, c.admin.email)
    r = client.post("/review/batch", data={"csrf_token": token, "action": "approve",
                                           "pick": [f"demand:{i}" for i in ids]})
    assert "已通过 1 条" in r.text and "1 条未处理" in r.text


def test_only_admins_reach_the_queue_and_the_batch(client, platform):
    c = cast(platform)
    token = form_login(client, c.broker.email)
    assert client.get("/review").status_code == 403
    assert client.post("/review/batch", data={"csrf_token": token, "action": "approve"}).status_code == 403
