"""A small but complete cast for pipeline tests: a supplier, a seeker, a broker, an admin, a stranger,
a published achievement and a published demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from techbridge.accounts.model import User
from techbridge.bootstrap import Platform
from techbridge.listings import service as registry
from tests.support.factories import achievement_row, credit_code, demand_row, make_org, make_user


@dataclass
class Cast:
    supplier: User
    seeker: User
    broker: User
    admin: User
    stranger: User
    achievement_id: int
    demand_id: int


def publish(platform: Platform, kind: str, actor: User, admin: User, row: dict[str, Any]) -> int:
    with platform.uow() as uow:
        listing_id = registry.create_listing(uow, platform.bus, kind=kind, actor=actor, raw=row, submit=True)
    with platform.uow() as uow:
        registry.change_status(uow, platform.bus, kind=kind, actor=admin, listing_id=listing_id, target="published")
    return listing_id


def cast(platform: Platform, *, trl: int = 5) -> Cast:
    admin = make_user(platform, role="admin", org_id=make_org(platform, org_type="政府部门", code=credit_code("11")))
    supplier = make_user(platform, role="supplier", org_id=make_org(platform, name="京华测试大学", region="海淀",
                                                                  code=credit_code("12")))
    seeker = make_user(platform, role="seeker", org_id=make_org(platform, name="唐山测试重工有限公司", org_type="企业",
                                                              region="唐山路北区", code=credit_code("91", "130203")))
    broker = make_user(platform, role="broker", org_id=make_org(platform, name="测试技术转移中心", org_type="技术转移机构"))
    stranger = make_user(platform, role="seeker", org_id=make_org(platform, name="无关企业", org_type="企业"))
    a = publish(platform, "achievement", supplier, admin, achievement_row(trl=str(trl)))
    d = publish(platform, "demand", seeker, admin, demand_row())
    return Cast(supplier, seeker, broker, admin, stranger, a, d)


# Unrelated listings, so that a test market has something for relevance scores to stand out from.
OTHER_TOPICS = [
    ("水稻病虫害图像识别与精准施药", "基于卷积神经网络识别稻飞虱和纹枯病，结合无人机变量喷施，农药用量降低30%。", "现代农业"),
    ("高炉炉温智能预测与控制", "融合热风温度与煤气成分的时序模型，预测铁水硅含量，炉温波动降低20%。", "矿业与冶金"),
    ("医用内窥镜图像增强算法", "针对消化道内镜低照度图像，采用多尺度融合去噪，提升早癌病灶检出率。", "医疗器械"),
    ("锂电池正极材料回收湿法冶金工艺", "以选择性浸出和萃取分离回收镍钴锰，金属回收率超过98%。", "节能环保"),
    ("工业机器人焊接路径自动规划", "基于三维视觉的焊缝识别与轨迹生成，适用于小批量多品种结构件焊接。", "机器人"),
    ("城市供水管网漏损智能检测", "利用压力与流量监测数据和水力模型定位漏点，漏损率下降5个百分点。", "水利与生态"),
    ("奶牛发情期智能识别项圈", "三轴加速度与反刍声音联合建模，发情检出率92%，减少空怀天数。", "现代农业"),
    ("数控机床主轴热误差补偿", "基于温度场测点优化与神经网络建模，主轴热漂移由30微米降至8微米。", "高端工业母机"),
]


def fill_market(platform: Platform, c: Cast, kinds: tuple[str, ...] = ("achievement",)) -> None:
    """Publish the unrelated topics as achievements (and demands) of the cast."""
    for title, summary, industry in OTHER_TOPICS:
        if "achievement" in kinds:
            publish(platform, "achievement", c.supplier, c.admin,
                    achievement_row(title=title, summary=summary, industry=industry, keywords=""))
        if "demand" in kinds:
            publish(platform, "demand", c.seeker, c.admin, demand_row(title=title, problem=summary * 2, industry=industry))
