"""The text a listing gives the matching engine: the fields as sentences, never a doubled stop."""

from techbridge.listings.model import Achievement, Demand


def test_fields_that_end_with_a_stop_are_not_given_a_second_one():
    a = Achievement(title="IV型储氢瓶", organization_id=1, industry="hydrogen", region_code="110108",
                    summary="采用碳纤维全缠绕工艺。", highlights="单瓶储氢量1.86 kg。", keywords=["储氢", "碳纤维"])
    assert a.full_text() == "IV型储氢瓶。采用碳纤维全缠绕工艺。单瓶储氢量1.86 kg。储氢、碳纤维"
    d = Demand(title="重卡储氢减重", organization_id=2, industry="hydrogen", region_code="130203",
               problem="储氢瓶组过重。", target_indicators="减重20%以上！")
    assert "。。" not in d.full_text() and d.full_text().endswith("减重20%以上！")
