"""In-process events: services announce what changed; bootstrap wires the handlers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from techbridge.storage.notify import announce
from techbridge.storage.uow import UnitOfWork

CHANNEL = "listing_changed"  # PostgreSQL NOTIFY channel: payload "kind:id,id,…"
IDS_PER_NOTICE = 500  # a NOTIFY payload must stay under 8000 bytes


@dataclass(frozen=True)
class ListingChanged:
    """A listing was created, edited or changed status (index it again)."""

    kind: str  # achievement | demand
    listing_id: int


@dataclass(frozen=True)
class ListingsImported:
    kind: str
    listing_ids: tuple[int, ...]


Handler = Callable[[Any], None]


class EventBus:
    """Calls each handler registered for an event's type, after the change is committed."""

    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type, handler: Handler) -> None:
        self._handlers[event_type].append(handler)

    def publish(self, event: object) -> None:
        for handler in self._handlers.get(type(event), []):
            handler(event)


def announce_changes(uow: UnitOfWork, kind: str, listing_ids: list[int]) -> None:
    """Tell every other process, when this transaction commits, that these listings changed."""
    assert uow.session is not None
    for start in range(0, len(listing_ids), IDS_PER_NOTICE):
        chunk = listing_ids[start : start + IDS_PER_NOTICE]
        announce(uow.session, CHANNEL, f"{kind}:{','.join(map(str, chunk))}")


def parse_notice(payload: str) -> tuple[str, list[int]]:
    """The kind and listing ids of a notice sent by `announce_changes`."""
    kind, _, ids = payload.partition(":")
    return kind, [int(x) for x in ids.split(",") if x]
