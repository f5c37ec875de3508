"""Registering an organisation (机构): its 统一社会信用代码 (GB 32100 check digit), type and region."""

from __future__ import annotations

from techbridge.accounts.directory import add_organization, organization_by_credit_code
from techbridge.accounts.model import Organization, OrgType
from techbridge.kernel.clock import utcnow
from techbridge.kernel.codes import validate_uscc
from techbridge.kernel.errors import Conflict, ValidationError, ValidationErrors
from techbridge.kernel.regions import resolve_region
from techbridge.storage.uow import UnitOfWork


def register_organization(
    uow: UnitOfWork, *, name: str, org_type: str, credit_code: str, region: str, park: str | None = None,
    description: str = "",
) -> int:
    """Create an organisation after checking its credit code, type and region."""
    errors: list[ValidationError] = []
    name = name.strip()
    if len(name) < 2:
        errors.append(ValidationError("请填写单位全称", field="name", code="required"))
    try:
        code = validate_uscc(credit_code)
    except ValidationError as err:
        errors.append(err)
        code = ""
    if org_type not in [t.value for t in OrgType]:
        errors.append(ValidationError(f"未知的单位类型“{org_type}”", field="org_type", code="unknown_org_type"))
    try:
        region_code = resolve_region(region)
    except ValidationError as err:
        err.field = "region"
        errors.append(err)
        region_code = ""
    if errors:
        raise ValidationErrors(errors)
    if organization_by_credit_code(uow, code):
        raise Conflict(f"统一社会信用代码 {code} 已被注册，请联系该单位的管理员加入", code="org_exists")
    org = Organization(name, org_type, code, region_code, park, description, created_at=utcnow())
    add_organization(uow, org)
    uow.flush()
    assert org.id is not None
    return org.id
