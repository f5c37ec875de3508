"""Uploading a 基金清单 / 金融产品清单: the file is kept aside and imported by a background job (finance/tasks.py on
the jobs queue), like the listings' uploads; imported records are embedded so that matching ranks them at once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from techbridge.accounts.model import User
from techbridge.finance.service import FUND_KIND, KINDS, PRODUCT_KIND
from techbridge.jobs import queue
from techbridge.jobs.files import upload_path
from techbridge.jobs.model import Job
from techbridge.kernel.errors import PermissionDenied, ValidationError
from techbridge.matching.documents import Document, embed_documents
from techbridge.storage.uow import UnitOfWork


def embed_records(uow: UnitOfWork, embedder: Any, kind: str, ids: Sequence[int]) -> None:
    """Embeddings of imported funds or products, so that matching ranks them at once."""
    if embedder is None or not ids:
        return
    repo_cls, _ = KINDS[kind]
    doc_kind = FUND_KIND if kind == "fund" else PRODUCT_KIND
    with uow:
        records = uow.repo(repo_cls).get_many(ids)
        embed_documents(uow, embedder, doc_kind, [Document(i, r.name, r.full_text()) for i, r in records.items()])
        uow.commit()


def submit_import(uow: UnitOfWork, *, actor: User, data_dir: Path, filename: str, content: bytes, kind: str) -> Job:
    """Keep the upload and queue its import (jobs); refuses a wrong kind, file type or an empty file before any work."""
    from techbridge.finance import importing
    from techbridge.finance.tasks import IMPORT

    k = importing.kind_of(kind)
    if actor.organization_id is None:
        raise PermissionDenied(f"请先关联所属单位，再导入{k.label}")
    suffix = Path(filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError("请上传 XLSX 或 CSV 文件（可先下载模板）", field="file", code="unsupported_format")
    if not content.strip():
        raise ValidationError("文件是空的", field="file", code="empty_file")
    path = upload_path(data_dir, filename)
    path.write_bytes(content)
    return queue.enqueue(uow, kind=IMPORT, payload={"path": str(path), "kind": kind},
                         label=f"导入{k.label}：{Path(filename).name[:80]}", user_id=actor.id)
