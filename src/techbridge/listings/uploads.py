"""Uploading a 成果供给清单 / 技术需求清单 on the web: the file is kept aside and imported by a background
job, so the request answers at once and the page shows the import's progress.

Who may import what: a commission's admin imports the lists of its own province (the platform admin
any list, published at once); a supplier or a seeker imports its own organisation's achievements or
demands, which go to review like listings entered one by one.
"""

from __future__ import annotations

from pathlib import Path

from techbridge.accounts.model import Role, User
from techbridge.accounts.rules import is_admin
from techbridge.jobs import queue
from techbridge.jobs.files import UPLOAD_SUFFIXES, keep_upload
from techbridge.jobs.model import Job
from techbridge.kernel.errors import PermissionDenied
from techbridge.listings.tasks import IMPORT
from techbridge.storage.uow import UnitOfWork

KIND_OF_ROLE = {Role.SUPPLIER: "achievement", Role.SEEKER: "demand"}
LABELS = {"achievement": "成果供给清单", "demand": "技术需求清单"}


def allowed_kinds(user: User) -> list[str]:
    if is_admin(user):
        return ["achievement", "demand"]
    kind = KIND_OF_ROLE.get(Role(user.role)) if user.role in KIND_OF_ROLE else None
    return [kind] if kind and user.organization_id else []


def submit(uow: UnitOfWork, *, actor: User, data_dir: Path, filename: str, content: bytes, kind: str,
           partial: bool) -> Job:
    """Keep the upload and queue its import; refuses what the actor may not import, before any work."""
    kinds = allowed_kinds(actor)
    if not kinds:
        raise PermissionDenied("只有管理方、成果方和需求方账号可以导入清单")
    if kind not in kinds:
        raise PermissionDenied(f"您的账号只能导入{'、'.join(LABELS[k] for k in kinds)}")
    path = keep_upload(data_dir, filename, content, suffixes=UPLOAD_SUFFIXES)
    admin = is_admin(actor)
    payload = {
        "path": str(path), "kind": kind, "partial": partial, "source": "web",
        "status": "published" if admin else "pending_review",
        "only_org": None if admin else actor.organization_id,
        "scope": actor.region_scope if admin else None,
    }
    return queue.enqueue(uow, kind=IMPORT, payload=payload, label=f"导入{LABELS[kind]}：{Path(filename).name[:80]}",
                         user_id=actor.id)
