"""What the listings add to every template: labels of statuses and visibility, the transfer modes."""

from __future__ import annotations

from typing import Any

from techbridge.listings.model import ListingStatus, TransferMode, Visibility

FILTERS: dict[str, Any] = {
    "status_label": lambda s: ListingStatus(s).label,
    "visibility_label": lambda v: Visibility(v).label,
}
GLOBALS: dict[str, Any] = {"TRANSFER_MODES": [m.value for m in TransferMode]}
