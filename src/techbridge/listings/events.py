"""In-process events: services announce what changed; bootstrap wires the handlers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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
