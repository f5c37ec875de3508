"""The 成果供给清单 / 技术需求清单 templates: columns, Chinese headers and accepted aliases.

The exporter writes these headers in this order and the importer reads them back (round trip),
as well as the English field names and common variants people type in Excel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


_SHARED_HEAD = (
    Column("external_id", "编号", ("外部编号", "成果编号", "需求编号", "序号编号", "id")),
    Column("source", "来源", ("数据来源",)),
)
_SHARED_TAIL = (
    Column("org_name", "单位名称", ("单位", "机构名称", "完成单位", "需求单位", "organization"), required=True),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码")),
    Column("org_type", "单位类型", ("机构类型",)),
    Column("region", "所在地区", ("地区", "所在地", "区域")),
    Column("park", "所在园区", ("园区", "载体")),
    Column("contact_name", "联系人", ("联系人姓名",)),
    Column("contact_phone", "联系电话", ("电话", "手机", "联系方式")),
    Column("contact_email", "电子邮箱", ("邮箱", "email", "e-mail")),
    Column("visibility", "可见范围", ("公开范围", "保密要求")),
    Column("status", "状态", ("发布状态",)),
)

ACHIEVEMENT_COLUMNS: tuple[Column, ...] = (
    *_SHARED_HEAD,
    Column("title", "成果名称", ("项目名称", "名称"), required=True),
    Column("summary", "成果简介", ("简介", "成果介绍", "技术简介"), required=True),
    Column("highlights", "技术指标与创新点", ("技术指标", "创新点", "技术优势")),
    Column("applications", "应用场景", ("应用前景", "应用领域")),
    Column("industry", "所属领域", ("领域", "行业", "产业链", "所属行业"), required=True),
    Column("keywords", "关键词", ("关键字",)),
    Column("trl", "技术成熟度", ("成熟度", "技术就绪水平", "TRL"), required=True),
    Column("patents", "知识产权", ("专利号", "专利", "专利申请号")),
    Column("ip_status", "知识产权状态", ("专利状态",)),
    Column("transfer_modes", "转化方式", ("合作方式", "交易方式"), required=True),
    Column("asking_price", "参考价格(万元)", ("参考价格", "价格(万元)", "转让价格(万元)", "价格")),
    *_SHARED_TAIL,
)

DEMAND_COLUMNS: tuple[Column, ...] = (
    *_SHARED_HEAD,
    Column("title", "需求名称", ("名称", "项目名称"), required=True),
    Column("problem", "需求描述", ("问题与场景", "需求内容", "需求简介"), required=True),
    Column("current_state", "现状与痛点", ("现状", "痛点")),
    Column("target_indicators", "目标指标", ("技术指标", "指标要求")),
    Column("constraints", "约束条件", ("限制条件",)),
    Column("industry", "所属领域", ("领域", "行业", "产业链", "所属行业"), required=True),
    Column("budget", "预算(万元)", ("预算", "拟投入资金(万元)", "投入资金(万元)")),
    Column("deadline", "截止日期", ("截止时间", "有效期至")),
    Column("expected_trl", "期望成熟度", ("期望技术成熟度", "成熟度要求")),
    Column("cooperation_modes", "合作方式", ("转化方式", "期望合作方式")),
    *_SHARED_TAIL,
)

COLUMNS = {"achievement": ACHIEVEMENT_COLUMNS, "demand": DEMAND_COLUMNS}
LIST_TITLES = {"achievement": "成果供给清单", "demand": "技术需求清单"}


def header_key(text: str) -> str:
    """Canonical form of a header for matching: half-width brackets, no spaces, lower case."""
    text = str(text or "").replace("（", "(").replace("）", ")").replace("\ufeff", "")
    text = re.sub(r"[\s*＊]+", "", text)  # "成果名称*" marks a required column in templates
    return text.lower()


def header_map(kind: str) -> dict[str, str]:
    """header variant → field key for one kind."""
    mapping: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.key, col.header, *col.aliases):
            mapping.setdefault(header_key(name), col.key)
    return mapping


def detect_kind(headers: list[str]) -> str | None:
    """Which list a file holds, judged from its headers (成果名称 vs 需求名称)."""
    keys = {header_key(h) for h in headers}
    scores = {
        kind: sum(1 for col in cols if header_key(col.header) in keys and col.key != "title")
        + (5 if header_key(cols[2].header) in keys else 0)
        for kind, cols in COLUMNS.items()
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 else None
