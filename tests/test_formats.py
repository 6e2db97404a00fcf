"""readouts.formats: PDF and Word text with its paragraphs, format told by content, every
refusal in one exact line. Every fixture is made here (tests/fixture_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fixture_files import Line, encrypt_pdf, flowed, make_docx, make_pdf, make_zip

from readouts.errors import InputError
from readouts.formats import DOCX, PDF, TEXT, docx_text, pdf_text, sniff
from readouts.load import from_bytes, load

SUPPORTED = "readouts reads plain text, HTML, PDF and Word (.docx) files"

HEADING = "Ministers hold talks in Kessel"
# Each paragraph as a word processor wraps it; several wrapped lines start with a capital,
# which the sentence splitter would take for a new sentence if the line break stayed.
PARAGRAPHS = [
    [
        "Foreign Minister Tomas Reyes held talks with Foreign Minister Ilona Varga in",
        "Kessel on Monday about trade, energy and the security of the region. Both",
        "Ministers agreed to meet again in Tamsk.",
    ],
    [
        "The two ministers signed twelve agreements on energy and transport, covering",
        "Power lines, rail links and port services along the shared border.",
    ],
]
JOINED = [" ".join(paragraph) for paragraph in PARAGRAPHS]


def write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def refusal(data: bytes, source: str = "doc") -> str:
    with pytest.raises(InputError) as error:
        from_bytes(data, source=source)
    message = str(error.value)
    assert "\n" not in message
    assert error.value.source == source
    return message


# --- PDF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_pdf() -> bytes:
    return make_pdf([flowed(PARAGRAPHS, heading=HEADING)])


def test_pdf_heading_and_paragraphs_are_separated_by_blank_lines(article_pdf):
    document = from_bytes(article_pdf, source="talks.pdf")
    assert document.text == "\n\n".join([HEADING, *JOINED])


def test_pdf_offsets_index_the_extracted_text(article_pdf):
    document = from_bytes(article_pdf, source="talks.pdf")
    start = document.text.index("Ilona Varga")
    assert document.text[start : start + len("Ilona Varga in Kessel")] == "Ilona Varga in Kessel"


def test_pdf_pages_are_separated_by_a_blank_line():
    pages = [flowed([["Li met Volodin on Monday."]]), flowed([["They met again on Tuesday."]])]
    text = from_bytes(make_pdf(pages), source="two.pdf").text
    assert text == "Li met Volodin on Monday.\n\nThey met again on Tuesday."


def test_pdf_blank_pages_are_left_out():
    pages = [[], flowed([["Li met Volodin on Monday."]]), []]
    assert from_bytes(make_pdf(pages), source="p.pdf").text == "Li met Volodin on Monday."


def test_pdf_short_lines_keep_their_line_break():
    # A dateline and a signature block in body size, at body spacing: line breaks stay.
    body = "The ministers discussed the situation in the region and agreed on further steps"
    lines = flowed(
        [[body, "towards a settlement of the dispute over the border.", "Kessel, 5 May", "Office"]]
    )
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert text == (
        f"{body} towards a settlement of the dispute over the border.\n\nKessel, 5 May\nOffice"
    )


def test_pdf_list_items_are_paragraphs():
    lines = flowed(
        [
            [
                "The two sides agreed on the following points, which they will report on",
                "• Energy cooperation between the two countries.",
                "• Transport links along the border.",
            ]
        ]
    )
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert text.endswith(
        "report on\n\n• Energy cooperation between the two countries.\n\n"
        "• Transport links along the border."
    )


def test_pdf_hyphenated_line_end_is_joined_without_a_space():
    lines = flowed(
        [
            [
                "The ministers agreed to expand the cross-border trade in grain and Russia-",
                "China rail freight within two years from the date of signing it.",
            ]
        ]
    )
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert "Russia-China rail freight" not in text  # "China" is capitalised: no join
    lines = flowed(
        [
            [
                "The ministers agreed to expand the trade in grain and to build a cross-",
                "border rail line within two years from the date of signing the deal.",
            ]
        ]
    )
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert "a cross-border rail line" in text


def test_pdf_indented_first_line_starts_a_paragraph():
    full = "The ministers discussed the situation in the region and agreed on the steps."
    lines = [
        Line(full, y=700),
        Line("They will meet again in the autumn to review the agreements signed.", x=90, y=686),
    ]
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert text == full + "\n\n" + lines[1].text


def test_pdf_named_txt_is_read_as_pdf(tmp_path, article_pdf):
    document = load(write(tmp_path, "talks.txt", article_pdf))
    assert document.text.startswith(HEADING + "\n\n")


def test_text_named_pdf_is_read_as_text(tmp_path):
    document = load(write(tmp_path, "notes.pdf", b"Li met Volodin.\r\nThey talked."))
    assert document.text == "Li met Volodin.\r\nThey talked."


def test_pdf_wins_over_an_html_suffix(tmp_path, article_pdf):
    assert load(write(tmp_path, "talks.html", article_pdf)).text.startswith(HEADING)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_encrypted_without_a_user_password_is_read(article_pdf, algorithm):
    data = encrypt_pdf(article_pdf, user_password="", algorithm=algorithm)
    assert from_bytes(data, source="e.pdf").text == "\n\n".join([HEADING, *JOINED])


def test_pdf_that_needs_a_password():
    data = encrypt_pdf(make_pdf([flowed(PARAGRAPHS)]), user_password="secret")
    assert refusal(data, "locked.pdf") == (
        "locked.pdf: is an encrypted PDF that needs a password; "
        "save an unprotected copy and load that"
    )


@pytest.mark.parametrize("pages", [[[]], [[], []]], ids=["one-blank-page", "two-blank-pages"])
def test_pdf_without_a_text_layer(pages):
    assert refusal(make_pdf(pages), "scan.pdf") == (
        "scan.pdf: is a PDF with no text layer (a scanned document?); run OCR on it first "
        "(for example with ocrmypdf) and load the result"
    )


def test_pdf_with_only_spaces_has_no_text_layer():
    message = refusal(make_pdf([[Line("   ")]]), "scan.pdf")
    assert "no text layer" in message


def test_pdf_page_limit():
    data = make_pdf([flowed([["Page text."]])] * 3)
    with pytest.raises(InputError) as error:
        pdf_text(data, source="long.pdf", max_chars=10_000, max_pages=2)
    assert str(error.value) == "long.pdf: too long (3 pages; readouts reads at most 2)"
    assert pdf_text(data, source="long.pdf", max_chars=10_000, max_pages=3)


def test_pdf_text_limit():
    data = make_pdf([flowed(PARAGRAPHS)])
    with pytest.raises(InputError) as error:
        pdf_text(data, source="big.pdf", max_chars=50)
    assert str(error.value) == (
        "big.pdf: too large (more than 50 characters of text; the limit is 50)"
    )
    text = pdf_text(data, source="big.pdf", max_chars=10_000)
    assert pdf_text(data, source="big.pdf", max_chars=len(text)) == text


def test_truncated_pdf_is_one_line():
    data = make_pdf([flowed(PARAGRAPHS)])
    message = refusal(data[:40], "cut.pdf")
    assert message.startswith("cut.pdf: is a damaged PDF (")


def test_pdf_header_alone():
    assert refusal(b"%PDF-1.7\n", "x.pdf").startswith("x.pdf: is a damaged PDF (")


# --- Word ------------------------------------------------------------------------------


def test_docx_paragraphs_and_headings():
    data = make_docx(
        [
            ("Title", HEADING),
            ("Normal", JOINED[0]),
            ("Normal", ""),  # an empty paragraph used as spacing is no paragraph
            ("Heading 1", "Agreements"),
            ("Normal", JOINED[1]),
            ("List Bullet", "Energy cooperation."),
        ]
    )
    text = from_bytes(data, source="talks.docx").text
    assert text == "\n\n".join([HEADING, JOINED[0], "Agreements", JOINED[1], "Energy cooperation."])


def test_docx_line_break_and_tab_inside_a_paragraph():
    text = from_bytes(make_docx([("Normal", "Kessel\t5 May\nOffice")]), source="a.docx").text
    assert text == "Kessel\t5 May\nOffice"


def test_docx_tables_are_read_in_document_order():
    data = make_docx([("Normal", "Before the table.")], table=[["Li met Volodin.", ""], ["", "X."]])
    assert from_bytes(data, source="t.docx").text == "Before the table.\n\nLi met Volodin.\n\nX."


def test_docx_tracked_insertion_is_read_and_deletion_is_not():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = (
        f'<w:p xmlns:w="{w}"><w:r><w:t xml:space="preserve">Li met </w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>Putin</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>Volodin</w:t></w:r></w:ins>'
        "<w:r><w:t>.</w:t></w:r></w:p>"
    )
    assert from_bytes(docx_with_body(body), source="t.docx").text == "Li met Volodin."


def docx_with_body(body_xml: str) -> bytes:
    """A .docx made by python-docx whose body is replaced by ``body_xml``."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(make_docx([("Normal", "placeholder")])))
    members = {name: source.read(name) for name in source.namelist()}
    document = members["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    end = document.index("<w:sectPr")
    members["word/document.xml"] = (document[:start] + body_xml + document[end:]).encode()
    return make_zip(members)


def test_docx_named_txt_is_read_as_docx(tmp_path):
    path = write(tmp_path, "talks.txt", make_docx([("Normal", "Li met Volodin.")]))
    assert load(path).text == "Li met Volodin."


def test_docx_without_text():
    assert refusal(make_docx([("Normal", ""), ("Normal", "  ")]), "blank.docx") == (
        "blank.docx: is a Word file with no text"
    )


def test_docx_text_limit():
    data = make_docx([("Normal", JOINED[0]), ("Normal", JOINED[1])])
    with pytest.raises(InputError) as error:
        docx_text(data, source="big.docx", max_chars=len(JOINED[0]) + 5)
    limit = len(JOINED[0]) + 5
    assert str(error.value) == (
        f"big.docx: too large (more than {limit:,} characters of text; the limit is {limit:,})"
    )
    assert docx_text(data, source="big.docx", max_chars=len(JOINED[0]) + len(JOINED[1]) + 2)


def test_docx_with_broken_xml():
    members = {
        "[Content_Types].xml": b"<Types",
        "word/document.xml": b"<w:document>",
    }
    assert refusal(make_zip(members), "broken.docx").startswith(
        "broken.docx: is a damaged Word file ("
    )


def test_docx_missing_its_parts():
    message = refusal(make_zip({"word/document.xml": b"<x/>"}), "parts.docx")
    assert message.startswith("parts.docx: is a damaged Word file (")


def test_macro_enabled_word_file_is_unsupported():
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(make_docx([("Normal", "Li met Volodin.")])))
    members = {name: source.read(name) for name in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert refusal(make_zip(members), "macro.docm") == (
        "macro.docm: is not a supported format (a Word file of type "
        "application/vnd.ms-word.document.macroEnabled.main+xml); save it as a .docx document"
    )


# --- other formats -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "kind"),
    [
        ({"xl/workbook.xml": b"<workbook/>"}, "an Excel workbook, .xlsx"),
        ({"ppt/presentation.xml": b"<p/>"}, "a PowerPoint presentation, .pptx"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
            "an OpenDocument file",
        ),
        (
            {"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<c/>"},
            "an EPUB book or OpenDocument file",
        ),
        ({"notes.txt": b"Li met Volodin."}, "a ZIP archive"),
    ],
    ids=["xlsx", "pptx", "odt", "epub", "zip"],
)
def test_other_zip_formats_are_refused(members, kind):
    assert refusal(make_zip(members), "file") == (
        f"file: is not a supported format ({kind}); {SUPPORTED}"
    )


