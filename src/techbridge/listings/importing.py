"""Import of 成果供给清单 / 技术需求清单 files: validate every row, then write all or nothing.

By default a file with any invalid row is rejected whole and the database is left exactly as
it was. With `partial=True` the valid rows are imported and the rejected ones are written,
with their reasons, to a file in the same format that can be corrected and imported again.
Rows are upserted by (source, external id), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from techbridge.accounts.directory import add_organization
from techbridge.accounts.model import Organization
from techbridge.kernel.clock import beijing_today, utcnow
from techbridge.kernel.errors import ValidationError, ValidationErrors
from techbridge.kernel.regions import PROVINCES
from techbridge.kernel.tabular import FileFormatError, Table, read_table, write_csv, write_jsonl, write_xlsx
from techbridge.listings.columns import COLUMNS, detect_kind, header_key, header_map
from techbridge.listings.events import EventBus, ListingsImported, announce_changes
from techbridge.listings.import_orgs import OrgResolver
from techbridge.listings.model import Listing, ListingStatus
from techbridge.listings.rules import check_deadline
from techbridge.listings.service import kind_of
from techbridge.listings.similarity import near_duplicate_pairs
from techbridge.listings.validation import ListingInput
from techbridge.storage.db import reading_only
from techbridge.storage.uow import UnitOfWork

Progress = Callable[[int, int], None]

_STATUS_WORDS = {
    "": None, "published": "published", "已发布": "published", "发布": "published",
    "pending_review": "pending_review", "待审核": "pending_review", "draft": "draft", "草稿": "draft",
    "archived": "archived", "已归档": "archived",
}


@dataclass(frozen=True)
class RowProblem:
    row: int  # row number as shown in the spreadsheet
    column: str  # the column header as written in the file ("" for the whole row)
    message: str


@dataclass(frozen=True)
class NearDuplicate:
    row: int
    title: str
    other: str  # the similar title, in the file (行N) or already stored
    where: str


@dataclass
class ImportReport:
    kind: str = ""
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False
    rejects_file: Path | None = None
    listing_ids: list[int] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems if p.row > 0})

    @property
    def ok(self) -> bool:
        return self.committed and not self.file_error


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]  # as read, header → value
    raw: dict[str, Any]  # field key → value
    data: ListingInput | None = None
    org_key: str = ""
    new_org: Organization | None = None
    key: tuple[str, str] = ("", "")  # (source, external id)


def import_file(
    uow: UnitOfWork, bus: EventBus | None, path: Path, *, kind: str | None = None, source: str = "import",
    partial: bool = False, status: str = "published", owner_id: int | None = None,
    rejects_path: Path | None = None, progress: Progress | None = None, only_org: int | None = None,
    scope: str | None = None,
) -> ImportReport:
    """Import one file; see the module docstring for the all-or-nothing rule."""
    try:
        table = read_table(path)
    except ValidationError as err:
        return ImportReport(kind=kind or "", file_error=err.message)
    return import_table(uow, bus, table, kind=kind, source=source, partial=partial, status=status,
                        owner_id=owner_id, rejects_path=rejects_path or path.with_name(
                            f"{path.stem}.rejected{path.suffix.lower()}"), progress=progress, only_org=only_org,
                        scope=scope)


def import_table(
    uow: UnitOfWork, bus: EventBus | None, table: Table, *, kind: str | None = None, source: str = "import",
    partial: bool = False, status: str = "published", owner_id: int | None = None,
    rejects_path: Path | None = None, progress: Progress | None = None, only_org: int | None = None,
    scope: str | None = None, today: date | None = None,
) -> ImportReport:
    """Import rows already read from a file (or built in memory, as the demo loader does).

    With `only_org` (a member uploading their own organisation's list) every row must belong to
    that organisation: rows naming no organisation are filled in, rows naming another are refused.
    With `scope` (a commission's admin) every row must lie in that province. `today` (Beijing, by
    default the real one) is what an offered demand's deadline may not precede.
    """
    report = ImportReport()
    try:
        kind = kind or detect_kind(table.headers)
        if kind is None:
            raise FileFormatError(
                "无法判断文件是成果清单还是需求清单：请检查表头（应含“成果名称”或“需求名称”），"
                "如果表头是乱码，可能是文件编码不对", code="unknown_kind"
            )
        report.kind = kind
        columns = _map_columns(table, kind)
    except ValidationError as err:
        report.file_error = err.message
        return report
    rows = [_Row(n, cells, {columns[h]: v for h, v in cells.items() if h in columns})
            for n, cells in zip(table.row_numbers, table.rows, strict=True)]
    report.total_rows = len(rows)
    key_to_header = {key: header for header, key in columns.items()}
    # Validation only reads: it holds no write lock (other users keep writing while a big file is
    # checked) and reports its progress; the writing transaction below is as short as it can be.
    with reading_only(), uow:
        orgs = OrgResolver(uow, only_org)
        today = today or beijing_today()
        for done, row in enumerate(rows, start=1):
            report.problems.extend(_validate_row(row, kind, orgs, key_to_header, status, today, scope))
            if progress and (done % 200 == 0 or done == len(rows)):
                progress(done, len(rows))
        report.problems.extend(_duplicate_keys(rows, source, key_to_header, {p.row for p in report.problems}))
        bad_rows = {p.row for p in report.problems}
        good = [r for r in rows if r.number not in bad_rows]
        existing = _existing_listings(uow, kind, good, source)
        report.near_duplicates = _near_duplicates(uow, kind, good, orgs, existing)
    if bad_rows and not partial:
        return report  # nothing written
    with uow:
        orgs = OrgResolver(uow, only_org)  # again, inside the writing transaction: someone may have registered since
        for row in good:
            row.org_key, row.new_org = orgs.resolve(row.raw, "高校" if kind == "achievement" else "企业")
        existing = _existing_listings(uow, kind, good, source)
        ids = _upsert(uow, kind, good, orgs, existing, report, status=status, owner_id=owner_id)
        announce_changes(uow, kind, ids)
        uow.commit()
    report.committed = True
    report.listing_ids = ids
    if bad_rows and partial and rejects_path is not None:
        report.rejects_file = _write_rejects(table, rows, report.problems, rejects_path)
    if bus and ids:
        bus.publish(ListingsImported(kind, tuple(ids)))
    return report


def _duplicate_keys(rows: list[_Row], source: str, key_to_header: dict[str, str], bad: set[int]) -> list[RowProblem]:
    """Two rows of one file with the same 编号 would silently overwrite each other: refuse the later ones."""
    seen: dict[tuple[str, str], int] = {}
    problems = []
    for row in rows:
        if row.number in bad or row.data is None:
            continue
        key = _row_key(row, source)
        if key in seen:
            given = str(row.raw.get("external_id") or "").strip()
            what = f"编号“{given}”" if given else "同一单位的同名条目"
            problems.append(RowProblem(row.number, key_to_header.get("external_id", "") if given else "",
                                       f"{what}与第{seen[key]}行重复，同一文件中每条只能出现一次"))
        else:
            seen[key] = row.number
    return problems


def _map_columns(table: Table, kind: str) -> dict[str, str]:
    """header as written → field key; raises when required columns are missing."""
    known = header_map(kind)
    columns = {h: known[header_key(h)] for h in table.headers if header_key(h) in known}
    missing = [c.header for c in COLUMNS[kind] if c.required and c.key not in columns.values()]
    if missing:
        raise FileFormatError(
            f"缺少必需的列：{'、'.join(missing)}（请使用平台模板的表头）", code="missing_columns"
        )
    return columns


def _validate_row(row: _Row, kind: str, orgs: OrgResolver, key_to_header: dict[str, str], status: str,
                  today: date, scope: str | None = None) -> list[RowProblem]:
    spec = kind_of(kind)
    errors: list[ValidationError] = []
    try:
        row.org_key, row.new_org = orgs.resolve(row.raw, "高校" if kind == "achievement" else "企业")
    except ValidationError as err:
        errors.append(err)
    raw = dict(row.raw)
    if not str(raw.get("region") or "").strip() and row.org_key in orgs.by_code:
        raw["region"] = orgs.by_code[row.org_key].region_code
    try:
        row.data = spec.validate(raw)
    except ValidationErrors as many:
        errors.extend(many.errors)
    if scope and row.data is not None and row.data.region_code[:2] != scope[:2]:
        errors.append(ValidationError(f"只能导入本地区（{PROVINCES.get(scope, scope)}）的条目", field="region"))
    row_status = _STATUS_WORDS.get(str(raw.get("status") or "").strip().lower(), "?")
    if row_status == "?":
        errors.append(ValidationError(f"未知的状态“{raw['status']}”", field="status"))
    elif (row_status or status) in (ListingStatus.PUBLISHED, ListingStatus.PENDING_REVIEW) and row.data is not None:
        try:  # a demand offered now cannot have closed already; an archived one may have
            check_deadline(getattr(row.data, "deadline", None), today)
        except ValidationErrors as many:
            errors.extend(many.errors)
    return [RowProblem(row.number, key_to_header.get(e.field or "", ""), e.message) for e in errors]


def external_id_of(row: _Row) -> str:
    """The row's own 编号, or a stable id derived from organisation and title."""
    given = str(row.raw.get("external_id") or "").strip()
    if given:
        return given
    assert row.data is not None
    digest = hashlib.sha1(f"{row.org_key}|{row.data.title}".encode()).hexdigest()[:16]
    return f"auto-{digest}"


def _row_key(row: _Row, source: str) -> tuple[str, str]:
    return (str(row.raw.get("source") or "").strip() or source, external_id_of(row))


def _existing_listings(uow: UnitOfWork, kind: str, rows: list[_Row], source: str) -> dict[tuple[str, str], Listing]:
    """Stored listings the rows will update, by (source, external id)."""
    repo = kind_of(kind).repo(uow)
    keys = [_row_key(r, source) for r in rows]
    existing: dict[tuple[str, str], Listing] = {}
    for src in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == src]
        existing.update({(src, k): v for k, v in repo.by_external_ids(src, ids).items()})
        existing.update(_platform_rows(repo, src, ids))
    for row, key in zip(rows, keys, strict=True):
        row.key = key
    return existing


