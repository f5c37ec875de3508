"""孵化载体: the carriers list and each carrier's compliance card."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from techbridge.incubation import service as incubation
from techbridge.incubation.rules import TenancyStatus
from techbridge.web.deps import CurrentUser, Id, PlatformDep
from techbridge.web.render import render

router = APIRouter()


@router.get("/incubation")
def carriers(request: Request, platform: PlatformDep, user: CurrentUser) -> Response:
    return render(request, "pages/incubation_list.html", {"nav": "incubation",
                                                          "carriers": incubation.list_carriers(platform.uow())})


@router.get("/incubation/{carrier_id:int}")
def card(request: Request, platform: PlatformDep, user: CurrentUser, carrier_id: Id) -> Response:
    return render(request, "pages/incubation_card.html", {
        "nav": "incubation", "card": incubation.compliance_card(platform.uow(), carrier_id=carrier_id),
        "status_label": lambda s: TenancyStatus(s).label})
