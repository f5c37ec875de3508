"""Demo incubation carriers and tenancies, written by us (figures invented, believable for 2026).

The chain 众创空间 → 孵化器 → 加速器 → 产业园区 in the seeds' parks: firms that started as teams in the 滨海中关村
and 保定 makerspaces, moved to the incubators, then to the 宝坻 accelerator and the parks, so the dashboard's
median months per step have something to measure. Stored straight through the incubation repository (the demo
seeds history); idempotent by carrier name and, for tenancies, by (carrier, credit code, move-in date).
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

# name, kind, level, operator org key, district, park, (area, tenant area, fund 万元, fund cases, professional
# staff, staff, mentors, years operating, years of statistics), (opened, workstations, events, cases, new firms)
CARRIERS = [
    ("保定·中关村创新中心孵化器", "incubator", "省级", "bd-zgc-operator", "130602", "baoding-zgc",
     ("15600", "12400", "1200", 5, 14, 16, 9, 6, 5), (date(2020, 3, 1), 0, 18, 4, 0)),
    ("滨海中关村众创空间", "makerspace", "市级", "tj-binhai-zgc-operator", "120116", "tianjin-binhai-zgc",
     ("3200", "2500", "300", 2, 4, 5, 3, 3, 2), (date(2023, 3, 1), 120, 16, 4, 11)),
    ("保定中关村创客空间", "makerspace", "省级", "bd-zgc-operator", "130602", "baoding-zgc",
     ("1800", "1450", "200", 2, 3, 4, 5, 4, 3), (date(2022, 5, 10), 86, 12, 3, 6)),
    ("滨海中关村科技企业孵化器", "incubator", "国家级", "tj-binhai-zgc-operator", "120116", "tianjin-binhai-zgc",
     ("16000", "13200", "3500", 9, 19, 22, 14, 6, 6), (date(2019, 6, 1), 0, 26, 6, 0)),
    ("京津中关村科技城加速器", "accelerator", "市级", "tj-binhai-zgc-operator", "120115", "jingjin-zgc-city",
     ("48000", "41000", "5000", 6, 12, 15, 8, 4, 4), (date(2021, 9, 1), 0, 10, 3, 0)),
    ("雄安中关村科技园智能制造产业园", "industrial_park", "国家级", "xa-smartcity", "133100", "xiongan-zgc",
     ("160000", "132000", "0", 0, 10, 28, 4, 3, 3), (date(2022, 10, 1), 0, 6, 2, 0)),
]

COHORT = ["海聆声学", "港数智能", "蓝鲸船舶软件", "启航氢储", "渤芯微电子", "津研光电", "澄湾环境", "卓锐无人机", "望舒遥感",
          "衡川检测", "禾木合成生物", "云帆机器视觉", "浩海材料", "泊远智能装备", "星港储能", "临港医工"]
BAODING = [f"保定{a}{b}有限公司" for a, b in zip(
    ["恒润", "冀研", "古莲", "直隶", "白洋", "易水", "竞川", "满城", "清苑", "安国", "涿瀚", "徐水", "唐河", "府河",
     "瀑河", "定兴", "容城", "博野", "高阳", "望都", "曲阳", "顺平", "蠡县", "雄州", "阜平", "涞源", "京冀", "中科冀",
     "华电冀", "北理冀"],
    ["光伏材料", "电力电子", "储能科技", "智能传感", "工业软件", "医疗器械", "精密机械", "新能源汽车部件", "氢能装备",
     "生物医药", "检测认证", "数字孪生", "无人机", "激光科技", "特种电缆", "功率半导体", "热管理", "机器人",
     "电池回收", "环境监测", "智慧农业", "中药材科技", "纺织新材料", "陶瓷新材料", "北斗导航", "智能电网",
     "轨道交通装备", "合成生物", "先进计算", "碳纤维"], strict=True)]
BINHAI = [f"天津{a}{b}科技有限公司" for a in ("海", "津港", "泰达", "塘沽", "汉沽", "大港", "临港", "渤海", "于家堡", "响螺湾",
                                                "北塘", "中新")
          for b in ("智控", "新材", "生物", "信息", "海工", "能源")]  # 72 names
FIRMS = ["智感电力科技", "清禾生物材料", "冀研精密传感", "云栈工业软件", "博远氢能装备", "安澜医疗影像", "启明激光",
         "星衡储能", "鲲程海洋装备", "汇川数字孪生", "青岩新材料", "拓维机器人"]

# Firms that moved along the chain: (name, district of registration, [(carrier, moved in, moved out or None)])
JOURNEYS = [
    ("天津海瞳水下机器人科技有限公司", "120116", [("滨海中关村众创空间", date(2023, 4, 3), date(2024, 3, 28)),
                                          ("滨海中关村科技企业孵化器", date(2024, 4, 1), date(2026, 3, 31)),
                                          ("京津中关村科技城加速器", date(2026, 4, 8), None)]),
    ("天津镓芯功率器件有限公司", "120116", [("滨海中关村众创空间", date(2023, 5, 15), date(2024, 2, 20)),
                                     ("滨海中关村科技企业孵化器", date(2024, 3, 1), date(2025, 8, 31)),
                                     ("京津中关村科技城加速器", date(2025, 9, 10), date(2026, 9, 1)),
                                     ("雄安中关村科技园智能制造产业园", date(2026, 9, 15), None)]),
    ("天津润泽合成生物科技有限公司", "120116", [("滨海中关村众创空间", date(2023, 7, 3), date(2024, 9, 30)),
                                        ("滨海中关村科技企业孵化器", date(2024, 10, 8), None)]),
    ("天津驭风低空飞行器有限公司", "120116", [("滨海中关村众创空间", date(2024, 1, 8), date(2024, 11, 30)),
                                       ("滨海中关村科技企业孵化器", date(2024, 12, 2), None)]),
    ("保定擎源氢能动力有限公司", "130602", [("保定中关村创客空间", date(2022, 9, 1), date(2023, 10, 31)),
                                     ("保定·中关村创新中心孵化器", date(2023, 11, 6), date(2025, 10, 31)),
                                     ("京津中关村科技城加速器", date(2025, 11, 10), None)]),
    ("保定睿视电力巡检科技有限公司", "130602", [("保定中关村创客空间", date(2022, 11, 14), date(2023, 12, 29)),
                                        ("保定·中关村创新中心孵化器", date(2024, 1, 8), date(2026, 1, 30)),
                                        ("雄安中关村科技园智能制造产业园", date(2026, 2, 16), None)]),
    ("保定康域医疗器械有限公司", "130602", [("保定中关村创客空间", date(2023, 3, 6), date(2024, 5, 31)),
                                     ("保定·中关村创新中心孵化器", date(2024, 6, 3), None)]),
    ("天津精材增材制造有限公司", "120116", [("滨海中关村科技企业孵化器", date(2022, 8, 1), date(2024, 7, 31)),
                                     ("京津中关村科技城加速器", date(2024, 8, 12), date(2026, 4, 30)),
                                     ("雄安中关村科技园智能制造产业园", date(2026, 5, 18), None)]),
]


def _code(region: str, n: int) -> str:
    body = f"91{region}{700000000 + n:09d}"
    return body + uscc_check_char(body)


def _carrier(spec: tuple, orgs: dict[str, Organization]) -> Carrier:
    name, kind, level, org, region, park, f, extra = spec
    org_id = orgs[org].id
    assert org_id is not None
    return Carrier(name, kind, level, org_id, region, park, Decimal(f[0]), Decimal(f[1]), Decimal(f[2]), f[3], f[4],
                   f[5], f[6], f[7], f[8], created_at=utcnow(), opened_on=extra[0], workstations=extra[1],
                   events_per_year=extra[2], typical_cases=extra[3], new_firms_per_year=extra[4])


def _tenancies(carriers: dict[str, Carrier]) -> list[Tenancy]:
    """Every demo tenancy: the firms of the first two carriers, a makerspace cohort, and the chain journeys."""
    out = []
    for number, name in enumerate(("保定·中关村创新中心孵化器", "滨海中关村众创空间")):
        region = carriers[name].region_code
        for i, firm in enumerate(FIRMS[number::2]):
            graduated = i % 3 == 2
            out.append(Tenancy(carriers[name].id or 0, f"{'保定' if region.startswith('13') else '天津'}{firm}有限公司",
                               _code(region, number * 100 + i), date(2024, 3 + i % 9, 1),
                               status="graduated" if graduated else "incubating",
                               moved_out=date(2026, 6, 30) if graduated else None, area_m2=Decimal(120 + 40 * i),
                               has_patent_application=i % 2 == 0, has_valid_ip=i % 3 == 0, funded=i % 4 == 1))
    hub = carriers["保定·中关村创新中心孵化器"]
    for i, firm in enumerate(BAODING):  # the 保定 incubator's other tenants since 2022, a few graduated
        moved_in = date(2022 + i % 5, 1 + (i * 5) % 12, 1 + i % 27)
        if moved_in > date(2026, 11, 30):
            moved_in = date(2026, 11, 2)
        graduated = i % 4 == 0 and moved_in < date(2024, 1, 1)
        out.append(Tenancy(hub.id or 0, firm, _code("130602", 700 + i), moved_in,
                           status="graduated" if graduated else "incubating",
                           moved_out=date(moved_in.year + 2, moved_in.month, 1) if graduated else None,
                           area_m2=Decimal(150 + 20 * (i % 9)), has_patent_application=i % 5 != 1,
                           has_valid_ip=i % 3 == 0, funded=i % 6 == 2))
    national = carriers["滨海中关村科技企业孵化器"]
    for i, firm in enumerate(BINHAI):  # the national incubator's tenants; the first 20 have graduated
        graduated = i < 20
        moved_in = date(2019 + i % 4, 1 + i % 12, 1 + i % 28) if graduated else date(2023 + i % 4, 1 + i % 12, 2)
        if moved_in > date(2026, 11, 30):
            moved_in = date(2026, 11, 3)
        out.append(Tenancy(national.id or 0, firm, _code("120116", 900 + i), moved_in,
                           status="graduated" if graduated else "incubating",
                           moved_out=date(moved_in.year + 3, 6, 30) if graduated else None,
                           area_m2=Decimal(160 + 15 * (i % 11)), has_patent_application=i % 3 != 0,
                           has_valid_ip=i % 2 == 0, funded=i % 7 == 3))
    space = carriers["滨海中关村众创空间"]
    for i in range(16):  # the 2026 cohort of teams (registered firms) in the 滨海 makerspace
        out.append(Tenancy(space.id or 0, f"天津{COHORT[i]}科技有限公司", _code("120116", 300 + i),
                           date(2026, 1 + i % 10, 5 + i), area_m2=Decimal(12), funded=i % 3 == 0,
                           has_patent_application=i % 2 == 1))
    for n, (firm, region, stays) in enumerate(JOURNEYS):
        for where, moved_in, moved_out in stays:
            out.append(Tenancy(carriers[where].id or 0, firm, _code(region, 500 + n), moved_in,
                               status="graduated" if moved_out else "incubating", moved_out=moved_out,
                               area_m2=Decimal(180 + 60 * n), has_patent_application=True, has_valid_ip=n % 2 == 0,
                               funded=n % 3 != 2))
    return out


def load_carriers(platform: Platform, orgs: dict[str, Organization]) -> int:
    with platform.uow() as uow:
        repo = uow.repo(CarrierRepository)
        carriers = {c.name: c for c in repo.list()}
        for spec in CARRIERS:
            if spec[0] not in carriers:
                carriers[spec[0]] = repo.add(_carrier(spec, orgs))
        uow.flush()
        stored = {(t.carrier_id, t.credit_code, t.moved_in) for c in carriers.values() if c.id is not None
                  for t in repo.tenancies(c.id)}
        for t in _tenancies(carriers):
            if (t.carrier_id, t.credit_code, t.moved_in) not in stored:
                repo.add_tenancy(t)
        uow.commit()
    return len(CARRIERS)
