"""登录 / 注册 / 退出."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from techbridge.accounts import service as accounts
from techbridge.accounts.model import OrgType
from techbridge.kernel.errors import Conflict, DomainError, ValidationErrors
from techbridge.web import security
from techbridge.web.deps import PlatformDep
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
        user = accounts.authenticate(platform.uow(), email=email, password=password,
                                     max_failures=settings.login_max_failures,
                                     lockout_minutes=settings.login_lockout_minutes)
    except DomainError as err:
        return render(request, "pages/login.html", {"next": next, "email": email, "error": err.message, "nav": "login"},
                      status_code=401 if err.code == "login_failed" else 423)
    response = redirect(safe_next(next), f"欢迎回来，{user.display_name}")
    security.write_session(response, security.new_session(user.id), secret=settings.secret_key, secure=settings.https)
    return response


@router.post("/logout")
def logout() -> Response:
    response = redirect("/", "已退出登录")
    security.clear_session(response)
    return response


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
    response = redirect("/workspace", "注册成功，欢迎使用京津冀科技成果转化供需对接平台")
    settings = platform.settings
    security.write_session(response, security.new_session(user_id), secret=settings.secret_key, secure=settings.https)
    return response
