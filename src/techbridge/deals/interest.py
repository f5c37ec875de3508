"""我有意向 from a listing page: which of the viewer's own listings can be paired with the one on screen.

An enterprise reading an achievement (or a university reading a demand) picks one of its own
published listings of the other kind, and the pair enters the pipeline as any recommended match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from techbridge.accounts.model import Role, User
from techbridge.deals.pipeline import Engagement
from techbridge.deals.repository import EngagementRepository
from techbridge.listings import queries as listing_queries
from techbridge.listings import service as registry
from techbridge.listings.model import Listing, ListingStatus
from techbridge.storage.uow import UnitOfWork

OTHER = {"achievement": "demand", "demand": "achievement"}


@dataclass
class InterestOption:
    listing: Listing  # the viewer's own listing of the other kind
    engagement: Engagement | None  # the pair's engagement, when there is one already
    percent: int | None = None  # the engine's 匹配度 of the pair, when it ranks among the top matches


@dataclass
class InterestOptions:
    kind: str  # of the listing on screen
    listing: Listing
    viewer_side: str  # "seeker" | "supplier" | "" (nobody who can pair their own listing)
    options: list[InterestOption] = field(default_factory=list)
    drafts: int = 0  # own listings of the other kind not yet published (they cannot be paired yet)

    @property
    def other_kind(self) -> str:
        return OTHER[self.kind]


def interest_options(uow: UnitOfWork, *, viewer: User | None, kind: str, listing_id: int) -> InterestOptions:
    """The viewer's published listings that can be paired with `listing_id` (none for brokers and admins)."""
    with uow:
        listing = registry.get_listing(uow, kind=kind, viewer=viewer, listing_id=listing_id)
        wanted_role = Role.SEEKER if kind == "achievement" else Role.SUPPLIER
        if viewer is None or viewer.role != wanted_role or viewer.organization_id is None \
                or viewer.organization_id == listing.organization_id or listing.status != ListingStatus.PUBLISHED:
            return InterestOptions(kind, listing, "")
        mine = listing_queries.published_of_organization(uow, OTHER[kind], viewer.organization_id)
        drafts = len(listing_queries.ids_of_organization(uow, OTHER[kind], viewer.organization_id)) - len(mine)
        repo = uow.repo(EngagementRepository)
        options = []
        for own in mine:
            assert own.id is not None and listing.id is not None
            pair = (listing.id, own.id) if kind == "achievement" else (own.id, listing.id)
            options.append(InterestOption(own, repo.for_pair(*pair)))
        return InterestOptions(kind, listing, str(viewer.role), options, drafts)
