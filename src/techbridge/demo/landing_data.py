"""Demo landing records (demo/data/landings.json), written by us: Beijing projects landed in the seeds' parks.

Loaded through the landing service as the platform admin; idempotent by title.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from techbridge.accounts.repository import UserRepository
from techbridge.bootstrap import Platform
from techbridge.landing import service as landing


def load_landings(platform: Platform) -> int:
    rows: list[dict[str, Any]] = json.loads(files("techbridge.demo").joinpath("data/landings.json")
                                            .read_text(encoding="utf-8"))
    known = {r.title for r in landing.list_landings(platform.uow())}
    with platform.uow() as uow:
        admin = uow.repo(UserRepository).by_email("platform@demo.techbridge.cn")
    if admin is None:
        raise RuntimeError("演示数据缺少平台运营中心账号")
    for row in rows:
        if row["title"] not in known:
            landing.record_landing(platform.uow(), actor=admin, raw=row)
    return len(rows)
