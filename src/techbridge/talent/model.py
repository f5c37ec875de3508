"""Experts and technology managers (技术经理人) of the shared talent database.

A credential issued in any of the three regions is recognised by the other two (京津冀互认,
《促进京津冀区域科技成果转化的若干措施》: technology managers' credentials mutually recognised).
An expert decides which of their details are public; phone and e-mail are shown only to a
logged-in member who states a reason, and every such access is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from techbridge.kernel.errors import ValidationError
from techbridge.kernel.regions import PROVINCES


class ExpertKind(StrEnum):
    BROKER = "技术经理人"
    EXPERT = "专家"


class CredentialLevel(StrEnum):
    JUNIOR = "初级"
    MIDDLE = "中级"
    SENIOR = "高级"


PUBLIC_FIELD_CHOICES = ("phone", "email", "organization", "bio")
PUBLIC_FIELD_LABELS = {"phone": "电话", "email": "电子邮箱", "organization": "工作单位", "bio": "个人简介"}
CONTACT_FIELDS = ("phone", "email")
CONTACT_DAILY_LIMIT = 20  # reveals per member per day: enough for real work, too few to harvest the database
EXPIRING_WITHIN = timedelta(days=60)

# There is no national numbering of technology-manager certificates; the platform registers
# them as <issuing region><year><level letter><serial>, e.g. BJ2024G00017 (Beijing, 2024, 高级).
_CREDENTIAL_NO = re.compile(r"^(BJ|TJ|HE)(\d{4})([CZG])(\d{5})$")
ISSUER_PREFIX = {"BJ": "110000", "TJ": "120000", "HE": "130000"}
LEVEL_LETTER = {"C": CredentialLevel.JUNIOR, "Z": CredentialLevel.MIDDLE, "G": CredentialLevel.SENIOR}


class CredentialStatus(StrEnum):
    NONE = "none"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {"none": "无证书", "valid": "有效", "expiring": "即将到期", "expired": "已过期"}[self.value]


@dataclass(frozen=True)
class Credential:
    number: str
    region: str  # issuing province: 110000 / 120000 / 130000
    level: str
    valid_until: date


def parse_credential(number: Any, region: Any, level: Any, valid_until: date | None, *, today: date) -> Credential:
    """Check a technology-manager credential as it is registered; an expired one is refused."""
    text = re.sub(r"[\s\-—]", "", str(number or "")).upper()
    match = _CREDENTIAL_NO.match(text)
    if not match:
        raise ValidationError(f"证书编号“{number}”格式不正确，应如 BJ2024G00017（发证地区+年份+等级字母+5位序号）",
                              field="credential_no", code="credential_format")
    issuer = ISSUER_PREFIX[match[1]]
    region_text = str(region or "").strip().removesuffix("市").removesuffix("省")
    region_code = {name: code for code, name in PROVINCES.items()}.get(region_text, region_text) or issuer
    if region_code not in PROVINCES:
        raise ValidationError("发证地区应为北京、天津或河北", field="credential_region", code="credential_region")
    if region_code != issuer:
        raise ValidationError(f"证书编号前缀 {match[1]} 表示由{PROVINCES[issuer]}颁发，与所选发证地区"
                              f"“{PROVINCES[region_code]}”不一致", field="credential_region", code="credential_region")
    if int(match[2]) > today.year or int(match[2]) < 2000:
        raise ValidationError(f"证书编号中的年份 {match[2]} 不合理", field="credential_no", code="credential_year")
    lettered = LEVEL_LETTER[match[3]]
    chosen = str(level or "").strip() or lettered.value
    if chosen not in [lv.value for lv in CredentialLevel]:
        raise ValidationError("证书等级应为初级、中级或高级", field="credential_level", code="credential_level")
    if chosen != lettered:
        raise ValidationError(f"证书编号中的等级字母 {match[3]} 表示“{lettered.value}”，与所选等级“{chosen}”不一致",
                              field="credential_level", code="credential_level")
    if valid_until is None:
        raise ValidationError("请填写证书有效期", field="credential_valid_until", code="credential_validity_required")
    if valid_until < today:
        raise ValidationError(f"证书已于 {valid_until:%Y-%m-%d} 过期，过期证书不能登记；请先续期，再填写新的有效期",
                              field="credential_valid_until", code="credential_expired")
    return Credential(text, region_code, chosen, valid_until)


@dataclass(eq=False)
class Expert:
    name: str
    kind: str
    region_code: str
    fields: list[str] = field(default_factory=list)  # industry codes
    user_id: int | None = None
    organization_id: int | None = None
    org_name: str = ""
    title: str = ""
    expertise: str = ""
    bio: str = ""
    credential_no: str | None = None
    credential_region: str | None = None  # the province that issued it: 110000 / 120000 / 130000
    credential_level: str | None = None  # 初级 / 中级 / 高级
    credential_valid_until: date | None = None
    verification: str = "none"  # none | pending | verified | rejected (broker applications)
    verified_by: int | None = None
    verified_at: datetime | None = None
    verification_note: str = ""
    phone: str = ""
    email: str = ""
    public_fields: list[str] = field(default_factory=lambda: ["organization", "bio"])
    is_listed: bool = True  # the expert may withdraw from the public database without deleting the profile
    source: str = "platform"
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def credential_valid_on(self, day: date) -> bool:
        return bool(self.credential_no) and (self.credential_valid_until is None or self.credential_valid_until >= day)

    def credential_status(self, day: date) -> CredentialStatus:
        if not self.credential_no:
            return CredentialStatus.NONE
        if not self.credential_valid_on(day):
            return CredentialStatus.EXPIRED
        if self.credential_valid_until is not None and self.credential_valid_until - day <= EXPIRING_WITHIN:
            return CredentialStatus.EXPIRING
        return CredentialStatus.VALID

    def recognised_in(self) -> list[str]:
        """Provinces where the credential counts: all three, whichever issued it (京津冀互认)."""
        if not self.credential_no or self.credential_region not in ("110000", "120000", "130000"):
            return []
        return ["110000", "120000", "130000"]

    def shows(self, name: str) -> bool:
        """Whether the expert made this detail public."""
        return name in self.public_fields

    def full_text(self) -> str:
        """What expert finding reads: title, fields of work and the public description."""
        from techbridge.kernel.industries import industry_name

        parts = [f"{self.title}，专业领域：" + "、".join(industry_name(f) for f in self.fields), self.expertise,
                 self.bio if self.shows("bio") else ""]
        return "。".join(p.rstrip("。；") for p in parts if p) + "。"


@dataclass(eq=False)
class ContactAccess:
    """One reveal of an expert's contact details: who, when, why, what was shown."""

    expert_id: int
    viewer_id: int
    reason: str
    fields: list[str] = field(default_factory=list)
    at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class TrackRecord:
    """A broker's record from the pipeline tables (engagements they run, contracts signed)."""

    engagements: int = 0
    open: int = 0
    signed: int = 0  # reached 签约 or 量产
    terminated: int = 0
    contract_count: int = 0
    contract_amount: Decimal = Decimal("0.00")  # 万元
    last_signed_on: date | None = None

    @property
    def has_history(self) -> bool:
        return self.engagements > 0 or self.contract_count > 0


