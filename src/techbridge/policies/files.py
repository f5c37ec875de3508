"""Reading a policy file into plain text: TXT, HTML (lxml), DOCX (python-docx), PDF (pypdf).

Every failure is a `FileFormatError` with a Chinese message saying what is wrong with the
file (empty, truncated, not what its name says, a scan without text); nothing is stored
by the caller when reading fails.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from techbridge.kernel.tabular import FileFormatError, decode_text

MAX_BYTES = 20 * 1024 * 1024  # a policy file larger than this is a scan or an archive, not text
TYPES = {".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}
ACCEPT = ".txt,.html,.htm,.docx,.pdf"
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td", "title",
           "table", "ul", "ol", "blockquote", "dd", "dt", "pre")
_CHROME = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
           "select", "template")


def file_type(name: str) -> str:
    """txt | html | docx | pdf from the file name; anything else is refused."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".doc":
        raise FileFormatError("不支持旧版 Word（.doc）文件：请在 Word 中另存为 .docx 后上传", code="unsupported_format")
    if suffix not in TYPES:
        raise FileFormatError(f"不支持的文件类型“{suffix or name}”：请上传 TXT、HTML、DOCX 或 PDF 文件",
                              code="unsupported_format")
    return TYPES[suffix]


def read_policy_file(name: str, data: bytes) -> tuple[str, str]:
    """(text, type) of an uploaded policy file; raises FileFormatError with the reason."""
    kind = file_type(name)
    if not data or not data.strip():
        raise FileFormatError("文件是空的", code="empty_file")
    if len(data) > MAX_BYTES:
        raise FileFormatError(f"文件过大（{len(data) / 1048576:.1f} MB），政策文件不超过 20 MB", code="too_large")
    reader = {"txt": _read_txt, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}[kind]
    text = reader(data)
    if not text.strip():
        raise FileFormatError("文件中没有可提取的文字", code="no_text")
    return text, kind


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: a binary file renamed to .txt."""
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.02


def _read_txt(data: bytes) -> str:
    if data.startswith((b"%PDF", b"PK\x03\x04")) or _looks_binary(data):
        raise FileFormatError("文件内容不是文本（可能是二进制文件或改了扩展名），无法读取", code="not_text")
    text, _ = decode_text(data)
    if _mostly_unreadable(text):
        raise FileFormatError("文件内容无法识别为文字（编码错误或二进制内容）", code="not_text")
    return text


def _mostly_unreadable(text: str) -> bool:
    """Bytes that decode (GB18030 decodes almost anything) but are not language."""
    sample = text[:4000]
    if not sample:
        return True
    good = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef" or ch in ",.;:!?()[]-—\"'“”‘’《》、·/%")
    rare = sum(1 for ch in sample if "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf")
    return good < len(sample) * 0.8 or rare > len(sample) * 0.05


def _read_html(data: bytes) -> str:
    import lxml.html
    from lxml.etree import ParserError

    if _looks_binary(data):
        raise FileFormatError("文件内容不是 HTML 文本，无法读取", code="not_text")
    text, _ = decode_text(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as err:
        raise FileFormatError(f"HTML 无法解析：{err}", code="bad_html") from None
    for element in root.iter(*_CHROME):
        element.drop_tree()
    heading = root.find(".//h1")
    title = root.findtext(".//title") or ""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag in ("br",):
            continue
        element.text = "\n" + (element.text or "")
    body = root.find("body")
    content = (body if body is not None else root).text_content()
    lines = [re.sub(r"\s+", " ", line).strip() for line in content.splitlines()]
    lines = [line for line in lines if line]
    if heading is None and title.strip() and (not lines or lines[0] != title.strip()):
        lines.insert(0, title.strip())  # the page title stands in for a missing <h1>
    return "\n".join(lines)


def _read_docx(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data.startswith(b"PK"):
        raise FileFormatError("文件不是有效的 DOCX（Word 2007 及以上）文件", code="bad_docx")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                lines.append(" ".join(cells))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, EOFError) as err:
        raise FileFormatError(f"DOCX 文件已损坏或不完整（可能未下载完），无法读取：{type(err).__name__}",
                              code="bad_docx") from None
    except Exception as err:  # lxml raises its own XML errors for a damaged part
        if type(err).__module__.startswith("lxml"):
            raise FileFormatError("DOCX 文件内容已损坏，无法读取", code="bad_docx") from None
        raise
    return "\n".join(line for line in lines if line.strip())


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip().startswith(b"%PDF"):
        raise FileFormatError("文件不是有效的 PDF 文件", code="bad_pdf")
    if b"%%EOF" not in data[-2048:]:
        # pypdf would rebuild a truncated file's index and return part of the text silently
        raise FileFormatError("PDF 文件不完整（缺少文件结尾，可能未下载完），无法读取", code="bad_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileFormatError("PDF 文件已加密，请先解除密码保护", code="encrypted_pdf")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileFormatError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, EOFError, AttributeError) as err:
        raise FileFormatError(f"PDF 文件已损坏，无法读取：{type(err).__name__}", code="bad_pdf") from None
    text = "\n".join(pages)
    if not text.strip():
        raise FileFormatError("PDF 中没有可提取的文字（可能是扫描件）：请粘贴文字内容后收录", code="no_text")
    return text
