"""登录 / 注册 / 退出."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from techbridge.accounts import login as login_service
from techbridge.accounts import reset as password_reset
from techbridge.accounts import service as accounts
from techbridge.accounts import sessions
from techbridge.accounts.model import OrgType
from techbridge.kernel.errors import (
    REFUSED_ON_CONTENT,
    Conflict,
    ValidationError,
    ValidationErrors,
)
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
    except REFUSED_ON_CONTENT as err:
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


# Every field the form shows beside its input; an error about anything else is shown above the form.
REGISTER_FIELDS = ("role", "org_name", "credit_code", "org_type", "region", "display_name", "phone", "email",
                   "password", "password2")
REGISTER_ORG_TYPES = [t.value for t in OrgType if t.value != "政府部门"]
# The type a new organisation of each role most often is (a 需求方 is rarely a 高校).
DEFAULT_ORG_TYPE = {"seeker": "企业", "supplier": "高校", "broker": "技术转移机构"}


@router.get("/register")
def register_page(request: Request, role: str = "") -> Response:
    role = role if role in dict(REGISTER_ROLES) else "seeker"
    return render(request, "pages/register.html", {
        "roles": REGISTER_ROLES, "org_types": REGISTER_ORG_TYPES, "form": {"role": role,
                                                                          "org_type": DEFAULT_ORG_TYPE[role]},
        "errors": {}, "form_errors": [], "default_org_types": DEFAULT_ORG_TYPE})


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
        shown = {k: v for k, v in errors.items() if k in REGISTER_FIELDS}
        others = [v for k, v in errors.items() if k not in REGISTER_FIELDS]
        if not errors:
            others = ["注册未完成，请检查后重试"]
        # A password that was fine is kept (this answer is not cached), so fixing another field
        # does not mean typing it twice again.
        keep_password = not ({"password", "password2"} & set(errors))
        context = {"roles": REGISTER_ROLES, "org_types": REGISTER_ORG_TYPES, "form": form, "errors": shown,
                   "form_errors": others, "keep_password": keep_password}
        page = render(request, "pages/register.html", context, status_code=422)
        page.headers["Cache-Control"] = "no-store"
        return page
    started = sessions.start(platform.uow(), user_id)
    if form["role"] == "broker":
        response = redirect("/talent/new", "注册成功。请填写技术经理人证书信息：经发证地区的管理方核验后，"
                            "您才能查看仅技术经理人可见的需求和认领对接")
    else:
        response = redirect("/workspace", "注册成功，欢迎使用京津冀科技成果转化供需对接平台")
    settings = platform.settings
    security.write_signed_in(response, started.token, secret=settings.secret_key, secure=settings.https)
    return response


# ---------------------------------------------------------------- 忘记密码


@router.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    return render(request, "pages/password_forgot.html", {"nav": "login"})


@router.post("/password/forgot")
def forgot(request: Request, platform: PlatformDep, email: Annotated[str, Form()] = "") -> Response:
    email = email.strip()[:254]
    if "@" not in email:
        return render(request, "pages/password_forgot.html", {"email": email, "error": "请输入注册时使用的电子邮箱"},
                      status_code=422)
    password_reset.request_reset(platform.uow(), email=email, secret=platform.settings.secret_key)
    return render(request, "pages/password_forgot.html", {"email": email, "sent": True})


@router.get("/password/reset")
def reset_page(request: Request, platform: PlatformDep, token: str = "") -> Response:
    valid = password_reset.token_is_valid(platform.uow(), signed=token, secret=platform.settings.secret_key)
    page = render(request, "pages/password_reset.html", {"token": token, "valid": valid, "errors": {}},
                  status_code=200 if valid else 410)
    page.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
    return page


@router.post("/password/reset")
def reset(request: Request, platform: PlatformDep, token: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", password2: Annotated[str, Form()] = "") -> Response:
    try:
        password_reset.reset_password(platform.uow(), signed=token, secret=platform.settings.secret_key, password=password,
                                 password2=password2)
    except ValidationErrors as many:
        return render(request, "pages/password_reset.html", {
            "token": token, "valid": True, "errors": {e.field or "password": e.message for e in many.errors}},
            status_code=422)
    except ValidationError as err:
        return render(request, "pages/password_reset.html", {"token": token, "valid": False, "error": err.message},
                      status_code=410)
    return redirect("/login", "密码已重设，请用新密码登录")
