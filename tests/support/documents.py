"""Small policy files made on the spot for tests: DOCX (python-docx), PDF (written by hand), HTML."""

from __future__ import annotations

import io


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for i, line in enumerate(lines):
        if i == 0:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose Chinese text pypdf can extract.

    The font is the Adobe CJK standard font STSong-Light with the predefined UniGB-UTF16-H
    CMap (no embedding needed), so each line is written as UTF-16BE hex.
    """
    ops = ["BT", "/F1 14 Tf", "16 TL", "50 780 Td"]
    for line in lines:
        ops.append(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_html(title: str, paragraphs: list[str], *, chrome: bool = True) -> bytes:
    nav = "<nav><a href='/'>首页</a><a href='/news'>新闻中心</a></nav>" if chrome else ""
    foot = "<footer>Copyright 2026 某某网 京ICP备00000000号</footer>" if chrome else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} - 某某网</title>"
            f"<script>var a = 1;</script><style>p{{color:red}}</style></head>"
            f"<body>{nav}<h1>{title}</h1><div class='content'>{body}</div>{foot}</body></html>")
    return html.encode("utf-8")
