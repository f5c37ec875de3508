"""Sessions for API clients: log in (cookie + CSRF token), log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from techbridge.accounts import api_organizations, sessions
from techbridge.accounts import login as login_service
from techbridge.accounts import service as accounts
from techbridge.accounts.schemas import LoginRequest, PasswordChange, SessionPublic, UserPublic
from techbridge.web import security
from techbridge.web.deps import PlatformDep, RequiredUser

_router = APIRouter(prefix="/auth", tags=["账号"])


def _user(user: object) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)


@_router.post("/login", response_model=SessionPublic, summary="登录，返回会话 Cookie 与 CSRF 令牌")
def login(body: LoginRequest, response: Response, platform: PlatformDep) -> SessionPublic:
    settings = platform.settings
    user = login_service.authenticate(platform.uow(), email=body.email, password=body.password,
                                      max_failures=settings.login_max_failures,
                                      lockout_minutes=settings.login_lockout_minutes)
    assert user.id is not None
    started = sessions.start(platform.uow(), user.id)
    security.write_signed_in(response, started.token, secret=settings.secret_key, secure=settings.https)
    return SessionPublic(user=_user(user), csrf_token=started.csrf)


@_router.post("/logout", status_code=204, summary="退出登录（服务器端会话随即失效）")
def logout(request: Request, response: Response, platform: PlatformDep) -> None:
    session = request.state.session
    if session is not None and session.token:
        sessions.end(platform.uow(), session.token)
    security.clear_session(response)


@_router.post("/password", status_code=204, summary="修改密码（其他会话全部失效）")
def change_password(body: PasswordChange, request: Request, user: RequiredUser, platform: PlatformDep) -> None:
    accounts.change_password(platform.uow(), user=user, current=body.current_password, new=body.new_password,
                             keep_session=request.state.session.token)


@_router.get("/me", response_model=UserPublic, summary="当前登录用户")
def me(user: RequiredUser) -> UserPublic:
    return _user(user)


router = APIRouter()
router.include_router(_router)
router.include_router(api_organizations.router)
