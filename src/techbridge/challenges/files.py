"""Proposal attachments: checked for type and size, stored under the platform's data directory.

Files are written before the proposal's transaction commits and removed again if it fails,
so a stored proposal always has its files and a refused one leaves none behind.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from techbridge.kernel.errors import NotFound, ValidationError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# extension → (content type, the bytes such a file starts with)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".zip": ("application/zip", (b"PK\x03\x04",)),
}
ACCEPT = ",".join(ALLOWED)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name without directories or characters a file system or a header would trip on."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]", "_", base).strip(". ")
    return base[-120:] or "附件"


def check_uploads(uploads: list[Upload]) -> list[Upload]:
    """Refuse anything but the allowed document and image types, up to 5 files of 10 MB each."""
    files = [u for u in uploads if u.name or u.data]
    if len(files) > MAX_FILES:
        raise ValidationError(f"附件最多 {MAX_FILES} 个", field="attachments", code="too_many_files")
    for upload in files:
        name = safe_name(upload.name)
        suffix = PurePath(name).suffix.lower()
        if suffix not in ALLOWED:
            raise ValidationError(f"附件“{name}”的类型不支持：请上传 PDF、Word、Excel、PPT、图片或 ZIP",
                                  field="attachments", code="attachment_type")
        if not upload.data:
            raise ValidationError(f"附件“{name}”是空文件", field="attachments", code="attachment_empty")
        if len(upload.data) > MAX_FILE_BYTES:
            raise ValidationError(f"附件“{name}”超过 10 MB", field="attachments", code="attachment_size")
        if not upload.data.startswith(ALLOWED[suffix][1]):
            raise ValidationError(f"附件“{name}”的内容与扩展名不符，文件可能已损坏", field="attachments",
                                  code="attachment_content")
    return files


def store(data_dir: Path, challenge_id: int, uploads: list[Upload]) -> list[dict[str, Any]]:
    """Write the checked uploads to a new folder of this call; returns their descriptions."""
    if not uploads:
        return []
    folder_key = secrets.token_hex(8)
    folder = data_dir / "challenges" / str(challenge_id) / folder_key
    folder.mkdir(parents=True, exist_ok=False)
    stored = []
    for number, upload in enumerate(uploads, start=1):
        name = safe_name(upload.name)
        relative = f"challenges/{challenge_id}/{folder_key}/{number}{PurePath(name).suffix.lower()}"
        (data_dir / relative).write_bytes(upload.data)
        suffix = PurePath(name).suffix.lower()
        stored.append({"name": name, "path": relative, "size": len(upload.data), "type": ALLOWED[suffix][0]})
    return stored


def discard(data_dir: Path, attachments: list[dict[str, Any]]) -> None:
    """Remove the folder of attachments whose proposal was not stored."""
    folders = {(data_dir / a["path"]).parent for a in attachments}
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def open_attachment(data_dir: Path, attachment: dict[str, Any]) -> Path:
    path = (data_dir / attachment["path"]).resolve()
    if not path.is_relative_to((data_dir / "challenges").resolve()) or not path.exists():
        raise NotFound("附件不存在")
    return path
