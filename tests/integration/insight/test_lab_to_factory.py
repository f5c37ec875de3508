"""转化链条 on a hand-built world (figures computed by hand): the chain 签约 → 落地 → 投产, median months per
incubation step, pilot utilisation and waiting days, TRL gained, the Sankey's 落地 layer, and every figure's
drill-down listing exactly what it counts (SQLite and PostgreSQL)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from techbridge.incubation.repository import CarrierRepository
from techbridge.incubation.rules import Carrier, Tenancy
from techbridge.insight import analytics
from techbridge.insight import lab_to_factory as lab
from techbridge.insight.api import plain
from techbridge.insight.reads import Filters
from techbridge.kernel.codes import uscc_check_char
from techbridge.landing.model import LandingRecord
from techbridge.landing.repository import LandingRepository
from techbridge.pilot.model import Facility, FacilityService, ServiceRecord, ServiceRequest, SlotBooking
from techbridge.pilot.repository import (
    FacilityRepository,
    RecordRepository,
    RequestRepository,
    SlotRepository,
)
from tests.integration.insight.fixture import build
from tests.integration.web.conftest import api_login, client  # noqa: F401 - the fixture
from tests.support.factories import make_user

TODAY = date(2026, 12, 4)
T = datetime(2025, 1, 1)


def code(n: int) -> str:
    body = f"91120116{n:09d}"
    return body + uscc_check_char(body)


def landing(title, park, region, landed, producing=None, investment="1000", jobs=10):
    return LandingRecord(title, "contract", "production_base", "测试北京研究院", park, region, landed, Decimal(investment),
                         jobs, "投资协议", production_start=producing, created_at=T, updated_at=T)


@pytest.fixture
def world(platform):
    w = build(platform)
    requester = make_user(platform, role="seeker").id
    with platform.uow() as uow:
        repo = uow.repo(LandingRepository)
        repo.add(landing("滨海甲", "tianjin-binhai-zgc", "120116", date(2025, 4, 1), date(2025, 9, 1), "6000", 60))
        repo.add(landing("保定乙", "baoding-zgc", "130602", date(2025, 6, 1), None, "1500", 20))
        repo.add(landing("宝坻丙（2024年）", "jingjin-zgc-city", "120115", date(2024, 5, 1), date(2024, 12, 1)))
        carriers = uow.repo(CarrierRepository)
        kinds = {}
        for kind in ("makerspace", "incubator", "accelerator"):
            kinds[kind] = carriers.add(Carrier(f"测试{kind}", kind, "市级", w.orgs["E1"], "120116", created_at=T))
        uow.flush()
        for firm, n, stays in (("甲", 1, (("makerspace", date(2023, 1, 10), date(2023, 11, 1)),
                                          ("incubator", date(2023, 11, 10), date(2024, 12, 31)),
                                          ("accelerator", date(2025, 1, 10), None))),
                               ("乙", 2, (("makerspace", date(2023, 3, 1), date(2024, 2, 1)),
                                          ("incubator", date(2024, 3, 1), None)))):
            for kind, moved_in, moved_out in stays:
                carriers.add_tenancy(Tenancy(kinds[kind].id, f"测试{firm}公司", code(n), moved_in,
                                             status="graduated" if moved_out else "incubating", moved_out=moved_out))
        facility = uow.repo(FacilityRepository).add(Facility("测试中试线", "pilot", w.orgs["E1"], "120116", "中试",
                                                             park="tianjin-binhai-zgc", created_at=T, updated_at=T))
        uow.flush()
        service = FacilityService(facility.id, "工艺验证", Decimal("10"), "批", 5)
        uow.repo(FacilityRepository).add_service(service)
        uow.flush()
        for asked, quoted, accepted, start, days, trl in ((datetime(2025, 3, 1), datetime(2025, 3, 4),
                                                            datetime(2025, 3, 5), date(2025, 3, 15), 20, (4, 6)),
                                                           (datetime(2025, 8, 1), datetime(2025, 8, 2),
                                                            datetime(2025, 8, 3), date(2025, 8, 13), 10, (5, 6))):
            r = uow.repo(RequestRepository).add(ServiceRequest(facility.id, service.id, requester, "工艺验证", asked,
                                                               status="completed", quote_amount=Decimal("10"),
                                                               quote_days=days, quoted_at=quoted, accepted_at=accepted,
                                                               created_at=asked, updated_at=accepted))
            uow.flush()
            uow.repo(SlotRepository).add(SlotBooking(facility.id, r.id, start, date.fromordinal(start.toordinal() + days),
                                                     created_at=accepted))
            uow.repo(RecordRepository).add(ServiceRecord(r.id, "目标", "结果", *trl, "报告", recorded_at=accepted))
        uow.commit()
    return w


@pytest.fixture
def admin(platform, client, world):  # noqa: F811
    make_user(platform, role="admin", email="admin@example.cn")
    return api_login(client, "admin@example.cn")


def test_the_figures_add_up_by_hand(platform, world):
    report = lab.lab_to_factory(platform.uow(), year=2025, today=TODAY)
    tianjin, hebei = report.provinces
    assert [s.value for s in tianjin.steps][1:] == [1, 1] and (tianjin.investment, tianjin.jobs) == (Decimal("6000"), 60)
    assert [s.value for s in hebei.steps][1:] == [1, 0]
    assert {p.key for p in report.parks} == {"tianjin-binhai-zgc", "baoding-zgc"}  # the 2024 landing is not counted
    steps = {s.step: (s.firms, s.median_months) for s in report.steps}
    # 甲: 2023-01-10 → 2023-11-10 = 10 months, 乙: 2023-03-01 → 2024-03-01 = 12 → median 11; 甲 → 加速器 14 months
    assert steps == {"makerspace>incubator": (2, 11.0), "incubator>accelerator": (1, 14.0),
                     "accelerator>industrial_park": (0, None)}
    (f,) = report.facilities
    assert (f.booked_days, f.period_days, f.requests) == (30, 365, 2)
    assert (f.median_quote_days, f.median_wait_days) == (2.0, 10.0)  # quotes after 3 and 1 days; slots 10 days after
    (g,) = report.gains
    assert (g.records, g.mean_gain, g.gains) == (2, 1.5, "4→6、5→6")


def test_the_sankey_gains_a_landing_layer_from_the_buyer_node_into_the_park(platform, world):
    flows = analytics.flows(platform.uow(), Filters(year=2025))
    assert {(x.node, x.park, x.count) for x in flows.landings} == {("120116", "tianjin-binhai-zgc", 1),
                                                                  ("130600", "baoding-zgc", 1)}
    assert analytics.flows(platform.uow(), Filters(year=2025, industry="hydrogen")).landings == []


def test_every_figure_drills_down_to_the_records_it_counts(platform, client, admin):  # noqa: F811
    report = client.get("/api/v1/dashboard/lab-to-factory?year=2025").json()
    assert report == plain(lab.lab_to_factory(platform.uow(), year=2025, today=date.today()))
    for province in report["provinces"]:
        signed, landed, producing = province["steps"]
        api_drill = signed["drill"].replace("/dashboard/contracts", "/api/v1/dashboard/contracts")
        assert client.get(api_drill).json()["total"] == signed["value"]
        for step in (landed, producing):
            page = client.get(step["drill"]).text
            assert f'id="records-total">{step["value"]}<' in page
    assert "滨海甲" in client.get("/dashboard/landings?year=2025&stage=producing&province=120000").text
    assert "保定乙" not in client.get("/dashboard/landings?year=2025&stage=producing").text
    steps = client.get("/dashboard/incubation-steps?step=makerspace>incubator").text
    assert 'id="records-total">2<' in steps and "测试甲公司" in steps and "10 个月" in steps
    services = client.get(report["gains"][0]["drill"]).text
    assert 'id="records-total">2<' in services and "4 → 6" in services
    page = client.get("/dashboard/lab-to-factory?year=2025").text
    assert "转化链条" in page and "11.0 个月" in page and "8.2%" in page  # 30 / 365 booked days
    flows = client.get("/dashboard/flows?year=2025").text
    assert "落地层" in flows and "/dashboard/landings?node=120116&park=tianjin-binhai-zgc&amp;year=2025" in flows


def test_only_admins_see_the_chain(platform, client, world):  # noqa: F811
    make_user(platform, role="seeker", email="seeker@example.cn")
    api_login(client, "seeker@example.cn")
    assert client.get("/api/v1/dashboard/lab-to-factory").status_code == 403
    assert client.get("/dashboard/landings", follow_redirects=False).status_code in (302, 303, 403)
