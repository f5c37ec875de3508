"""Experts and technology managers (技术经理人) of the shared talent database.

A credential issued in any of the three regions is recognised by the other two (互认).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class ExpertKind(StrEnum):
    BROKER = "技术经理人"
    EXPERT = "专家"


PUBLIC_FIELD_CHOICES = ("phone", "email", "organization", "bio")


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
    phone: str = ""
    email: str = ""
    public_fields: list[str] = field(default_factory=lambda: ["organization", "bio"])
    source: str = "platform"
    external_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def credential_valid_on(self, day: date) -> bool:
        return bool(self.credential_no) and (self.credential_valid_until is None or self.credential_valid_until >= day)

    def recognised_in(self) -> list[str]:
        """Provinces where the credential counts: all three, whichever issued it (京津冀互认)."""
        if not self.credential_no or self.credential_region not in ("110000", "120000", "130000"):
            return []
        return ["110000", "120000", "130000"]
