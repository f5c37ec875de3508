"""Demo IP records (知识产权), written by the team: the legal status of the patents of a few hydrogen achievements
as checked by named people on the CNIPA register, with licences and a pledge — including a lapsed patent and an
exclusive licence held by someone else, so that the achievement and engagement pages show their warnings.
Loaded once, into an empty patent_records table; statuses are entered data, never fetched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from techbridge.bootstrap import Platform
from techbridge.ip.model import LicenceKind, PatentLicence, PatentPledge, PatentRecord
from techbridge.ip.repository import LicenceRepository, PatentRecordRepository, PledgeRepository
from techbridge.ip.rules import next_annuity, patent_kind
from techbridge.kernel.clock import utcnow
from techbridge.listings.repository import AchievementRepository

# achievement, number, status, filed, paid through (patent years), checked on, checked by
RECORDS = [
    ("DEMO-A-0001", "202111212367.6", "有效", date(2021, 11, 12), 6, date(2026, 11, 20), "李敏（知识产权专员）"),
    ("DEMO-A-0001", "202210129091.3", "有效", date(2022, 1, 28), 5, date(2026, 11, 20), "李敏（知识产权专员）"),
    ("DEMO-A-0001", "202222307814.2", "有效", date(2022, 8, 30), 5, date(2026, 11, 20), "李敏（知识产权专员）"),
    ("DEMO-A-0004", "202310636828.5", "有效", date(2023, 5, 31), 4, date(2026, 11, 5), "赵雪（技术转移办公室）"),
    ("DEMO-A-0004", "202410331408.0", "有效", date(2024, 3, 21), 3, date(2026, 11, 5), "赵雪（技术转移办公室）"),
    ("DEMO-A-0006", "202310511767.X", "有效", date(2023, 4, 28), 4, date(2026, 9, 20), "周海涛（科研处）"),
    ("DEMO-A-0008", "202111262957.X", "失效", date(2021, 10, 26), 3, date(2026, 11, 28), "王楠（技术经理人）"),
    ("DEMO-A-0008", "202210146321.7", "有效", date(2022, 2, 10), 5, date(2026, 11, 28), "王楠（技术经理人）"),
    ("DEMO-A-0009", "202110130735.6", "有效", date(2021, 2, 3), 6, date(2026, 10, 30), "刘洋（知识产权部）"),
    ("DEMO-A-0009", "202210955088.7", "有效", date(2022, 8, 12), 5, date(2026, 10, 30), "刘洋（知识产权部）"),
]
NOTES = {"202111262957.X": "未缴第4年年费，滞纳期满专利权终止（国家知识产权局专利登记簿）",
         "202410331408.0": "2025年12月授权公告；开放许可期间年费减免（专利法第五十一条）"}


def load_ip(platform: Platform) -> int:
    with platform.uow() as uow:
        records = uow.repo(PatentRecordRepository)
        if records.count() > 0:
            return records.count()
        ach = uow.repo(AchievementRepository).by_external_ids("demo", sorted({r[0] for r in RECORDS}))
        if len(ach) < 5:
            return 0
        now = utcnow()
        by_number: dict[str, PatentRecord] = {}
        for key, number, status, filed, paid, checked_on, checked_by in RECORDS:
            a = ach[key]
            assert a.id is not None and number in a.patents
            due = next_annuity(filed, paid).due if paid and status == "有效" else None
            record = PatentRecord(a.id, number, patent_kind(number), status, checked_on, checked_by, filed_on=filed,
                                  paid_through_year=paid, annuity_due=due, source="手工录入",
                                  note=NOTES.get(number, ""), created_at=now, updated_at=now)
            records.add(record)
            by_number[number] = record
        uow.flush()

        def rid(number: str) -> int:
            record_id = by_number[number].id
            assert record_id is not None
            return record_id

        uow.repo(LicenceRepository).add(PatentLicence(
            rid("202111212367.6"), "河北张家口氢装备制造有限公司", LicenceKind.ORDINARY.value, date(2025, 3, 1),
            date(2028, 2, 28), note="普通许可，许可区域河北省", created_at=now))
        uow.repo(LicenceRepository).add(PatentLicence(
            rid("202110130735.6"), "内蒙古鄂尔多斯绿氢能源有限公司", LicenceKind.EXCLUSIVE.value, date(2024, 7, 1),
            date(2029, 6, 30), note="独占许可五年，已在国家知识产权局备案", created_at=now))
        uow.repo(PledgeRepository).add(PatentPledge(
            rid("202210129091.3"), "北京银行中关村分行", Decimal("800.00"), date(2025, 6, 18), date(2027, 6, 17),
            note="知识产权质押融资（科创贷）", created_at=now))
        uow.commit()
        return records.count()
