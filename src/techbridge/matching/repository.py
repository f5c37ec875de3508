"""Repositories of this feature: the only way its services read and write its stored objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from techbridge.matching import tables


class EmbeddingRepository:
    """Stored passage embeddings (derived data): one float16 matrix per (kind, id, model)."""

    table = tables.listing_embeddings

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self, kind: str, ids: Sequence[int] | None, *, model_id: str) -> dict[int, tuple[str, np.ndarray]]:
        """id → (text hash, passages × dim float16 matrix); every id of the kind when ids is None."""
        c = self.table.c
        where = [c.kind == kind, c.model_id == model_id]
        chunks = [None] if ids is None else [list(ids)[i : i + 500] for i in range(0, len(ids), 500)]
        found: dict[int, tuple[str, np.ndarray]] = {}
        for chunk in chunks:
            stmt = select(c.listing_id, c.text_hash, c.dim, c.count, c.vectors).where(*where)
            if chunk is not None:
                stmt = stmt.where(c.listing_id.in_(chunk))
            for listing_id, text_hash, dim, count, blob in self.session.execute(stmt):
                found[listing_id] = (text_hash, np.frombuffer(blob, dtype="<f2").reshape(count, dim))
        return found

    def hashes(self, kind: str, *, model_id: str) -> dict[int, str]:
        c = self.table.c
        rows = self.session.execute(select(c.listing_id, c.text_hash).where(c.kind == kind, c.model_id == model_id))
        return {r[0]: r[1] for r in rows}

    def save(self, kind: str, listing_id: int, *, model_id: str, text_hash: str, matrix: np.ndarray,
             now: datetime) -> None:
        c = self.table.c
        values = {"text_hash": text_hash, "dim": int(matrix.shape[1]), "count": int(matrix.shape[0]),
                  "vectors": np.ascontiguousarray(matrix, dtype="<f2").tobytes(), "updated_at": now}
        where = (c.kind == kind, c.listing_id == listing_id, c.model_id == model_id)
        if self.session.execute(update(self.table).where(*where).values(**values)).rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(self.table).values(kind=kind, listing_id=listing_id, model_id=model_id, **values))

    def remove(self, kind: str, listing_id: int) -> None:
        c = self.table.c
        self.session.execute(delete(self.table).where(c.kind == kind, c.listing_id == listing_id))


class MatchAlertRepository:
    """Which (listing, counterpart) pairs an owner has already been told about."""

    table = tables.match_alerts

    def __init__(self, session: Session) -> None:
        self.session = session

    def known(self, kind: str, listing_id: int) -> set[int]:
        c = self.table.c
        return {r[0] for r in self.session.execute(select(c.counterpart_id).where(c.kind == kind, c.listing_id == listing_id))}

    def add(self, kind: str, listing_id: int, counterpart_id: int, score: float, at: datetime) -> None:
        self.session.execute(insert(self.table).values(kind=kind, listing_id=listing_id, counterpart_id=counterpart_id,
                                                       score=score, notified_at=at))
