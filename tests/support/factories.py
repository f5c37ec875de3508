"""Test data factories: valid organisations, users and listing rows with sensible defaults."""

from __future__ import annotations

import itertools
from typing import Any

from techbridge.accounts.model import User
from techbridge.accounts.organizations import register_organization
from techbridge.accounts.repository import UserRepository
from techbridge.accounts.service import register_user
from techbridge.bootstrap import Platform
from techbridge.kernel.codes import uscc_check_char

_seq = itertools.count(1)


def credit_code(prefix: str = "91", region: str = "110108") -> str:
    body = f"{prefix}{region}{next(_seq):09d}"
    return body + uscc_check_char(body)


def make_org(platform: Platform, *, name: str | None = None, region: str = "海淀", org_type: str = "高校",
             code: str | None = None) -> int:
    with platform.uow() as uow:
        org_id = register_organization(uow, name=name or f"测试单位{next(_seq)}", org_type=org_type,
                                       credit_code=code or credit_code(), region=region)
        uow.commit()
    return org_id


def make_user(platform: Platform, *, role: str = "supplier", org_id: int | None = None,
              email: str | None = None, password: str = "secret123") -> User:
    with platform.uow() as uow:
        user_id = register_user(uow, email=email or f"user{next(_seq)}@example.cn", display_name="测试用户",
                                password=password, role=role, organization_id=org_id)
        uow.commit()
        user = uow.repo(UserRepository).get(user_id)
        assert user is not None
        return user


def achievement_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "title": "车载IV型储氢气瓶碳纤维缠绕成型技术",
        "summary": "以塑料内胆与碳纤维缠绕层构成的70MPa车载储氢气瓶，采用变角度补强铺层抑制封头应力集中。",
        "industry": "氢能",
        "trl": "7",
        "transfer_modes": "许可、合作开发",
        "asking_price": "1800",
        "region": "昌平",
        "keywords": "储氢、碳纤维",
    }
    row.update(overrides)
    return row


def demand_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "title": "氢燃料重卡车载储氢减重",
        "problem": "我公司运营氢燃料电池重卡，现有三型瓶组过重，续航不足，希望换用更轻的高压储氢方案。",
        "industry": "氢能",
        "budget": "500",
        "expected_trl": "7",
        "region": "唐山",
        "cooperation_modes": "合作开发",
    }
    row.update(overrides)
    return row
