"""找专家 through the engine's parts (BM25 + the bundled embedding model), on SQLite and PostgreSQL."""

from datetime import date

from techbridge.matching.documents import embed_documents
from techbridge.talent import finding as expert_finding
from techbridge.talent import service as talent
from tests.integration.talent.conftest import broker_form, expert_form
from tests.support.factories import make_user
from tests.support.scenario import cast

HYDROGEN = expert_form(name="钱伟", fields=["氢能", "新材料"], region="海淀",
                       expertise="高压储氢容器设计与制造：IV型瓶塑料内胆、碳纤维缠绕铺层优化，车用高压储氢气瓶型式试验与轻量化评估")
WATER = expert_form()
CERAMICS = expert_form(name="朱立平", fields=["新材料"], expertise="氮化硅陶瓷轴承球的粉体、成型与气压烧结工艺")


def index(platform):
    with platform.uow() as uow:
        embed_documents(uow, platform.embedder, talent.KIND, talent.expert_documents(platform.uow()))
        uow.commit()


def test_experts_are_found_for_a_demand_best_first_with_their_reasons(platform):
    c = cast(platform)  # the demand: 氢燃料重卡车载储氢减重, in 唐山
    admin = c.admin
    for form in (HYDROGEN, WATER, CERAMICS):
        talent.save_profile(platform.uow(), actor=admin, raw=form)
    broker_id = talent.save_profile(platform.uow(), actor=c.broker, raw=broker_form())
    index(platform)
    finding = expert_finding.find_for_listing(platform.uow(), platform.embedder, kind="demand",
                                              listing_id=c.demand_id, viewer=c.seeker)
    names = [h.expert.name for h in finding.hits]
    assert names[0] in ("钱伟", "王立新") and set(names[:2]) == {"钱伟", "王立新"}
    assert "谢婉" not in names, "an expert of an unrelated field must not be recommended"
    top = finding.hits[0]
    assert {f.name for f in top.factors} == {"field", "region", "record", "credential"}
    assert "储氢" in top.text.shared_terms and top.relevance > 0.5
    broker = next(h for h in finding.hits if h.expert.id == broker_id)
    reasons = {f.name: f.reason for f in broker.factors}
    assert "氢能" in reasons["field"] and "互认" in reasons["region"] and "互认" in reasons["credential"]


def test_an_expired_credential_lowers_a_broker_in_expert_finding(platform):
    admin = make_user(platform, role="admin")
    talent.save_profile(platform.uow(), actor=admin, raw=broker_form(name="有效经理人", credential_valid_until="2099-01-01"))
    talent.save_profile(platform.uow(), actor=admin, today=date(2025, 1, 1),
                        raw=broker_form(name="过期经理人", credential_no="BJ2022G00018", credential_valid_until="2026-06-30"))
    index(platform)
    finding = expert_finding.find_for_text(platform.uow(), platform.embedder, "车载储氢瓶轻量化", industry="hydrogen",
                                           today=date(2026, 11, 22))
    assert [h.expert.name for h in finding.hits] == ["有效经理人", "过期经理人"]
    expired = finding.hits[1]
    assert expired.credential.value == "expired" and min(f.value for f in expired.factors) < 0


def test_the_talent_search_ranks_by_meaning_and_words(platform):
    admin = make_user(platform, role="admin")
    for form in (HYDROGEN, WATER, CERAMICS):
        talent.save_profile(platform.uow(), actor=admin, raw=form)
    index(platform)
    page = talent.search(platform.uow(), platform.embedder, talent.TalentQuery(q="自来水有土腥味"))
    assert page.items[0].expert.name == "谢婉" and page.items[0].relevance == 1.0
