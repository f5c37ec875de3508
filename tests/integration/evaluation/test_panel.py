"""The achievement page's 评价与估值 panel: radar of the current evaluation, the range and the 报价偏离度."""

from fastapi.testclient import TestClient

from techbridge.demo.evaluation_data import CYLINDER_INPUTS
from techbridge.evaluation import service as evaluation
from techbridge.web.app import create_app
from tests.support.scenario import cast


def test_the_panel_shows_the_range_and_the_deviation_and_nothing_without_data(sqlite_platform):
    c = cast(sqlite_platform)
    client = TestClient(create_app(platform=sqlite_platform), base_url="http://testserver")
    assert client.get(f"/evaluation/achievements/{c.achievement_id}/panel").text.strip() == ""
    evaluation.value(sqlite_platform.uow(), actor=c.supplier, achievement_id=c.achievement_id, raw=CYLINDER_INPUTS)
    panel = client.get(f"/evaluation/achievements/{c.achievement_id}/panel")
    assert panel.status_code == 200 and "报价偏离度" in panel.text and "估值区间" in panel.text
    assert client.get("/evaluation/achievements/999999/panel").text == ""
    page = client.get(f"/achievements/{c.achievement_id}")
    assert f'hx-get="/evaluation/achievements/{c.achievement_id}/panel"' in page.text