def _upsert(
    uow: UnitOfWork, kind: str, rows: list[_Row], orgs: OrgResolver, existing: dict[tuple[str, str], Listing],
    report: ImportReport, *, status: str, owner_id: int | None,
) -> list[int]:
    spec = kind_of(kind)
    repo = spec.repo(uow)
    for org in {id(r.new_org): r.new_org for r in rows if r.new_org}.values():
        add_organization(uow, org)
    uow.flush()
    touched: list[Listing] = []
    now = utcnow()
    for row in rows:
        assert row.data is not None
        key = row.key
        org = orgs.by_code[row.org_key]
        values = asdict(row.data)
        row_status = _STATUS_WORDS[str(row.raw.get("status") or "").strip().lower()]
        listing = existing.get(key)
        if listing is None:
            listing = spec.cls(title=row.data.title, organization_id=org.id, industry=row.data.industry,  # type: ignore[arg-type]
                               region_code=row.data.region_code, owner_id=owner_id, source=key[0],
                               external_id=key[1], created_at=now)
            _assign(listing, values, org)
            listing.status = row_status or status
            listing.updated_at = now
            listing.published_at = now if listing.status == ListingStatus.PUBLISHED else None
            repo.add(listing)
            existing[key] = listing
            report.created += 1
        elif _assign(listing, values, org) or (row_status and row_status != listing.status):
            listing.status = row_status or listing.status
            listing.updated_at = now
            if listing.status == ListingStatus.PUBLISHED and listing.published_at is None:
                listing.published_at = now
            report.updated += 1
        else:
            report.unchanged += 1
        touched.append(listing)
    uow.flush()
    return [listing.id for listing in touched if listing.id is not None]


