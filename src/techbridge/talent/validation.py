"""Validation of expert profiles (forms, API bodies, import rows) into clean values, all errors at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.industries import resolve_industry
from techbridge.kernel.regions import resolve_region
from techbridge.kernel.text import normalize_text
from techbridge.kernel.validation import parse_date, parse_email, parse_phone, split_list
from techbridge.talent.model import ExpertKind, expert_input_errors, parse_credential, parse_public_fields

MAX_FIELDS = 5


@dataclass
class ExpertInput:
    name: str
    kind: str
    region_code: str
    fields: list[str]
    org_name: str = ""
    title: str = ""
    expertise: str = ""
    bio: str = ""
    phone: str = ""
    email: str = ""
    public_fields: list[str] = field(default_factory=list)
    credential_no: str | None = None
    credential_region: str | None = None
    credential_level: str | None = None
    credential_valid_until: date | None = None
    is_listed: bool = True


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return normalize_text(str(value)) if value is not None else ""


def _fields(value: Any) -> list[str]:
    codes = list(dict.fromkeys(resolve_industry(v, field="fields") for v in split_list(value)))
    if not codes:
        raise ValidationError("请至少选择一个专业领域", field="fields", code="fields_required")
    if len(codes) > MAX_FIELDS:
        raise ValidationError(f"专业领域最多选择{MAX_FIELDS}个", field="fields", code="too_many_fields")
    return codes


def _kind(value: Any) -> str:
    text = str(value or "").strip() or ExpertKind.EXPERT.value
    aliases = {"broker": ExpertKind.BROKER.value, "expert": ExpertKind.EXPERT.value}
    text = aliases.get(text.lower(), text)
    if text not in [k.value for k in ExpertKind]:
        raise ValidationError(f"类别应为“技术经理人”或“专家”，收到“{value}”", field="kind", code="unknown_kind")
    return text


def _listed(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value if value is not None else "是").strip().lower() not in ("否", "false", "0", "no", "off", "隐藏")


def validate_expert_input(raw: Mapping[str, Any], *, today: date) -> ExpertInput:
    """Validate a profile given with canonical English keys; raise ValidationErrors listing every problem."""
    errors: list[ValidationError] = []

    def take(name: str, parse: Any, default: Any = None) -> Any:
        try:
            return parse(raw.get(name))
        except ValidationError as err:
            err.field = err.field or name
            errors.append(err)
            return default

    name = _text(raw, "name")
    if not 2 <= len(name) <= 32:
        errors.append(ValidationError("请填写姓名（2–32个字）", field="name", code="name_required"))
    expertise = _text(raw, "expertise")
    if len(expertise) < 10:
        errors.append(ValidationError("请描述擅长的技术方向与服务（至少10个字），找专家时主要依据这段文字",
                                      field="expertise", code="expertise_required"))
    for key, label, limit in (("expertise", "擅长方向", 1000), ("bio", "个人简介", 2000), ("title", "职务/职称", 60),
                              ("org_name", "工作单位", 200)):
        if len(_text(raw, key)) > limit:
            errors.append(ValidationError(f"{label}不能超过{limit}个字", field=key, code="too_long"))
    values: dict[str, Any] = {
        "name": name, "expertise": expertise, "bio": _text(raw, "bio"), "title": _text(raw, "title"),
        "org_name": _text(raw, "org_name"),
        "kind": take("kind", _kind, ExpertKind.EXPERT.value),
        "region_code": take("region", lambda v: resolve_region(str(v or "")), ""),
        "fields": take("fields", _fields, []),
        "phone": take("phone", parse_phone, ""),
        "email": take("email", parse_email, ""),
        "public_fields": take("public_fields", parse_public_fields, []),
        "is_listed": _listed(raw.get("is_listed")),
    }
    number = str(raw.get("credential_no") or "").strip()
    if number:
        valid_until = take("credential_valid_until", parse_date)
        credential = take("credential_no", lambda v: parse_credential(
            v, raw.get("credential_region"), raw.get("credential_level"), valid_until, today=today))
        if credential is not None:
            values.update(credential_no=credential.number, credential_region=credential.region,
                          credential_level=credential.level, credential_valid_until=credential.valid_until)
    errors += expert_input_errors({"kind": values["kind"], "credential_no": number})
    if errors:
        raise ValidationErrors(errors)
    return ExpertInput(**values)
