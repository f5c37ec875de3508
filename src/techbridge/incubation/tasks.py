"""Background jobs of incubation: importing a carrier's tenancies from an uploaded XLSX/CSV (jobs.record_imports)."""

from __future__ import annotations

from techbridge.incubation import service as incubation
from techbridge.jobs.record_imports import record_import_handler

IMPORT = "incubation.tenancies.import"

HANDLERS = {IMPORT: record_import_handler(lambda uow, actor, path, payload: incubation.import_tenancies(
    uow, actor=actor, carrier_id=int(payload["carrier_id"]), path=path))}
