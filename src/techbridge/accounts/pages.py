"""登录 / 注册 / 退出."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from techbridge.accounts import login as login_service
from techbridge.accounts import service as accounts
from techbridge.accounts import sessions
from techbridge.accounts.model import OrgType
from techbridge.kernel.errors import Conflict, DomainError, ValidationErrors
from techbridge.web import security
from techbridge.web.deps import PlatformDep, RequiredUser
from techbridge.web.render import redirect, render, safe_next

router = APIRouter()

REGISTER_ROLES = [("seeker", "需求方（企业、医院、合作社、园区）"), ("supplier", "成果方（高校、院所、科技企业）"),
                  ("broker", "技术经理人（技术转移机构）")]


@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    if request.state.user:
        return redirect(safe_next(next))
    return render(request, "pages/login.html", {"next": next, "nav": "login"})


@router.post("/login")
def login(
    request: Request, platform: PlatformDep, email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    settings = platform.settings
    try:
        user = login_service.authenticate(platform.uow(), email=email, password=password,
                                     max_failures=settings.login_max_failures,
                                     lockout_minutes=settings.login_lockout_minutes)
    except DomainError as err:
        return render(request, "pages/login.html", {"next": next, "email": email, "error": err.message, "nav": "login"},
                      status_code=401 if err.code == "login_failed" else 423)
    assert user.id is not None
    started = sessions.start(platform.uow(), user.id)
    response = redirect(safe_next(next), f"欢迎回来，{user.display_name}")
    security.write_signed_in(response, started.token, secret=settings.secret_key, secure=settings.https)
    return response


@router.post("/logout")
def logout(request: Request, platform: PlatformDep) -> Response:
    session = request.state.session
    if session is not None and session.token:
        sessions.end(platform.uow(), session.token)
    response = redirect("/", "已退出登录")
    security.clear_session(response)
    return response


@router.get("/account/password")
def password_page(request: Request, user: RequiredUser) -> Response:
    return render(request, "pages/password.html", {"errors": {}, "nav": "workspace"})


@router.post("/account/password")
def change_password(
    request: Request, platform: PlatformDep, user: RequiredUser, current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "", new_password2: Annotated[str, Form()] = "",
) -> Response:
    errors: dict[str, str] = {}
    if new_password != new_password2:
        errors["new_password2"] = "两次输入的新密码不一致"
    else:
        try:
            accounts.change_password(platform.uow(), user=user, current=current_password, new=new_password,
                                     keep_session=request.state.session.token)
        except ValidationErrors as many:
            errors.update({e.field or "form": e.message for e in many.errors})
    if errors:
        return render(request, "pages/password.html", {"errors": errors, "nav": "workspace"}, status_code=422)
    return redirect("/workspace", "密码已修改；其他设备上的登录已全部退出")


@router.get("/register")
def register_page(request: Request) -> Response:
    return render(request, "pages/register.html", {"roles": REGISTER_ROLES, "org_types": [t.value for t in OrgType
                  if t.value != "政府部门"], "form": {}, "errors": {}})


@router.post("/register")
async def register(request: Request, platform: PlatformDep) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    if form.get("password") != form.get("password2"):
        errors["password2"] = "两次输入的密码不一致"
    if form.get("role") not in dict(REGISTER_ROLES):
        errors["role"] = "请选择账号类型"
    user_id = None
    if not errors:
        try:
            user_id = accounts.register_with_organization(
                platform.uow(), email=form.get("email", ""), display_name=form.get("display_name", ""),
                password=form.get("password", ""), role=form["role"], phone=form.get("phone", ""),
                org_name=form.get("org_name", ""), org_type=form.get("org_type", ""),
                credit_code=form.get("credit_code", ""), region=form.get("region", ""),
            )
        except ValidationErrors as many:
            errors.update({e.field or "form": e.message for e in many.errors})
        except Conflict as err:
            errors["credit_code" if err.code == "org_exists" else "email"] = err.message
    if errors or user_id is None:
        context = {"roles": REGISTER_ROLES, "org_types": [t.value for t in OrgType if t.value != "政府部门"],
                   "form": form, "errors": errors}
        return render(request, "pages/register.html", context, status_code=422)
    started = sessions.start(platform.uow(), user_id)
    if form["role"] == "broker":
        response = redirect("/talent/new", "注册成功。请填写技术经理人证书信息：经发证地区的管理方核验后，"
                            "您才能查看仅技术经理人可见的需求和认领对接")
    else:
        response = redirect("/workspace", "注册成功，欢迎使用京津冀科技成果转化供需对接平台")
    settings = platform.settings
    security.write_signed_in(response, started.token, secret=settings.secret_key, secure=settings.https)
    return response
