"""PDF and Word files made inside the tests, so no binary fixture is checked in.

``make_pdf`` writes a PDF by hand (header, objects, cross-reference table), with each line
of text placed where a word processor would put it; ``make_docx`` uses python-docx.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 612, 792


@dataclass(frozen=True)
class Line:
    """One line of text on a PDF page: its text, where it starts (points from the bottom
    left corner) and its font size."""

    text: str
    x: float = 72
    y: float = 720
    size: float = 11


def flowed(
    paragraphs: Sequence[Sequence[str]],
    *,
    top: float = 720,
    size: float = 11,
    leading: float = 14,
    paragraph_gap: float = 10,
    heading: str | None = None,
    heading_size: float = 16,
) -> list[Line]:
    """Lines laid out as a word processor would: an optional heading, then paragraphs
    (each a list of the lines it wraps into) with extra space between them."""
    lines: list[Line] = []
    y = top
    if heading is not None:
        lines.append(Line(heading, y=y, size=heading_size))
        y -= heading_size + paragraph_gap
    for paragraph in paragraphs:
        for text in paragraph:
            lines.append(Line(text, y=y, size=size))
            y -= leading
        y -= paragraph_gap
    return lines


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_content(lines: Sequence[Line]) -> bytes:
    """A content stream that draws each line with the standard Helvetica font."""
    return b"\n".join(
        b"BT /F1 %g Tf %g %g Td %s Tj ET" % (line.size, line.x, line.y, _pdf_string(line.text))
        for line in lines
    )


def make_pdf(pages: Sequence[Sequence[Line]], *, trailer_extra: bytes = b"") -> bytes:
    """A valid PDF with one page per entry of ``pages`` (an empty entry is a blank page,
    what a scanned page without a text layer looks like to a text extractor)."""
    count = len(pages)
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        content = page_content(lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, 5 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer_extra, xref)
    )
    return out.getvalue()


def encrypt_pdf(
    data: bytes, *, user_password: str, owner_password: str = "owner", algorithm: str = "RC4-128"
) -> bytes:
    """``data`` encrypted with ``algorithm`` (AES ones need the cryptography package)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    blocks: Sequence[tuple[str, str]] = (),
    *,
    table: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A Word document: ``blocks`` are ``(style, text)`` pairs, a style being ``"Title"``,
    ``"Heading 1"``, ``"Normal"`` or ``"List Bullet"``; ``table`` adds a table after them."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style)
    if table is not None:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    """A ZIP archive holding ``members`` (name: content), deflated."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()
