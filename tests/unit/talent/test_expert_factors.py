"""Expert finding's structured factors and the relevance scale (pure parts, no database)."""

from datetime import date
from decimal import Decimal

from techbridge.matching.documents import RankedDocument
from techbridge.matching.relevance import relevance, relevant
from techbridge.talent.finding import credential_factor, field_factor, record_factor, region_factor
from techbridge.talent.model import Expert, TrackRecord

TODAY = date(2026, 11, 22)


def expert(**overrides):
    values = {"name": "赵永刚", "kind": "技术经理人", "region_code": "120116", "fields": ["machine_tool"],
              "credential_no": "TJ2022G00031", "credential_region": "120000", "credential_level": "高级",
              "credential_valid_until": date(2028, 3, 31)}
    values.update(overrides)
    return Expert(**values)


def hit(doc_id, lexical, dense):
    return RankedDocument(doc_id, 0.9, lexical, dense, (), "", "", "")


def test_a_shared_field_adds_to_the_score_and_says_which():
    assert field_factor(expert(), "machine_tool").value > 0
    assert "高端工业母机" in field_factor(expert(), "machine_tool").reason
    assert field_factor(expert(), "hydrogen").value == 0


def test_region_prefers_the_same_city_then_province_then_any_of_the_three():
    same_city = region_factor("130203", "130207")  # 唐山路北区 / 丰南区
    same_province = region_factor("130602", "130203")  # 保定 / 唐山
    cross = region_factor("110108", "130203", certified=True)  # 海淀 / 唐山
    assert same_city.value > same_province.value > cross.value > 0
    assert "证书互认" in cross.reason and "互认" not in region_factor("110108", "130203").reason


def test_a_signed_track_record_counts_and_names_the_amount_in_wan_yuan():
    record = record_factor(TrackRecord(engagements=6, signed=3, contract_count=3, contract_amount=Decimal("820.00")))
    assert record.value > 0 and "签约 3 项" in record.reason and "820.00 万元" in record.reason
    assert record_factor(TrackRecord()).value == 0


def test_an_expired_credential_counts_against_a_broker():
    expired = credential_factor(expert(credential_valid_until=date(2026, 6, 30)), TODAY)
    assert expired.value < 0 and "2026-06-30" in expired.reason
    assert credential_factor(expert(), TODAY).value > 0 and "互认" in credential_factor(expert(), TODAY).reason


def test_relevance_normalises_both_signals_so_the_best_is_one_and_unrelated_hits_drop_out():
    ranked = [hit(1, 20.0, 0.93), hit(2, 10.0, 0.90), hit(3, 0.0, 0.86), hit(4, 1.0, 0.87)]
    scores = relevance(ranked)
    assert scores[1] == 1.0 and scores[1] > scores[2] > scores[4] >= scores[3]
    assert [r.id for r, _ in relevant(ranked)] == [1, 2]


def test_when_no_candidate_shares_a_word_meaning_alone_decides():
    scores = relevance([hit(1, 0.0, 0.92), hit(2, 0.0, 0.88)])
    assert scores == {1: 1.0, 2: 0.0}


def test_a_document_not_yet_embedded_does_not_stretch_the_scale_of_the_others():
    scores = relevance([hit(1, 5.0, 0.92), hit(2, 5.0, 0.88), hit(3, 5.0, 0.0)])
    assert scores[1] == 1.0 and scores[2] == 0.6 and scores[3] == 0.6
