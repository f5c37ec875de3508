"""The demo accounts, one per role a person can hold: the one place the role-by-role tests read.

Adding a role (or a kind of admin) means adding a line here; the page crawler and any other
per-role test pick it up. `None` is the anonymous visitor.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "techbridge2026"  # every demo account (demo/load.py)
DOMAIN = "demo.techbridge.cn"


@dataclass(frozen=True)
class DemoAccount:
    role: str  # the key the tests are named by
    email: str | None  # None: not logged in

    @property
    def anonymous(self) -> bool:
        return self.email is None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("anonymous", None),
    DemoAccount("supplier", f"jhlg@{DOMAIN}"),  # 京华理工大学: achievements, engagements, a 揭榜 proposal
    DemoAccount("seeker", f"zjk-wangshan-h2@{DOMAIN}"),  # 张家口望山氢能储运: demands with engagements
    DemoAccount("broker", f"broker@{DOMAIN}"),
    DemoAccount("broker-applicant", f"applicant@{DOMAIN}"),  # credential awaiting the Hebei admin
    DemoAccount("investor", f"investor@{DOMAIN}"),  # 燕山创新投资: funds, a roadshow interest, no demands
    DemoAccount("admin-beijing", f"admin@{DOMAIN}"),
    DemoAccount("admin-tianjin", f"tj-admin@{DOMAIN}"),
    DemoAccount("admin-hebei", f"hb-admin@{DOMAIN}"),
    DemoAccount("admin-platform", f"platform@{DOMAIN}"),  # no region scope: all three provinces
)
