"""Server-rendered Chinese pages. Each module is one area of the site."""

from fastapi import APIRouter

from techbridge.web.pages import (
    auth,
    challenges,
    dashboard,
    engagements,
    home,
    instruments,
    listings,
    policies,
    publish,
    review,
    talent,
    workspace,
)

router = APIRouter(include_in_schema=False)
# policies and challenges before publish: its /{kind}/new route would otherwise catch /challenges/new
for module in (auth, home, talent, instruments, listings, policies, challenges, publish, workspace, review, engagements):
    router.include_router(module.router)
router.include_router(dashboard.router)  # 数据看板
