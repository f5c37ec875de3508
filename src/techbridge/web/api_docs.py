"""The API documentation pages (/docs with Swagger UI, /redoc with ReDoc), drawn from assets this server
serves itself (npm packages copied at install time by scripts/vendor-assets.sh), never from a CDN, and
started by a static script rather than an inline one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
OPENAPI_URL = "/api/v1/openapi.json"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "api_docs.html", {"viewer": "swagger", "openapi_url": OPENAPI_URL})
    return response


# ReDoc's bundle always draws its maker's logo from the maker's CDN; this page forbids any image
# from another host, so the browser never asks for it (the logo's own error handler hides it).
REDOC_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "worker-src 'self' blob:; script-src 'self'; connect-src 'self'")


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "api_docs.html", {"viewer": "redoc", "openapi_url": OPENAPI_URL})
    response.headers["Content-Security-Policy"] = REDOC_POLICY
    return response
