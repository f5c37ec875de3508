"""One 匹配度: the draft preview and the published demand score a pair alike; nonsense finds nothing strong."""

from techbridge.matching.calibration import HIGH_MATCH
from tests.integration.web.conftest import api_login
from tests.support.factories import demand_row
from tests.support.scenario import cast, fill_market


def test_the_preview_shows_the_same_match_score_as_the_published_demand(client, platform):
    c = cast(platform, trl=7)
    fill_market(platform, c)
    token = api_login(client, c.seeker.email)
    row = demand_row()
    draft = {key: row[key] for key in ("title", "problem", "industry", "budget", "region")}
    draft["expected_trl"] = int(row["expected_trl"])
    preview = client.post("/api/v1/matches/preview", json=draft, headers={"X-CSRF-Token": token}).json()["matches"]
    published = client.get(f"/api/v1/demands/{c.demand_id}/matches").json()["matches"]
    before = {m["listing_id"]: m for m in preview}
    after = {m["listing_id"]: m for m in published}
    assert c.achievement_id in before and c.achievement_id in after
    for listing_id in before.keys() & after.keys():
        assert before[listing_id]["percent"] == after[listing_id]["percent"]
        assert before[listing_id]["explanation"]["best_pair"] == after[listing_id]["explanation"]["best_pair"]


def test_a_search_with_no_answer_on_the_platform_shows_the_no_match_state(client, platform):
    c = cast(platform, trl=7)
    fill_market(platform, c)
    page = client.get("/achievements", params={"q": "宠物狗美容"})
    assert page.status_code == 200
    assert "暂无高度匹配" in page.text
    found = client.get("/achievements", params={"q": "车载高压储氢气瓶轻量化"})
    assert "暂无高度匹配" not in found.text
    assert f"/achievements/{c.achievement_id}" in found.text


def test_recommendations_say_when_nothing_is_a_strong_match(client, platform):
    c = cast(platform, trl=7)
    fill_market(platform, c)
    token = api_login(client, c.seeker.email)
    off = client.post("/api/v1/matches/preview", headers={"X-CSRF-Token": token}, json={
        "title": "宠物狗美容门店预约排队", "problem": "我店周末给狗狗洗澡修毛要排两三个小时，想找预约和到店分流的办法。"}).json()
    assert all(m["percent"] < HIGH_MATCH for m in off["matches"])
    assert not off["matches"] or "暂无高度匹配" in off["notice"]
    on = client.get(f"/api/v1/demands/{c.demand_id}/matches").json()
    assert on["matches"][0]["percent"] >= HIGH_MATCH and "暂无高度匹配" not in on["notice"]
