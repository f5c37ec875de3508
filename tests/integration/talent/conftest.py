"""Profiles for talent tests: a valid technology manager's form, people to look them up."""

from __future__ import annotations

from typing import Any

EXPIRED = "2026-06-30"  # expired as of the `today` (2026-11-22) the tests pass to the service


def broker_form(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": "王立新", "kind": "技术经理人", "region": "海淀", "fields": ["氢能", "新能源和智能网联汽车"],
        "expertise": "氢能装备成果转化：车载储氢瓶轻量化、燃料电池电堆项目的概念验证与中试对接，技术合同设计",
        "bio": "从事技术转移十二年", "phone": "010-62857301", "email": "wanglx@example.com",
        "public_fields": ["organization", "bio", "email"], "credential_no": "BJ2022G00017",
        "credential_valid_until": "2099-06-30",
    }
    row.update(overrides)
    return row


def expert_form(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": "谢婉", "kind": "专家", "region": "海淀", "fields": ["水利与生态"],
        "expertise": "饮用水嗅味物质（土臭素、2-甲基异莰醇）溯源与去除，河道水华防控，地下水回补监测",
        "phone": "010-68785632", "email": "xiewan@example.com", "public_fields": ["organization"],
    }
    row.update(overrides)
    return row
