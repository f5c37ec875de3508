"""Demo incubation carriers and tenancies, written by us (figures invented, believable for 2026).

Stored straight through the incubation repository (the demo seeds history); idempotent by carrier name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from techbridge.accounts.model import Organization
from techbridge.bootstrap import Platform
from techbridge.incubation.repository import CarrierRepository
from techbridge.incubation.rules import Carrier, Tenancy
from techbridge.kernel.clock import utcnow
from techbridge.kernel.codes import uscc_check_char

CARRIERS = [
    ("保定·中关村创新中心孵化器", "incubator", "省级", "bd-zgc-operator", "130602", "baoding-zgc",
     ("15600", "12400", "1200", 5, 14, 16, 9, 6, 5)),
    ("滨海中关村众创空间", "makerspace", "市级", "tj-binhai-zgc-operator", "120116", "tianjin-binhai-zgc",
     ("3200", "2500", "300", 2, 4, 5, 3, 3, 2)),
]

FIRMS = ["智感电力科技", "清禾生物材料", "冀研精密传感", "云栈工业软件", "博远氢能装备", "安澜医疗影像", "启明激光",
         "星衡储能", "鲲程海洋装备", "汇川数字孪生", "青岩新材料", "拓维机器人"]


def _code(region: str, n: int) -> str:
    body = f"91{region}{700000000 + n:09d}"
    return body + uscc_check_char(body)


def load_carriers(platform: Platform, orgs: dict[str, Organization]) -> int:
    with platform.uow() as uow:
        repo = uow.repo(CarrierRepository)
        known = {c.name for c in repo.list()}
        for number, (name, kind, level, org, region, park, f) in enumerate(CARRIERS):
            if name in known:
                continue
            org_id = orgs[org].id
            assert org_id is not None
            carrier = Carrier(name, kind, level, org_id, region, park, Decimal(f[0]), Decimal(f[1]), Decimal(f[2]),
                              f[3], f[4], f[5], f[6], f[7], f[8], created_at=utcnow())
            repo.add(carrier)
            uow.flush()
            assert carrier.id is not None
            for i, firm in enumerate(FIRMS[number::2]):
                graduated = i % 3 == 2
                repo.add_tenancy(Tenancy(carrier.id, f"{'保定' if region.startswith('13') else '天津'}{firm}有限公司",
                                         _code(region, number * 100 + i), date(2024, 3 + i % 9, 1),
                                         status="graduated" if graduated else "incubating",
                                         moved_out=date(2026, 6, 30) if graduated else None,
                                         area_m2=Decimal(120 + 40 * i), has_patent_application=i % 2 == 0,
                                         has_valid_ip=i % 3 == 0, funded=i % 4 == 1))
        uow.commit()
    return len(CARRIERS)
