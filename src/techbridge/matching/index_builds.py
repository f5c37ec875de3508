"""Saved index builds, switched as a whole: a loader never sees files of two different builds.

Each save writes a new folder `builds/<stamp>/` (engine files plus `manifest.json`), then points the
`current` symlink at it with one atomic rename. A worker resolves `current` once and loads from the
folder it points at; the previous builds are kept for a while, so one that is still being loaded
(or whose memory-mapped files are still open) is not removed under it. On Linux an open mapping
survives removal anyway; keeping `KEEP_BUILDS` covers a worker that is half-way through loading.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

CURRENT = "current"
BUILDS = "builds"
MANIFEST = "manifest.json"
KEEP_BUILDS = 3  # the current build and the two before it


def current_build(root: Path) -> Path | None:
    """The folder `current` points at, if it holds a complete build."""
    link = root / CURRENT
    try:
        target = root / os.readlink(link)
    except OSError:
        return None
    return target if (target / MANIFEST).exists() else None


def read_manifest(build: Path) -> dict[str, Any]:
    return dict(json.loads((build / MANIFEST).read_text(encoding="utf-8")))


def publish_build(root: Path, built_at: datetime, manifest: dict[str, Any], write: Callable[[Path], None]) -> Path:
    """Write a build with `write(folder)`, then make it current in one rename; returns its folder."""
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    name = f"{built_at.strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}"
    folder = builds / name
    staging = builds / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    write(staging)
    # The manifest goes last: a folder without one is never loaded.
    (staging / MANIFEST).write_text(json.dumps({**manifest, "built_at": built_at.isoformat()}), encoding="utf-8")
    staging.rename(folder)
    link = root / f".{CURRENT}.{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(Path(BUILDS) / name)
    os.replace(link, root / CURRENT)  # atomic: a reader sees the old build or the new, never a mix
    _prune(builds, keep=folder)
    return folder


def _prune(builds: Path, keep: Path) -> None:
    """Remove all but the newest KEEP_BUILDS complete builds (and partial folders of dead saves)."""
    complete = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    for old in complete[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in builds.glob(".*.partial"):
        pid = partial.name.rsplit("-", 1)[-1].removesuffix(".partial")
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(partial, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
