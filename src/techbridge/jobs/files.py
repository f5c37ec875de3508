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