def validate_reason(value: Any) -> str:
    """The reason a member gives before seeing contact details (kept with the access record)."""
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if len(text) < 6:
        raise ValidationError("请说明联系该专家的事由（至少6个字），例如：咨询储氢瓶检测方案", field="reason",
                              code="reason_required")
    if len(text) > 200:
        raise ValidationError("事由不能超过200个字", field="reason", code="reason_too_long")
    return text


def parse_public_fields(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else re.split(r"[、,，;；\s]+", str(value or ""))
    by_label = {v: k for k, v in PUBLIC_FIELD_LABELS.items()}
    chosen = [by_label.get(str(i).strip(), str(i).strip()) for i in items if str(i).strip()]
    bad = [c for c in chosen if c not in PUBLIC_FIELD_CHOICES]
    if bad:
        raise ValidationError(f"未知的公开项“{bad[0]}”，可选：电话、电子邮箱、工作单位、个人简介", field="public_fields",
                              code="unknown_public_field")
    return [c for c in PUBLIC_FIELD_CHOICES if c in chosen]


def contact_fields_shown(expert: Expert) -> list[str]:
    return [f for f in CONTACT_FIELDS if expert.shows(f) and getattr(expert, f)]


def expert_input_errors(raw: Mapping[str, Any]) -> list[ValidationError]:
    """Cross-field rules that need the parsed values (kind vs credential)."""
    errors = []
    if raw.get("kind") == ExpertKind.BROKER and not raw.get("credential_no"):
        errors.append(ValidationError("登记为技术经理人须填写有效的技术经理人证书", field="credential_no",
                                      code="credential_required"))
    return errors