def _platform_rows(repo: Any, source: str, ids: list[str]) -> dict[tuple[str, str], Listing]:
    """Rows exported from listings created on the platform carry 编号 TB-A-12 / TB-D-7."""
    if source != "platform":
        return {}
    found = {}
    for ext in ids:
        prefix, _, number = ext.rpartition("-")
        if prefix in ("TB-A", "TB-D") and number.isdigit():
            listing = repo.get(int(number))
            if listing is not None:
                found[(source, ext)] = listing
    return found


def _assign(listing: Listing, values: dict[str, Any], org: Organization) -> bool:
    """Copy validated values onto a listing; True when anything changed.

    The original text is replaced only along with a real change: a file that normalises to
    the same listing (an export imported back) leaves the stored record untouched.
    """
    original = values.pop("original")
    values = {**values, "organization_id": org.id}
    if not values.get("park"):
        values["park"] = listing.park or org.park
    changed = False
    for key, value in values.items():
        if getattr(listing, key) != value:
            setattr(listing, key, value)
            changed = True
    if changed or not listing.original:
        listing.original = original
    return changed


def _near_duplicates(
    uow: UnitOfWork, kind: str, rows: list[_Row], orgs: OrgResolver, existing: dict[tuple[str, str], Listing]
) -> list[NearDuplicate]:
    """Titles of the same organisation that are nearly the same, in the file or already stored.

    A row is never reported against the stored listing it updates.
    """
    repo = kind_of(kind).repo(uow)
    org_ids = [orgs.by_code[r.org_key].id for r in rows if r.org_key in orgs.by_code]
    stored = repo.titles_of_organizations([i for i in org_ids if i is not None])
    items = [(f"row:{r.number}", r.org_key, r.data.title) for r in rows if r.data]
    code_of_org = {o.id: o.credit_code for o in orgs.by_code.values()}
    items += [(f"db:{i}", code_of_org.get(org_id, ""), title) for i, org_id, title in stored]
    updates = {f"row:{r.number}": f"db:{existing[r.key].id}" for r in rows if r.key in existing}
    found = []
    for later, earlier in near_duplicate_pairs(items):
        row_item, other = (later, earlier) if later[0].startswith("row:") else (earlier, later)
        if not row_item[0].startswith("row:") or updates.get(row_item[0]) == other[0]:
            continue
        if other[0].startswith("row:") and updates.get(other[0]) and updates.get(other[0]) == updates.get(row_item[0]):
            continue
        where = f"文件第{other[0][4:]}行" if other[0].startswith("row:") else "已入库条目"
        found.append(NearDuplicate(int(row_item[0][4:]), row_item[2], other[2], where))
    return found


def _write_rejects(table: Table, rows: list[_Row], problems: list[RowProblem], dest: Path) -> Path:
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.column}：{p.message}" if p.column else p.message)
    headers = [*table.headers, "错误原因"]
    out_rows = [[r.cells.get(h, "") for h in table.headers] + ["；".join(reasons[r.number])]
                for r in rows if r.number in reasons]
    if dest.suffix.lower() == ".xlsx":
        write_xlsx(dest, headers, out_rows, sheet_title="未导入的行")
    elif dest.suffix.lower() == ".jsonl":
        write_jsonl(dest, headers, out_rows)
    else:
        write_csv(dest, headers, out_rows, encoding="utf-8-sig" if table.encoding != "gb18030" else "gb18030")
    return dest
