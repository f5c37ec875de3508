"""Shared fixtures: paths to the shared folder, seeds and evaluation data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TECHBRIDGE_SHARED_DIR", ROOT.parent / "shared"))

os.environ.setdefault("TECHBRIDGE_SECRET_KEY", "test-secret")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.exists():
        pytest.skip(f"seed documents not found at {path}")
    return path
