"""Sessions for API clients: log in (cookie + CSRF token), log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Response

from techbridge.accounts import api_organizations
from techbridge.accounts import service as accounts
from techbridge.accounts.schemas import LoginRequest, SessionPublic, UserPublic
from techbridge.web import security
from techbridge.web.deps import PlatformDep, RequiredUser

_router = APIRouter(prefix="/auth", tags=["账号"])


def _user(user: object) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)


@_router.post("/login", response_model=SessionPublic, summary="登录，返回会话 Cookie 与 CSRF 令牌")
def login(body: LoginRequest, response: Response, platform: PlatformDep) -> SessionPublic:
    settings = platform.settings
    user = accounts.authenticate(platform.uow(), email=body.email, password=body.password,
                                 max_failures=settings.login_max_failures, lockout_minutes=settings.login_lockout_minutes)
    session = security.new_session(user.id)
    security.write_session(response, session, secret=settings.secret_key, secure=settings.https)
    return SessionPublic(user=_user(user), csrf_token=session.csrf)


@_router.post("/logout", status_code=204, summary="退出登录")
def logout(response: Response) -> None:
    security.clear_session(response)


@_router.get("/me", response_model=UserPublic, summary="当前登录用户")
def me(user: RequiredUser) -> UserPublic:
    return _user(user)


router = APIRouter()
router.include_router(_router)
router.include_router(api_organizations.router)
