"""Reference tables: industries, regions, parks, TRL levels."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from techbridge.kernel.industries import industries
from techbridge.kernel.parks import parks
from techbridge.kernel.regions import regions
from techbridge.kernel.trl import TRL_NAMES, TRL_PHASES

router = APIRouter(prefix="/reference", tags=["参考数据"])


@router.get("/industries", summary="产业链与领域（六链五群及重点领域）")
def list_industries() -> list[dict[str, Any]]:
    return [{"code": i.code, "name": i.name, "group": i.group, "aliases": list(i.aliases), "gbt4754": list(i.gbt4754)}
            for i in industries().values()]


@router.get("/regions", summary="行政区划（GB/T 2260，京津冀到区县级）")
def list_regions() -> list[dict[str, Any]]:
    return [{"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code, "note": r.note}
            for r in regions().by_code.values()]


@router.get("/parks", summary="园区与创新载体")
def list_parks() -> list[dict[str, Any]]:
    return [{"key": p.key, "name": p.name, "region_code": p.region_code, "kind": p.kind} for p in parks().values()]


@router.get("/trl", summary="技术成熟度等级（GB/T 22900-2022）")
def list_trl() -> list[dict[str, Any]]:
    return [{"level": level, "name": name, "phase": TRL_PHASES[level]} for level, name in TRL_NAMES.items()]
