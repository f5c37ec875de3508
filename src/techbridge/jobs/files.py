"""Where a job keeps its files: the upload it works on and the file it produces, under the data dir."""

from __future__ import annotations

import secrets
from pathlib import Path

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".jsonl")


def upload_path(data_dir: Path, filename: str) -> Path:
    """A fresh path for an uploaded file; only its suffix comes from the visitor."""
    suffix = Path(filename or "").suffix.lower()
    folder = Path(data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{secrets.token_hex(12)}{suffix}"


def output_dir(data_dir: Path, job_id: int) -> Path:
    folder = Path(data_dir) / "jobs" / str(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def result_file(data_dir: Path, job_id: int, name: str) -> Path | None:
    """A file the job wrote, by its bare name (never a path the visitor could steer elsewhere)."""
    if not name or Path(name).name != name:
        return None
    path = Path(data_dir) / "jobs" / str(job_id) / name
    return path if path.is_file() else None


def keep_upload(data_dir: Path, filename: str, content: bytes, *, suffixes: tuple[str, ...] = UPLOAD_SUFFIXES,
                max_bytes: int = 20 * 1024 * 1024) -> Path:
    """Check an uploaded file's type and size and keep it for the job that imports it."""
    from techbridge.kernel.errors import ValidationError

    suffix = Path(filename or "").suffix.lower()
    if suffix not in suffixes:
        names = [s.lstrip(".").upper() for s in sorted(suffixes, key=lambda s: (s != ".xlsx", s))]
        listed = "、".join(names[:-1]) + f" 或 {names[-1]}" if len(names) > 1 else names[0]
        raise ValidationError(f"请上传 {listed} 文件（可先下载模板）", field="file", code="unsupported_format")
    if not content.strip():
        raise ValidationError("文件是空的", field="file", code="empty_file")
    if len(content) > max_bytes:
        raise ValidationError(f"文件超过 {max_bytes // (1024 * 1024)} MB", field="file", code="file_too_large")
    path = upload_path(data_dir, filename)
    path.write_bytes(content)
    return path
