"""技术经理人资格核验: the admin of the credential's region verifies or refuses an applicant."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from techbridge.accounts.rules import scope_label
from techbridge.kernel.errors import REFUSED_ON_CONTENT
from techbridge.talent import verification
from techbridge.web.deps import AdminUser, Id, PlatformDep
from techbridge.web.render import redirect, render

router = APIRouter()


@router.get("/talent/verifications")
def queue(request: Request, platform: PlatformDep, user: AdminUser) -> Response:
    applications = verification.pending_for(platform.uow(), user)
    return render(request, "pages/talent_verifications.html", {
        "applications": applications, "scope": scope_label(user), "nav": "review"})


@router.post("/talent/verifications/{expert_id:int}")
def decide(platform: PlatformDep, user: AdminUser, expert_id: Id, decision: Annotated[str, Form()] = "",
           note: Annotated[str, Form(max_length=500)] = "") -> Response:
    try:
        verification.decide(platform.uow(), admin=user, expert_id=expert_id, approve=decision == "approve", note=note)
    except REFUSED_ON_CONTENT as err:
        return redirect("/talent/verifications", err.message, "error")
    return redirect("/talent/verifications", "已核验通过，该账号现为技术经理人" if decision == "approve" else "已退回申请")
