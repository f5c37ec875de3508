from datetime import date

import pytest

from techbridge.ip import rules
from techbridge.ip.rules import Licence
from techbridge.kernel.errors import ValidationError


def test_kind_from_the_application_number() -> None:
    assert rules.patent_kind("202111212367.6") == "发明"
    assert rules.patent_kind("ZL202222307814.2") == "实用新型"
    with pytest.raises(ValidationError):
        rules.patent_kind("12345")


def test_terms_run_from_the_filing_date() -> None:
    assert rules.term_end("发明", date(2021, 11, 12)) == date(2041, 11, 12)
    assert rules.term_end("实用新型", date(2022, 9, 1)) == date(2032, 9, 1)
    assert rules.term_end("外观设计", date(2020, 3, 1)) == date(2030, 3, 1)
    assert rules.term_end("外观设计", date(2022, 3, 1)) == date(2037, 3, 1)


def test_annuity_due_on_the_anniversary_with_six_months_grace() -> None:
    a = rules.next_annuity(date(2021, 11, 12), 5)
    assert a == rules.Annuity(date(2026, 11, 12), date(2027, 5, 12), 6)


def base(**over):
    kw = {"number": "202111212367.6", "status": "有效", "filed": date(2021, 11, 12), "paid_through_year": 6,
          "checked_on": date(2026, 11, 30), "licences": [], "pledged": False, "buyer": None, "today": date(2026, 12, 4)}
    kw.update(over)
    return rules.warnings(**kw)


def test_no_warning_for_a_live_paid_recently_checked_patent() -> None:
    assert base() == []


def test_warnings() -> None:
    assert base(status="失效")[0].level == "严重"
    assert "补缴" in base(paid_through_year=5)[0].message  # due 2026-11-12, in grace
    assert "将于2027-11-12到期" in base(today=date(2027, 10, 1), checked_on=date(2027, 9, 30))[0].message
    exclusive = base(licences=[Licence("唐山某公司", True, date(2028, 12, 31))])
    assert "独占" in exclusive[0].message
    assert base(licences=[Licence("唐山某公司", True, date(2028, 12, 31))], buyer="唐山某公司") == []
    assert base(licences=[Licence("唐山某公司", True, date(2025, 12, 31))]) == []  # licence ended
    assert "质押" in base(pledged=True)[0].message
    assert "未核实" in base(checked_on=date(2026, 6, 1))[0].message


def open_licence(**over):
    kw = {"number": "202111212367.6", "status": "有效", "kind": "发明", "licences": [], "pledged_without_consent": False,
          "annuity_overdue": False, "has_evaluation_report": False, "term_end_on": date(2041, 11, 12),
          "licence_until": date(2029, 12, 31), "today": date(2026, 12, 4)}
    kw.update(over)
    return rules.open_licence_problems(**kw)


def test_a_valid_paid_unencumbered_invention_may_be_openly_licensed() -> None:
    assert open_licence() == []


def test_open_licence_is_refused_for_each_condition_of_rule_86() -> None:
    assert "第八十五条" in open_licence(status="审中")[0]
    assert "独占或排他" in open_licence(licences=[Licence("保定某公司", True, date(2028, 1, 1))])[0]
    assert open_licence(licences=[Licence("保定某公司", True, date(2026, 1, 1))]) == []  # expired licence
    assert open_licence(licences=[Licence("保定某公司", False, None)]) == []  # an ordinary licence is fine
    assert "年费" in open_licence(annuity_overdue=True)[0]
    assert "质权人" in open_licence(pledged_without_consent=True)[0]
    assert "评价报告" in open_licence(kind="实用新型", number="202222307814.2")[0]
    assert open_licence(kind="实用新型", number="202222307814.2", has_evaluation_report=True) == []
    assert "保护期" in open_licence(licence_until=date(2042, 1, 1))[0]


def test_an_annuity_deadline_entered_by_hand_warns_without_a_filing_date() -> None:
    found = rules.warnings(number="202111212367.6", status="有效", filed=None, paid_through_year=None,
                           checked_on=date(2026, 12, 1), licences=[], pledged=False, buyer=None,
                           today=date(2026, 12, 4), annuity_due=date(2026, 12, 20))
    assert [w.level for w in found] == ["提醒"] and "2026-12-20" in found[0].message
