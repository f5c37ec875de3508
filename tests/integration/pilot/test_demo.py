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
