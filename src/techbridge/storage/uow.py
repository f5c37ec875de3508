"""Unit of work: one transaction, the repositories that share it, commit or roll back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from techbridge.storage.repository import (
    AchievementRepository,
    BookingRepository,
    ChainTagRepository,
    ChallengeRepository,
    ContactAccessRepository,
    ContractRepository,
    DemandRepository,
    EmbeddingRepository,
    EngagementRepository,
    ExpertRepository,
    InstrumentRepository,
    JobStateRepository,
    MatchAlertRepository,
    NotificationRepository,
    OrganizationRepository,
    OutboxRepository,
    PolicyRepository,
    StatisticRepository,
    TargetRepository,
    UserRepository,
)


class UnitOfWork:
    """`with uow: ...; uow.commit()` — anything not committed is rolled back on exit.

    Re-entrant: a use case called inside another's `with uow:` joins the same transaction;
    only the outermost exit closes the session.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self.session: Session | None = None
        self._depth = 0

    def __enter__(self) -> UnitOfWork:
        self._depth += 1
        if self._depth > 1:
            return self
        self.session = session = self.session_factory()
        self.organizations = OrganizationRepository(session)
        self.users = UserRepository(session)
        self.achievements = AchievementRepository(session)
        self.demands = DemandRepository(session)
        self.engagements = EngagementRepository(session)
        self.contracts = ContractRepository(session)
        self.experts = ExpertRepository(session)
        self.contact_access = ContactAccessRepository(session)
        self.instruments = InstrumentRepository(session)
        self.bookings = BookingRepository(session)
        self.notifications = NotificationRepository(session)
        self.outbox = OutboxRepository(session)
        self.embeddings = EmbeddingRepository(session)
        self.jobs = JobStateRepository(session)
        self.match_alerts = MatchAlertRepository(session)
        self.targets = TargetRepository(session)
        self.statistics = StatisticRepository(session)
        self.chain_tags = ChainTagRepository(session)
        self.policies = PolicyRepository(session)
        self.challenges = ChallengeRepository(session)
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

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()

    def flush(self) -> None:
        assert self.session is not None
        self.session.flush()
