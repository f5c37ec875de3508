"""Request dependencies: the platform, a unit of work, the current user, role checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from techbridge.accounts.model import Role, User
from techbridge.bootstrap import Platform
from techbridge.kernel.errors import PermissionDenied
from techbridge.storage.uow import UnitOfWork


class LoginRequired(PermissionDenied):
    code = "login_required"


def get_platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def get_uow(platform: Annotated[Platform, Depends(get_platform)]) -> UnitOfWork:
    return platform.uow()


def get_current_user(request: Request) -> User | None:
    """The logged-in user, loaded once per request by the session middleware."""
    user: User | None = getattr(request.state, "user", None)
    return user


def require_user(user: Annotated[User | None, Depends(get_current_user)]) -> User:
    if user is None:
        raise LoginRequired("请先登录")
    return user


def require_admin(user: Annotated[User, Depends(require_user)]) -> User:
    if user.role != Role.ADMIN:
        raise PermissionDenied("只有管理方可以访问此功能")
    return user


MAX_ID = 2**31 - 1  # the database's INTEGER: a larger id cannot exist, so it is refused before any query
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="编号")]
PageNo = Annotated[int, Query(ge=1, le=10_000, description="页码")]

PlatformDep = Annotated[Platform, Depends(get_platform)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
CurrentUser = Annotated[User | None, Depends(get_current_user)]
RequiredUser = Annotated[User, Depends(require_user)]
AdminUser = Annotated[User, Depends(require_admin)]