def test_damaged_zip_is_one_line():
    data = make_docx([("Normal", "Li met Volodin.")])
    message = refusal(data[:200], "cut.docx")
    assert message.startswith("cut.docx: is a damaged ZIP archive or Word file (")


def test_old_binary_office_file_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert refusal(data, "old.doc") == (
        "old.doc: is not a supported format (an old binary Office file: .doc, .xls or .ppt); "
        "save it as .docx or PDF"
    )


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_rtf_is_refused(prefix):
    assert refusal(prefix + rb"{\rtf1\ansi Li met Volodin.}", "a.rtf") == (
        "a.rtf: is not a supported format (RTF); save it as .docx, PDF or plain text"
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4", PDF),
        (b" %PDF-1.4", TEXT),  # the magic must come first
        (b"Files start with %PDF-1.4 when they are PDFs.", TEXT),
        (b"PK is a name.", TEXT),
        (b"<html><body>", TEXT),
    ],
)
def test_sniff(data, kind):
    assert sniff(data, source="x") == kind


def test_sniff_docx():
    assert sniff(make_docx([("Normal", "x")]), source="x") == DOCX


@pytest.mark.parametrize(
    ("encrypt", "reason"),
    [
        (b"/Filter /Standard /V 9 /R 9", "Encryption V=9 NOT supported"),
        (b"/Filter /Adobe.PubSec /V 2 /R 3", "only Standard PDF encryption handler is available"),
    ],
    ids=["unknown-version", "certificate"],
)
def test_pdf_encrypted_in_a_way_pypdf_cannot_open(encrypt, reason):
    trailer = b"/Encrypt << %s /O <00> /U <00> /P -4 /Length 128 >> /ID [<01> <01>] " % encrypt
    data = make_pdf([flowed(PARAGRAPHS)], trailer_extra=trailer)
    assert refusal(data, "odd.pdf") == (
        f"odd.pdf: is an encrypted PDF that readouts cannot open ({reason})"
    )


def test_pdf_wrapped_line_starting_with_an_initial_is_no_list_item():
    lines = flowed(
        [
            [
                "The talks in Moscow were held on Monday between Foreign Minister Wang Yi and",
                "S. Lavrov, who said the two countries would expand their trade in grain.",
            ]
        ]
    )
    text = from_bytes(make_pdf([lines]), source="p.pdf").text
    assert "Wang Yi and S. Lavrov, who said" in text
