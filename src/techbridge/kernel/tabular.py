"""Reading and writing tables as CSV (UTF-8 or GBK/GB18030), XLSX and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techbridge.kernel.errors import ValidationError

FORMATS = (".csv", ".xlsx", ".jsonl")
MAX_ROWS = 50_000  # one list per file; a province's yearly list is a few thousand rows
MAX_UNZIPPED_BYTES = 100_000_000  # an XLSX is a zip: refuse a small file that inflates to gigabytes
# OWASP "CSV Injection": a cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, Any]]  # header → cell value
    row_numbers: list[int]  # the row number a person sees in the file (header = 1)
    encoding: str = ""


class FileFormatError(ValidationError):
    """The file as a whole cannot be read (encoding, truncation, format)."""


def read_table(path: Path) -> Table:
    """Read a CSV, XLSX or JSONL file into rows keyed by header."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise FileFormatError(f"不支持的文件类型“{suffix}”：请使用 CSV、XLSX 或 JSONL", code="unsupported_format")
    if not path.exists():
        raise FileFormatError(f"找不到文件：{path}", code="file_not_found")
    data = path.read_bytes()
    if not data.strip():
        raise FileFormatError("文件是空的", code="empty_file")
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        return _read_xlsx(data)
    return _read_jsonl(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (GBK's superset)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileFormatError(
        "文件编码无法识别：请在 Excel 中另存为“CSV UTF-8(逗号分隔)”或 GBK 编码的 CSV", code="bad_encoding"
    )


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        all_rows = list(reader)
    except csv.Error as err:
        raise FileFormatError(f"CSV 格式错误：{err}", code="bad_csv") from None
    headers, rows, numbers = _rows_from_matrix(all_rows)
    return Table(headers, rows, numbers, encoding)


def _check_unzipped_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # openpyxl reports a damaged file with its own message
    if inflated > MAX_UNZIPPED_BYTES:
        raise FileFormatError(f"XLSX 文件解压后约 {inflated // 1_000_000} MB，超过 {MAX_UNZIPPED_BYTES // 1_000_000} MB 的上限："
                              "请删除多余的工作表、格式或空白行后重试", code="xlsx_too_large")


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    _check_unzipped_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as err:
        raise FileFormatError(
            f"XLSX 文件已损坏或不完整（可能未下载完），无法读取：{type(err).__name__}", code="bad_xlsx"
        ) from None
    try:
        sheet = book.worksheets[0]
        matrix = []
        for row in sheet.iter_rows(values_only=True):
            matrix.append(["" if v is None else v for v in row])
            if len(matrix) > MAX_ROWS + 1:
                raise FileFormatError(f"文件超过 {MAX_ROWS} 行，请拆分后分批导入", code="too_many_rows")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as err:
        raise FileFormatError(f"XLSX 文件已损坏，无法读取：{type(err).__name__}", code="bad_xlsx") from None
    finally:
        book.close()
    headers, rows, numbers = _rows_from_matrix(matrix)
    return Table(headers, rows, numbers, "xlsx")


def _rows_from_matrix(matrix: Sequence[Sequence[Any]]) -> tuple[list[str], list[dict[str, Any]], list[int]]:
    # the header is the first non-empty row (templates may start with a blank line)
    start = next((i for i, row in enumerate(matrix) if any(str(c).strip() for c in row)), None)
    if start is None:
        raise FileFormatError("文件中没有数据", code="empty_file")
    headers = [str(h).strip() for h in matrix[start]]
    if len(matrix) - start - 1 > MAX_ROWS:
        raise FileFormatError(f"文件超过 {MAX_ROWS} 行，请拆分后分批导入", code="too_many_rows")
    rows, numbers = [], []
    for offset, row in enumerate(matrix[start + 1 :], start=start + 2):
        if not any(str(c).strip() for c in row):
            continue
        cells = [_unescape(c) for c in row] + [""] * (len(headers) - len(row))
        rows.append({h: cells[i] for i, h in enumerate(headers) if h})
        numbers.append(offset)
    return headers, rows, numbers


def _read_jsonl(data: bytes) -> Table:
    text, encoding = decode_text(data)
    rows, numbers, headers = [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise FileFormatError(f"第{number}行不是有效的 JSON：{err.msg}", code="bad_json") from None
        if not isinstance(obj, dict):
            raise FileFormatError(f"第{number}行应为 JSON 对象", code="bad_json")
        for key in obj:
            if key not in headers:
                headers.append(key)
        rows.append(obj)
        numbers.append(number)
    return Table(headers, rows, numbers, encoding)


def _unescape(value: Any) -> Any:
    """Undo the export's formula escape ('=… back to =…), so an exported list imports back unchanged."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def spreadsheet_safe(value: Any) -> Any:
    """A value a spreadsheet will show, never run: text starting with = + - @ tab or CR gets a leading
    apostrophe (OWASP CSV Injection), and the control characters XLSX cannot hold are dropped."""
    if not isinstance(value, str):
        return "" if value is None else value
    value = _XLSX_ILLEGAL.sub("", value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


# The characters XML 1.0 forbids (openpyxl refuses them): C0 controls but tab, LF and CR.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_csv(path: Path, headers: list[str], rows: Iterator[list[Any]] | list[list[Any]], encoding: str = "utf-8-sig") -> None:
    """Write a CSV Excel opens correctly: UTF-8 with BOM by default, or GBK/GB18030."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([spreadsheet_safe(h) for h in headers])
        for row in rows:
            writer.writerow([spreadsheet_safe(v) for v in row])


def write_xlsx(
    path: Path, headers: list[str], rows: Iterator[list[Any]] | list[list[Any]], *, sheet_title: str,
    notes: list[tuple[str, str]] | None = None,
) -> None:
    """Write an XLSX sheet with a bold frozen header row and sensible column widths."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append([spreadsheet_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F5FAD")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [max(8, len(h) * 2 + 2) for h in headers]
    for row in rows:
        values = [spreadsheet_safe(v) for v in row]
        sheet.append(values)
        for i, value in enumerate(values):
            widths[i] = min(60, max(widths[i], len(str(value)) + 2))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    if notes:
        info = book.create_sheet("填写说明")
        info.append(["列名", "说明"])
        for header, note in notes:
            info.append([spreadsheet_safe(header), spreadsheet_safe(note)])
        info.column_dimensions["A"].width = 20
        info.column_dimensions["B"].width = 80
    book.save(path)


def write_jsonl(path: Path, headers: list[str], rows: Iterator[list[Any]] | list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False, default=str) + "\n")
