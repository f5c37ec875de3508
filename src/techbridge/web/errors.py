"""Errors as the API returns them ({"error": {"code", "message", "fields"}}) and as pages show them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from techbridge.kernel.errors import (
    AccountLocked,
    Conflict,
    DomainError,
    InvalidTransition,
    LoginFailed,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from techbridge.web.deps import LoginRequired


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"


_STATUS: list[tuple[type[DomainError], int]] = [
    (LoginRequired, 401),
    (LoginFailed, 401),
    (AccountLocked, 423),
    (CsrfFailed, 403),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidTransition, 409),
    (ValidationErrors, 422),
    (ValidationError, 422),
]
_HTTP_MESSAGES = {
    400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面不存在", 405: "不支持的请求方式",
    413: "上传的文件太大", 415: "不支持的内容类型", 429: "请求过于频繁", 500: "服务器内部错误",
}


def status_of(err: DomainError) -> int:
    return next((status for cls, status in _STATUS if isinstance(err, cls)), 400)


def error_body(code: str, message: str, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or []}}


def field_errors(err: DomainError) -> list[dict[str, str]]:
    if isinstance(err, ValidationErrors):
        return [{"field": e.field or "", "code": e.code, "message": e.message} for e in err.errors]
    if isinstance(err, ValidationError) and err.field:
        return [{"field": err.field, "code": err.code, "message": err.message}]
    return []


# What any API operation may answer besides its success: declared on every operation (OpenAPI), so a
# client — and schemathesis in the tests — knows each status is deliberate.
DECLARED_ERRORS = {
    400: "请求有误", 401: "未登录或会话已失效", 403: "没有权限（或 CSRF 令牌不符）", 404: "不存在或无权查看",
    409: "与当前状态冲突", 413: "请求内容过大", 422: "参数或数据校验未通过（fields 列出每一处）", 423: "登录已暂停",
}


def error_responses() -> dict[int | str, dict[str, Any]]:
    """The error envelope of every status an API operation can answer, for `include_router(responses=…)`."""
    from techbridge.web.schemas import ErrorResponse

    return {status: {"model": ErrorResponse, "description": description} for status, description in DECLARED_ERRORS.items()}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI) -> None:
    """API paths answer JSON; page paths answer a Chinese error page (or the login page)."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, err: DomainError) -> Response:
        status = status_of(err)
        if _is_api(request):
            return JSONResponse(error_body(err.code, err.message, field_errors(err)), status_code=status)
        if isinstance(err, LoginRequired):
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return _page(request, status, err.message)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, err: RequestValidationError) -> Response:
        fields = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]), "code": e["type"],
             "message": _pydantic_message(e)}
            for e in err.errors()
        ]
        message = "；".join(f"{f['field']}：{f['message']}" for f in fields[:5]) or "请求参数有误"
        if _is_api(request):
            return JSONResponse(error_body("validation_error", message, fields), status_code=422)
        return _page(request, 422, message)

    @app.exception_handler(DataError)
    async def out_of_range(request: Request, err: DataError) -> Response:
        # The schemas bound every id and number; this only catches a value they missed (still a 4xx).
        message = "提交的数值超出允许范围"
        if _is_api(request):
            return JSONResponse(error_body("value_out_of_range", message), status_code=422)
        return _page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(err.status_code, "请求有误")
        if _is_api(request):
            return JSONResponse(error_body(f"http_{err.status_code}", message), status_code=err.status_code)
        return _page(request, err.status_code, message)


def _pydantic_message(e: dict[str, Any]) -> str:
    kind = e.get("type", "")
    if kind == "missing":
        return "必填"
    if kind.startswith("string_too_short"):
        return f"至少{e.get('ctx', {}).get('min_length', '')}个字符"
    if kind.startswith("string_too_long"):
        return f"不能超过{e.get('ctx', {}).get('max_length', '')}个字符"
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return "应为数字"
    if kind.startswith("greater_than") or kind.startswith("less_than"):
        return "超出允许范围"
    if kind in ("date_from_datetime_parsing", "date_parsing"):
        return "日期格式应为 2026-12-31"
    if kind == "literal_error" or kind == "enum":
        return "取值不在允许范围内"
    return "格式不正确"


def _page(request: Request, status: int, message: str) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                              "back": _same_site_referer(request)}, status_code=status)


def _same_site_referer(request: Request) -> str:
    """Where the visitor came from, when it was a page of this site (the 返回上一页 link without script)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return "/"
    return referer.path + (f"?{referer.query}" if referer.query else "")
