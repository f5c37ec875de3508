"""Server-rendered Chinese pages. Each module is one area of the site."""

from fastapi import APIRouter

from techbridge.web.pages import auth, engagements, home, listings, publish, review, workspace

router = APIRouter(include_in_schema=False)
for module in (auth, home, listings, publish, workspace, review, engagements):
    router.include_router(module.router)
