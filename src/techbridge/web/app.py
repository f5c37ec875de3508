"""The web application factory: JSON API and Chinese pages over the same services."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from techbridge.accounts import sessions
from techbridge.bootstrap import Platform, bootstrap, feature_directories, feature_modules
from techbridge.config import Settings
from techbridge.storage.db import reading_only
from techbridge.web import api_docs, security
from techbridge.web.errors import CsrfFailed, error_responses, install_error_handlers
from techbridge.web.headers import SecurityHeaders
from techbridge.web.limits import BodyLimit
from techbridge.web.templating import make_templates


def create_app(settings: Settings | None = None, platform: Platform | None = None) -> FastAPI:
    """Build the app; tests pass their own settings or platform."""
    platform = platform or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        platform.start()
        yield
        platform.stop()

    app = FastAPI(
        title="TechBridge 京津冀科技成果转化供需对接平台 API",
        version="1.0",
        docs_url=None,  # served by web/api_docs.py from local assets
        redoc_url=None,
        openapi_url=api_docs.OPENAPI_URL,
        lifespan=lifespan,
        description="成果、需求、机构、匹配（含解释）与导入的 JSON 接口。错误统一为 "
        '`{"error": {"code", "message", "fields": [...]}}`，message 为中文。',
    )
    app.state.platform = platform
    helpers = feature_modules("templating")
    app.state.templates = make_templates(
        feature_directories("templates"),
        filters={k: v for m in helpers for k, v in m.FILTERS.items()},
        globals_={k: v for m in helpers for k, v in m.GLOBALS.items()},
    )
    app.mount("/static", StaticFiles(directory=str(files("techbridge.web").joinpath("static"))), name="static")
    app.middleware("http")(_session_middleware)
    app.add_middleware(BodyLimit, max_bytes=platform.settings.max_request_bytes,
                       max_upload_bytes=platform.settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    _include_routers(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _include_routers(app: FastAPI) -> None:
    """Every feature registers its JSON API (`<feature>/api.py`) and its pages (`<feature>/pages.py`)."""
    from techbridge.web import reference

    api = [reference.router, *(m.router for m in feature_modules("api"))]
    for router in api:
        app.include_router(router, prefix="/api/v1", dependencies=[Depends(csrf_protect)], responses=error_responses())
    app.include_router(api_docs.router)
    for module in feature_modules("pages"):
        app.include_router(module.router, include_in_schema=False, dependencies=[Depends(csrf_protect)])


async def _session_middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Load the session and its user once per request; give every visitor a CSRF token.

    GET and HEAD requests only read: their transactions take no write lock (storage/db.py).
    """
    platform: Platform = request.app.state.platform
    settings = platform.settings
    data = security.read_cookie(request, settings.secret_key)
    request.state.session, request.state.user = None, None
    if data and isinstance(data.get("t"), str):
        with reading_only():
            found = sessions.resolve(platform.uow(), data["t"])
        if found is not None:
            user, csrf = found
            request.state.user = user
            request.state.session = security.Session(user.id, csrf, data["t"])
    elif data and isinstance(data.get("c"), str):
        request.state.session = security.Session(None, data["c"])
    fresh = None
    if request.state.session is None and not request.url.path.startswith(("/static/", "/api/")):
        request.state.session = fresh = security.anonymous()
    if request.method in security.SAFE_METHODS:
        with reading_only():
            response = await call_next(request)
    else:
        response = await call_next(request)
    if fresh is not None and not any(v.startswith(security.COOKIE + "=") for v in response.headers.getlist("set-cookie")):
        security.write_anonymous(response, fresh, secret=settings.secret_key, secure=settings.https)
    return response


# Logging in replaces whatever session the client had; a JSON body cannot be posted
# cross-site without a CORS preflight, which this server never grants.
_CSRF_EXEMPT = {"/api/v1/auth/login"}


async def csrf_protect(request: Request) -> None:
    """Unsafe requests that carry a session must echo its CSRF token (header or form field)."""
    if request.method in security.SAFE_METHODS or request.url.path in _CSRF_EXEMPT:
        return
    session = request.cookies.get(security.COOKIE) and request.state.session
    if not session:
        if request.url.path.startswith("/api/"):
            return  # no cookie, no ambient authority to abuse
        raise CsrfFailed("页面已过期，请刷新后重试")
    token = request.headers.get(security.CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        token = str((await request.form()).get(security.CSRF_FIELD) or "")
    if not security.csrf_matches(session, token):
        raise CsrfFailed("页面已过期或请求来源不明，请刷新页面后重试")
