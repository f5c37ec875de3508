"""What accounts add to every template: the Chinese name of a role."""

from __future__ import annotations

from typing import Any

from techbridge.accounts.model import Role

FILTERS: dict[str, Any] = {"role_label": lambda r: Role(r).label}
GLOBALS: dict[str, Any] = {}
