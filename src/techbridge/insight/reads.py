"""How the dashboard reads: period and region helpers, filters, and records loaded straight from other
features' tables (the dashboard is the read side; it never writes another feature's data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Table, and_, func, select
from sqlalchemy.orm import Session

from techbridge.deals import tables as deals_tables
from techbridge.kernel.industries import industry_name
from techbridge.kernel.periods import Period
from techbridge.storage.uow import UnitOfWork

# GB/T 2260 codes sort by province, so a province is a half-open range of codes (index-friendly).
BEIJING_CODES = ("110000", "120000")
TJHB_CODES = ("120000", "140000")
ZERO = Decimal("0.00")
PROVINCE_NAMES = {"11": "北京", "12": "天津", "13": "河北"}
LISTED = ("published", "archived")  # archived listings were offered too
M = TypeVar("M")


def records(uow: UnitOfWork, model: type[M], *where: Any, order_by: Any = (), limit: int | None = None,
            offset: int = 0) -> list[M]:
    """Mapped records of another feature, read straight from its tables (the dashboard only reads)."""
    stmt = select(model).where(*where).order_by(*order_by).offset(offset)
    return list(db(uow).scalars(stmt if limit is None else stmt.limit(limit)))


def count_rows(uow: UnitOfWork, table: Table, *where: Any) -> int:
    return int(db(uow).scalar(select(func.count()).select_from(table).where(*where)) or 0)


def db(uow: UnitOfWork) -> Session:
    """The open session of a unit of work entered by the caller."""
    assert uow.session is not None, "use inside `with uow:`"
    return uow.session


def counts(rows: Any) -> dict[Any, int]:
    """(key, count) rows as a dict of ints."""
    return {key: int(n or 0) for key, n in rows}


def in_codes(column: Any, codes: tuple[str, str]) -> Any:
    return and_(column >= codes[0], column < codes[1])


def money(value: Any) -> Decimal:
    """A SUM from either database as Decimal 万元 with two places (SQLite sums NUMERIC as REAL)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def year_span(year: int) -> tuple[datetime, datetime]:
    """A Beijing calendar year as naive-UTC instants (what the database stores)."""
    return Period.year(year).instants()


def share(part: Any, whole: Any) -> float | None:
    return float(part) / float(whole) if whole else None


@dataclass(frozen=True)
class Filters:
    """Filters shared by the contract figures: signing year, industry chain, contract type."""

    year: int | None = None
    industry: str | None = None
    contract_type: str | None = None
    period: Period | None = None  # narrower than the year (the monthly report's year to date)

    def contracts(self, *, with_year: bool = True) -> list[Any]:
        c = deals_tables.contracts.c
        where: list[Any] = []
        span = self.period or (Period.year(self.year) if self.year else None)
        if with_year and span:
            where += [c.signed_on >= span.start, c.signed_on < span.end]
        if self.industry:
            where.append(c.industry == self.industry)
        if self.contract_type:
            where.append(c.contract_type == self.contract_type)
        return where

    def label(self) -> str:
        parts = [f"{self.year}年" if self.year else "全部年份", industry_name(self.industry) or "全部产业链",
                 self.contract_type or "全部合同类型"]
        return " · ".join(parts)
