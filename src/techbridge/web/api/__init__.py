"""JSON API, /api/v1/…; one module per resource."""

from fastapi import APIRouter

from techbridge.web.api import auth, engagements, imports, listings, organizations, reference

router = APIRouter()
for module in (auth, organizations, listings, engagements, imports, reference):
    router.include_router(module.router)
