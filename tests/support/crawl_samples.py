"""Path parameters for the crawler, taken from the data in the database (the demo data).

For each parameter name the sampler gives one or two real values, preferring records of the
signed-in person (their own listing, booking or profile) so that owners' pages render fully,
and a public record besides. A new route whose parameters are not known here fails the crawl
unless some page links to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text


class Samples:
    """Real values of every path parameter the app uses, for one viewer (None: anonymous)."""

    def __init__(self, engine: Engine, email: str | None) -> None:
        self.engine = engine
        user = self._row("SELECT id, organization_id FROM users WHERE email = :e", e=email) if email else None
        self.user_id = user[0] if user else None
        self.org_id = user[1] if user else None
        self.fillers: dict[str, Callable[[str, dict[str, str]], list[Any]]] = {
            "listing_id": self._listing, "org_id": self._org, "engagement_id": self._engagement,
            "key": self._park, "kind": self._kind, "kind_path": lambda path, chosen: ["achievements", "demands"],
            "expert_id": self._expert, "instrument_id": self._instrument, "booking_id": self._booking,
            "policy_id": self._policy, "call_id": self._call, "proposal_id": self._proposal,
            "number": lambda path, chosen: [1], "job_id": self._job, "name": self._job_file,
            "action": lambda path, chosen: ["approve"], "year": lambda path, chosen: [2026],
            "fund_id": self._finance("finance_funds"), "product_id": self._finance("finance_products"),
            "need_id": self._finance("finance_needs"), "deal_id": self._deal,
            "roadshow_id": lambda path, chosen: [self._first("SELECT id FROM roadshows ORDER BY id")],
            "evaluation_id": self._evaluation, "achievement_id": self._achievement,
            "record_id": self._finance("finance_needs"), "slot_id": self._slot,
            "facility_id": self._facility, "request_id": self._pilot_request,
            "carrier_id": lambda path, chosen: [self._first("SELECT id FROM incubation_carriers ORDER BY id")],
            "tenancy_id": lambda path, chosen: [self._first("SELECT id FROM incubation_tenancies ORDER BY id")],
            "landing_id": lambda path, chosen: [self._first("SELECT id FROM landing_records ORDER BY id")],
            "patent_id": self._patent, "what": lambda path, chosen: ["licences"],
        }

    def __call__(self, path: str, param: str, chosen: dict[str, str]) -> list[str] | None:
        filler = self.fillers.get(param)
        if filler is None:
            return None
        values = [v for v in dict.fromkeys(filler(path, chosen)) if v is not None]
        return [str(v) for v in values]

    def _row(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).first()

    def _first(self, sql: str, **params: Any) -> Any:
        row = self._row(sql, **params)
        return row[0] if row else None

    def _evaluation(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM evaluations WHERE owner_org_id = :o ORDER BY id", o=self.org_id or -1)
        return [own, self._first("SELECT id FROM evaluations ORDER BY id")]

    def _achievement(self, path: str, chosen: dict[str, str]) -> list[Any]:
        valued = self._first("SELECT achievement_id FROM valuations ORDER BY id")
        evaluated = self._first("SELECT achievement_id FROM evaluations ORDER BY id")
        return [valued, evaluated, *self._listing("/achievements/", {})]

    def _patent(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT r.id FROM patent_records r JOIN achievements a ON a.id = r.achievement_id "
                          "WHERE a.organization_id = :o ORDER BY r.id", o=self.org_id or -1)
        return [own, self._first("SELECT id FROM patent_records ORDER BY id")]

    def _listing(self, path: str, chosen: dict[str, str]) -> list[Any]:
        if "/trading/" in path:  # trade listings: the viewer's own organisation's and a finished one
            own = self._first("SELECT id FROM trade_listings WHERE seller_org_id = :o ORDER BY id", o=self.org_id or -1)
            return [own, self._first("SELECT id FROM trade_listings WHERE status = 'sold' ORDER BY id"),
                    self._first("SELECT id FROM trade_listings WHERE status = 'bidding' ORDER BY id")]
        kind = chosen.get("kind") or chosen.get("kind_path", "")
        table = "demands" if "demand" in kind or (not kind and "/demands/" in path) else "achievements"
        own = self._first(f"SELECT id FROM {table} WHERE organization_id = :o ORDER BY status = 'published' DESC, id",
                          o=self.org_id) if self.org_id else None
        linked = self._first(f"SELECT t.id FROM {table} t JOIN engagements e ON e.{table[:-1]}_id = t.id "
                             "WHERE t.status = 'published' ORDER BY t.id")
        # every role asks for a confidential one too: it renders for those entitled and answers 404 to the rest
        confidential = self._first(f"SELECT id FROM {table} WHERE visibility = 'brokers_only' ORDER BY id DESC")
        return [own, linked, confidential]

    def _org(self, path: str, chosen: dict[str, str]) -> list[Any]:
        public = self._first("SELECT organization_id FROM achievements WHERE status = 'published' ORDER BY id")
        return [self.org_id, public]

    def _engagement(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first(
            "SELECT e.id FROM engagements e JOIN achievements a ON a.id = e.achievement_id "
            "JOIN demands d ON d.id = e.demand_id WHERE a.organization_id = :o OR d.organization_id = :o "
            "OR e.broker_id = :u ORDER BY e.id", o=self.org_id or -1, u=self.user_id or -1)
        on_confidential = self._first("SELECT e.id FROM engagements e JOIN demands d ON d.id = e.demand_id "
                                      "WHERE d.visibility = 'brokers_only' ORDER BY e.id")
        return [own, self._first("SELECT id FROM engagements ORDER BY id"), on_confidential]

    def _finance(self, table: str) -> Callable[[str, dict[str, str]], list[Any]]:
        def fill(path: str, chosen: dict[str, str]) -> list[Any]:
            own = self._first(f"SELECT id FROM {table} WHERE organization_id = :o ORDER BY id", o=self.org_id or -1)
            return [own, self._first(f"SELECT id FROM {table} WHERE status = 'published' ORDER BY id")]
        return fill

    def _deal(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT d.id FROM finance_deals d JOIN finance_funds f ON f.id = d.fund_id "
                          "JOIN finance_needs n ON n.id = d.need_id WHERE f.organization_id = :o OR n.organization_id = :o "
                          "ORDER BY d.id", o=self.org_id or -1)
        return [own, self._first("SELECT id FROM finance_deals ORDER BY id")]

    def _park(self, path: str, chosen: dict[str, str]) -> list[Any]:
        return [self._first("SELECT park FROM achievements WHERE park IS NOT NULL GROUP BY park "
                            "ORDER BY count(*) DESC, park")]

    def _slot(self, path: str, chosen: dict[str, str]) -> list[Any]:
        return [self._first("SELECT id FROM roadshow_slots WHERE roadshow_id = :r ORDER BY id",
                            r=int(chosen.get("roadshow_id") or 0))]

    def _kind(self, path: str, chosen: dict[str, str]) -> list[Any]:
        if path.startswith("/api/v1/finance/"):
            return ["needs"]
        if path.endswith(".xlsx"):
            return ["achievement", "demand", "match"]
        return ["achievement", "demand"]

    def _expert(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM experts WHERE user_id = :u", u=self.user_id or -1)
        return [own, self._first("SELECT id FROM experts ORDER BY id")]

    def _instrument(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM instruments WHERE organization_id = :o ORDER BY id", o=self.org_id or -1)
        return [own, self._first("SELECT id FROM instruments ORDER BY id")]

    def _booking(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM instrument_bookings WHERE requester_id = :u ORDER BY id", u=self.user_id or -1)
        return [own, self._first("SELECT id FROM instrument_bookings ORDER BY id")]

    def _facility(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM pilot_facilities WHERE organization_id = :o ORDER BY id", o=self.org_id or -1)
        return [own, self._first("SELECT id FROM pilot_facilities ORDER BY id")]

    def _pilot_request(self, path: str, chosen: dict[str, str]) -> list[Any]:
        own = self._first("SELECT id FROM pilot_requests WHERE requester_id = :u ORDER BY id", u=self.user_id or -1)
        return [own, self._first("SELECT id FROM pilot_requests ORDER BY id")]

    def _policy(self, path: str, chosen: dict[str, str]) -> list[Any]:
        return [self._first("SELECT id FROM policies ORDER BY id"),
                self._first("SELECT id FROM policies ORDER BY id DESC")]

    def _call(self, path: str, chosen: dict[str, str]) -> list[Any]:
        if "proposal_id" in path:
            return [self._first("SELECT challenge_id FROM challenge_proposals WHERE organization_id = :o ORDER BY id",
                                o=self.org_id or -1),
                    self._first("SELECT challenge_id FROM challenge_proposals ORDER BY id")]
        return [self._first("SELECT id FROM challenges ORDER BY id")]

    def _proposal(self, path: str, chosen: dict[str, str]) -> list[Any]:
        if "call_id" not in chosen:  # /api/v1/proposals/{proposal_id}/…
            return [self._first("SELECT id FROM challenge_proposals ORDER BY organization_id = :o DESC, id",
                                o=self.org_id or -1)]
        return [self._first("SELECT id FROM challenge_proposals WHERE challenge_id = :c ORDER BY "
                            "organization_id = :o DESC, id", c=int(chosen["call_id"]), o=self.org_id or -1)]

    def _job(self, path: str, chosen: dict[str, str]) -> list[Any]:
        # the demo queues no jobs: a missing one must answer 404 for every role, and a real one renders
        own = self._first("SELECT id FROM background_jobs WHERE created_by = :u ORDER BY id", u=self.user_id or -1)
        return [own, self._first("SELECT id FROM background_jobs ORDER BY id") or 1]

    def _job_file(self, path: str, chosen: dict[str, str]) -> list[Any]:
        return ["report.pdf", "../techbridge.db"]
