"""Which organisation each imported row belongs to: found by credit code or name, or created by the import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from techbridge.accounts.directory import all_organizations
from techbridge.accounts.model import Organization, OrgType
from techbridge.kernel.clock import utcnow
from techbridge.kernel.codes import validate_uscc
from techbridge.kernel.errors import ValidationError
from techbridge.kernel.regions import resolve_region
from techbridge.storage.uow import UnitOfWork


class OrgResolver:
    """Finds organisations by credit code or name, remembering those this import will create."""

    def __init__(self, uow: UnitOfWork, only_org: int | None = None) -> None:
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, Organization] = {}
        self.only: Organization | None = None
        for org in all_organizations(uow):
            self.by_code[org.credit_code] = org
            self.by_name[org.name] = org
            if org.id == only_org:
                self.only = org

    def resolve(self, raw: Mapping[str, Any], default_type: str) -> tuple[str, Organization | None]:
        name = str(raw.get("org_name") or "").strip()
        code_raw = str(raw.get("credit_code") or "").strip()
        if self.only is not None:
            if (name and name != self.only.name) or (code_raw and code_raw.upper() != self.only.credit_code):
                raise ValidationError(f"只能导入本单位（{self.only.name}）的条目", field="org_name")
            return self.only.credit_code, None
        if code_raw:
            code = validate_uscc(code_raw)
            org = self.by_code.get(code)
            named = self.by_name.get(name)
            if named is not None and org is not None and named is not org:
                raise ValidationError(f"单位名称“{name}”与统一社会信用代码 {code} 不一致", field="credit_code")
            if org is not None:
                return code, None
            org = Organization(name, self._org_type(raw, default_type), code,
                               resolve_region(str(raw.get("region") or "")), created_at=utcnow())
            self.by_code[code] = self.by_name[name] = org
            return code, org
        org = self.by_name.get(name)
        if org is None:
            raise ValidationError(f"单位“{name}”尚未注册：请填写统一社会信用代码以便创建单位", field="org_name")
        return org.credit_code, None

    @staticmethod
    def _org_type(raw: Mapping[str, Any], default: str) -> str:
        value = str(raw.get("org_type") or "").strip() or default
        if value not in [t.value for t in OrgType]:
            raise ValidationError(f"未知的单位类型“{value}”", field="org_type")
        return value
