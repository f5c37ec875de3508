"""Session cookie and CSRF protection.

The cookie is signed and timestamped (HttpOnly, SameSite=Lax, Secure over https). A signed-in
visitor's cookie holds a random session token that the database must still recognise
(accounts/sessions.py: logging out or changing the password ends it at once); an anonymous
visitor's cookie holds only a CSRF token. Every unsafe request authenticated by the cookie must
echo the session's CSRF token: forms in a hidden `csrf_token` field, HTMX and API calls in the
`X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "tb_session"
MAX_AGE = 60 * 60 * 12  # the cookie never outlives the server-side session
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Session:
    user_id: int | None
    csrf: str
    token: str | None = None  # the server-side session of a signed-in visitor


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="techbridge-session")


def read_cookie(request: Request, secret: str) -> dict[str, Any] | None:
    """The cookie's signed content, or None when absent, forged or too old."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(secret).loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


def anonymous() -> Session:
    return Session(user_id=None, csrf=secrets.token_urlsafe(24))


def write_anonymous(response: Response, session: Session, *, secret: str, secure: bool) -> None:
    _set(response, {"c": session.csrf}, secret=secret, secure=secure)


def write_signed_in(response: Response, token: str, *, secret: str, secure: bool) -> None:
    _set(response, {"t": token}, secret=secret, secure=secure)


def _set(response: Response, data: dict[str, str], *, secret: str, secure: bool) -> None:
    value = _serializer(secret).dumps(data)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure, path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def csrf_matches(session: Session | None, token: str | None) -> bool:
    return bool(session and token and hmac.compare_digest(session.csrf, token))
