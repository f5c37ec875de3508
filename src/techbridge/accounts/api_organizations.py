"""Organisations: list, one, and its listings."""

from __future__ import annotations

from fastapi import APIRouter, Query

from techbridge.accounts.repository import OrganizationRepository
from techbridge.accounts.schemas import OrganizationPublic
from techbridge.kernel.errors import NotFound
from techbridge.web.deps import Id, PageNo, PlatformDep
from techbridge.web.schemas import Page

router = APIRouter(prefix="/organizations", tags=["机构"])


@router.get("", response_model=Page[OrganizationPublic], summary="机构列表")
def list_organizations(platform: PlatformDep, q: str = "", org_type: str = "", page: PageNo = 1,
                       size: int = Query(20, ge=1, le=100)) -> Page[OrganizationPublic]:
    with platform.uow() as uow:
        c = uow.repo(OrganizationRepository).table.c
        where = []
        if q:
            where.append(c.name.contains(q))  # a name lookup, not listing search
        if org_type:
            where.append(c.org_type == org_type)
        total = uow.repo(OrganizationRepository).count(*where)
        rows = uow.repo(OrganizationRepository).list(*where, order_by=c.id, limit=size, offset=(page - 1) * size)
        return Page(items=[OrganizationPublic.of(o) for o in rows], total=total, page=page, size=size,
                    pages=max(1, -(-total // size)))


@router.get("/{org_id}", response_model=OrganizationPublic, summary="机构详情")
def get_organization(org_id: Id, platform: PlatformDep) -> OrganizationPublic:
    with platform.uow() as uow:
        org = uow.repo(OrganizationRepository).get(org_id)
        if org is None:
            raise NotFound("单位不存在")
        return OrganizationPublic.of(org)
