"""Reading policy files: each format in, a clear refusal for anything broken."""

import pytest

from techbridge.kernel.tabular import FileFormatError
from techbridge.policies.files import read_policy_file
from tests.support.documents import make_docx, make_html, make_pdf

LINES = ["关于支持氢能产业发展的若干措施", "一、支持企业开展燃料电池重卡示范应用。"]


def test_a_docx_is_read_paragraph_by_paragraph():
    text, kind = read_policy_file("措施.docx", make_docx(LINES))
    assert kind == "docx" and text.splitlines() == LINES


def test_a_pdf_with_chinese_text_is_read():
    text, kind = read_policy_file("措施.PDF", make_pdf(LINES))
    assert kind == "pdf" and [line for line in text.splitlines() if line] == LINES


def test_html_keeps_the_heading_and_paragraphs_and_drops_scripts_menus_and_footers():
    text, kind = read_policy_file("page.html", make_html(LINES[0], [LINES[1]]))
    assert kind == "html" and text.splitlines() == LINES
    assert "var a" not in text and "新闻中心" not in text and "ICP" not in text


def test_a_gbk_text_file_is_decoded():
    text, _ = read_policy_file("措施.txt", "\n".join(LINES).encode("gbk"))
    assert text.splitlines() == LINES


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "文件是空的"),
    ("blank.pdf", b"   \n", "文件是空的"),
    ("garbage.txt", bytes(range(256)) * 8, "不是文本"),
    ("garbage.docx", bytes(range(256)) * 8, "不是有效的 DOCX"),
    ("garbage.pdf", b"\x00\x01binary" * 50, "不是有效的 PDF"),
    ("scan.pdf", make_pdf([]), "没有可提取的文字"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("sheet.xls", b"x", "不支持的文件类型"),
])
def test_malformed_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(FileFormatError, match=message):
        read_policy_file(name, data)


def test_a_truncated_docx_is_refused():
    data = make_docx(LINES)
    with pytest.raises(FileFormatError, match="已损坏或不完整"):
        read_policy_file("cut.docx", data[: len(data) // 2])


def test_a_truncated_pdf_is_refused_rather_than_read_in_part():
    data = make_pdf(LINES)
    with pytest.raises(FileFormatError, match="不完整"):
        read_policy_file("cut.pdf", data[: len(data) - 60])


def test_a_pdf_renamed_to_txt_is_not_read_as_text():
    with pytest.raises(FileFormatError, match="不是文本"):
        read_policy_file("renamed.txt", make_pdf(LINES))
