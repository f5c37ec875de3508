"""Matching through the API: both directions with explanations, the draft preview, confidentiality."""

from tests.integration.web.conftest import api_login
from tests.support.factories import demand_row
from tests.support.scenario import OTHER_TOPICS, cast, fill_market, publish


def market(platform):
    c = cast(platform, trl=7)
    fill_market(platform, c, kinds=("achievement", "demand"))
    secret = publish(platform, "demand", c.seeker, c.admin, demand_row(
        title="涉密：车载储氢气瓶轻量化", visibility="仅经纪人可见",
        problem="我公司氢燃料电池重卡的车载储氢气瓶太重，需要碳纤维缠绕的轻量化高压储氢气瓶方案。"))
    return c, secret


def test_demand_to_achievements_with_explanations(client, platform):
    c, _ = market(platform)
    body = client.get(f"/api/v1/demands/{c.demand_id}/matches").json()
    assert body["kind"] == "demand" and body["matches"]
    top = body["matches"][0]
    assert top["listing_id"] == c.achievement_id and top["kind"] == "achievement"
    x = top["explanation"]
    assert x["summary"] and x["shared_terms"] and x["best_pair"]["hit_sentence"]
    assert {f["name"] for f in x["factors"]} >= {"industry", "region"}
    assert 0 <= top["percent"] <= 100


def test_a_confidential_demand_never_appears_in_matches_for_others(client, platform):
    c, secret = market(platform)
    for who in (None, c.supplier, c.stranger):
        client.cookies.clear()
        if who:
            api_login(client, who.email)
        ids = [m["listing_id"] for m in client.get(f"/api/v1/achievements/{c.achievement_id}/matches?k=20").json()["matches"]]
        assert secret not in ids
        assert client.get(f"/api/v1/demands/{secret}/matches").status_code == 404
    client.cookies.clear()
    api_login(client, c.broker.email)
    ids = [m["listing_id"] for m in client.get(f"/api/v1/achievements/{c.achievement_id}/matches?k=20").json()["matches"]]
    assert secret in ids


def test_a_draft_demand_previews_its_matches_without_being_stored(client, platform):
    c, _ = market(platform)
    r = client.post("/api/v1/matches/preview", json={
        "title": "重卡储氢瓶太重", "problem": "运营氢燃料电池重卡，钢内胆储氢瓶组太重，想换碳纤维缠绕的轻量化储氢气瓶。"})
    assert r.status_code == 200
    assert r.json()["matches"][0]["listing_id"] == c.achievement_id
    assert client.get("/api/v1/demands?size=100").json()["total"] == 1 + len(OTHER_TOPICS)  # nothing stored
