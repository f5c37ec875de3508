"""Background jobs of landing records: importing an uploaded XLSX/CSV (jobs.record_imports)."""

from __future__ import annotations

from techbridge.jobs.record_imports import record_import_handler
from techbridge.landing import service as landing

IMPORT = "landing.import"

HANDLERS = {IMPORT: record_import_handler(lambda uow, actor, path, payload:
                                          landing.import_landings(uow, actor=actor, path=path))}
