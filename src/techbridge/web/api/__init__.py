"""JSON API, /api/v1/…; one module per resource."""

from fastapi import APIRouter

from techbridge.web.api import (
    auth,
    challenges,
    dashboard,
    engagements,
    imports,
    instruments,
    listings,
    matching,
    organizations,
    policies,
    reference,
    talent,
)

router = APIRouter()
for module in (auth, organizations, listings, matching, engagements, imports, reference, talent, instruments, policies, challenges):
    router.include_router(module.router)
router.include_router(dashboard.router)  # 数据看板
