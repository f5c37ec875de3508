"""Session cookie and CSRF protection.

The session is a signed, timestamped cookie (HttpOnly, SameSite=Lax, Secure over https)
holding the user id and a per-session CSRF token. Every unsafe request authenticated by
the cookie must echo that token: forms in a hidden `csrf_token` field, HTMX and API calls in
the `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "tb_session"
MAX_AGE = 60 * 60 * 12  # a working day; log in again after
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Session:
    user_id: int | None
    csrf: str


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="techbridge-session")


def read_session(request: Request, secret: str) -> Session | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(secret).loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return None
    return Session(user_id=data.get("u"), csrf=data.get("c", ""))


def new_session(user_id: int | None) -> Session:
    return Session(user_id=user_id, csrf=secrets.token_urlsafe(24))


def write_session(response: Response, session: Session, *, secret: str, secure: bool) -> None:
    value = _serializer(secret).dumps({"u": session.user_id, "c": session.csrf})
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure, path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def csrf_matches(session: Session | None, token: str | None) -> bool:
    return bool(session and token and hmac.compare_digest(session.csrf, token))
