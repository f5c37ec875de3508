"""Repositories of trading: the only code that reads and writes trade listings and bids."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update

from techbridge.kernel.errors import NotFound
from techbridge.storage.repository import SqlRepository
from techbridge.trading import tables
from techbridge.trading.model import Bid, TradeListing


class TradeListingRepository(SqlRepository[TradeListing]):
    model = TradeListing
    table = tables.trade_listings

    def lock(self, listing_id: int) -> bool:
        """Take the listing's row lock for the rest of the transaction, as its first statement.

        An UPDATE (not SELECT … FOR UPDATE) so that PostgreSQL takes the row lock and SQLite its write
        lock before anything is read: two bids are serialised by the database, in any process.
        """
        c = self.table.c
        result = self.session.execute(update(self.table).where(c.id == listing_id).values(bid_seq=c.bid_seq + 1))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def locked(self, listing_id: int) -> TradeListing:
        """The listing under its row lock (see lock), or NotFound."""
        if not self.lock(listing_id):
            raise NotFound("交易公告不存在")
        listing = self.get(listing_id)
        assert listing is not None
        return listing

    def in_statuses(self, statuses: Sequence[str]) -> Sequence[TradeListing]:
        c = self.table.c
        return self.list(c.status.in_(statuses), order_by=c.id.desc())

    def of_organization(self, org_id: int) -> Sequence[TradeListing]:
        c = self.table.c
        return self.list(c.seller_org_id == org_id, order_by=c.id.desc())

    def of_achievement(self, achievement_id: int) -> Sequence[TradeListing]:
        c = self.table.c
        return self.list(c.achievement_id == achievement_id, order_by=c.id.desc())


class BidRepository(SqlRepository[Bid]):
    """Append-only: bids are added, never updated or deleted."""

    model = Bid
    table = tables.trade_bids

    def of_listing(self, listing_id: int) -> Sequence[Bid]:
        c = self.table.c
        return self.list(c.listing_id == listing_id, order_by=c.seq)
