"""Unit of work: one transaction, the repositories that share it, commit or roll back."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker


class _Repository(Protocol):
    def __init__(self, session: Session) -> None: ...


R = TypeVar("R", bound=_Repository)


class UnitOfWork:
    """`with uow: ...; uow.commit()` — anything not committed is rolled back on exit.

    Each feature reaches its own tables through `uow.repo(ItsRepository)`; the repositories
    share the unit of work's session. Re-entrant: a use case called inside another's `with uow:`
    joins the same transaction; only the outermost exit closes the session.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self.session: Session | None = None
        self._depth = 0
        self._repositories: dict[type[Any], Any] = {}

    def __enter__(self) -> UnitOfWork:
        self._depth += 1
        if self._depth > 1:
            return self
        self.session = self.session_factory()
        self._repositories = {}
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.session is not None
        self._depth -= 1
        if self._depth > 0:
            return
        # close() rolls back the open transaction and detaches objects without expiring them,
        # so results returned from a use case stay readable after the unit of work ends.
        self.session.close()
        self.session = None
        self._repositories = {}

    def repo(self, cls: type[R]) -> R:
        """The repository `cls` bound to this unit of work's session (one instance per transaction)."""
        assert self.session is not None, "use the unit of work inside `with uow:`"
        found = self._repositories.get(cls)
        if found is None:
            found = self._repositories[cls] = cls(self.session)
        return found

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()

    def flush(self) -> None:
        assert self.session is not None
        self.session.flush()
