"""Rendering helpers shared by the page modules."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

FLASH_COOKIE = "tb_flash"


def render(request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a page with the current user and any flash message set by the previous redirect."""
    ctx = {"user": request.state.user, **(context or {})}
    flash = request.cookies.get(FLASH_COOKIE)
    if flash:
        kind, _, text = flash.partition(":")
        from urllib.parse import unquote

        ctx.setdefault("flashes", []).append((kind, unquote(text)))
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, template, ctx, status_code=status_code)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, flash: str | None = None, kind: str = "ok") -> RedirectResponse:
    """303 redirect after a POST, optionally carrying a one-time message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, f"{kind}:{quote(flash)}", max_age=60, httponly=True, samesite="lax", path="/")
    return response


def safe_next(url: str | None, default: str = "/workspace") -> str:
    """Only a path on this site is followed (no open redirect): "//evil", "/\\evil", "http://…",
    and anything with control characters fall back to `default`."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")) or "\\" in url:
        return default
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return default
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return default
    return url
