"""The demo's pilot facilities: the seeds' parks, loaded once and again without duplicates."""

from techbridge.demo.load import load_demo
from techbridge.kernel.parks import park_name
from techbridge.pilot import service as pilot


def test_the_demo_has_the_seeds_pilot_platforms_and_reloading_adds_none(demo_platform):
    facilities = pilot.list_facilities(demo_platform.uow())
    parks = {park_name(f.park) for f in facilities}
    assert {"天津滨海—中关村科技园", "保定·中关村创新中心", "雄安新区中关村科技园", "京津中关村科技城"} <= parks
    assert any("增材制造" in f.name for f in facilities)
    load_demo(demo_platform)
    assert len(pilot.list_facilities(demo_platform.uow())) == len(facilities)


def test_the_demo_has_landings_in_tianjin_and_hebei_parks(demo_platform):
    from techbridge.landing import service as landing

    figures = landing.chain_figures(demo_platform.uow())
    assert all(row.landed > 0 for row in figures.provinces)
    assert {"京津中关村科技城", "天津滨海—中关村科技园", "保定·中关村创新中心", "雄安新区中关村科技园"} <= {r.label for r in figures.parks}


def test_the_demo_shows_this_years_progress_along_the_whole_chain(demo_platform):
    from techbridge.incubation import service as incubation
    from techbridge.insight import lab_to_factory as lab
    from techbridge.kernel.clock import beijing_today

    today = beijing_today()
    report = lab.lab_to_factory(demo_platform.uow(), year=today.year, today=today)
    assert all(p.steps[1].value > 0 and p.steps[2].value > 0 for p in report.provinces)  # landed and producing
    assert {"京津中关村科技城", "天津滨海—中关村科技园", "保定·中关村创新中心", "雄安新区中关村科技园"} <= {p.label for p in report.parks}
    assert all(s.firms > 0 and s.median_months for s in report.steps)  # 众创 → 孵化 → 加速 → 园区
    assert all(f.booked_days > 0 for f in report.facilities) and report.gains
    kinds = {c.kind for c in incubation.list_carriers(demo_platform.uow())}
    assert kinds == {"makerspace", "incubator", "accelerator", "industrial_park"}
    cards = [incubation.compliance_card(demo_platform.uow(), carrier_id=c.id)
             for c in incubation.list_carriers(demo_platform.uow()) if c.kind in ("makerspace", "incubator")]
    passing = {c.carrier.name for c in cards if c.checks and c.passed == len(c.checks)}
    assert {"滨海中关村众创空间", "滨海中关村科技企业孵化器"} <= passing  # a 国家级 incubator meets the national criteria
    assert "保定·中关村创新中心孵化器" not in passing  # 省级, not yet 国家级
