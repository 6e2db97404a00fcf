"""Recognise a document's format from its bytes, and extract the text of PDF and Word files.

The format is told by the content, never by the file name, so a PDF saved as ``.txt`` is
read as a PDF and a text file named ``.pdf`` is read as text:

=================  ==========================================  ===============================
format             recognised by                               read with
=================  ==========================================  ===============================
PDF                starts with ``%PDF-``                       pypdf (text layer only)
Word (.docx)       a ZIP archive (``PK\\x03\\x04``) with a        python-docx
                   ``word/`` part
text and HTML      anything else that decodes as text          :mod:`readouts.load`
=================  ==========================================  ===============================

Other office formats are refused with one line that says what the file is: ZIP-based ones
(an Excel workbook, a PowerPoint deck, OpenDocument, EPUB), the old binary Office files
(``.doc``, ``.xls``: an OLE2 compound file) and RTF.

The text of a PDF or Word file is the *extracted* text, and every offset readouts reports
indexes it (as for HTML). Paragraphs are separated by a blank line, so the sentence splitter
sees headings and paragraphs; within a PDF paragraph the lines the page wrapped are joined
with a space (a wrapped line starting with a capital would otherwise start a sentence), and
a short line such as a dateline or a signature keeps its line break. Pages are separated by
a blank line. A Word document's paragraphs and table cells are read in document order,
tracked insertions included and tracked deletions left out; headers, footers, footnotes,
comments and text boxes are not read.

Hostile files are bounded: the file itself is at most ``max_bytes`` (checked before this
module sees it), its extracted text at most ``max_chars`` characters, a PDF at most
:data:`MAX_PDF_PAGES` pages, and a Word file's parts at most :data:`MAX_DOCX_UNPACKED_BYTES`
(:data:`MAX_DOCX_XML_BYTES` of XML) once unpacked. Decompression inside a PDF is bounded
by pypdf's own limits (75 MB per stream by default, ``pypdf.Configuration``; pypdf 6 and
later), which readouts leaves as they are; python-docx parses XML without expanding
entities. Every problem is one :class:`~readouts.errors.InputError` naming the file: a PDF
without a text layer (a scanned document), an encrypted PDF that needs a password (one
encrypted with an empty password, which only restricts printing or copying, is read), a
damaged file, an unsupported format.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readouts.errors import InputError

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

PDF = "pdf"
DOCX = "docx"
TEXT = "text"

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"

MAX_PDF_PAGES = 2_000
"""More pages than this is refused: extracting a page's text costs up to a few tenths of a
second, and a hostile file can declare any number of them."""

MAX_DOCX_UNPACKED_BYTES = 200_000_000
"""The most bytes a Word file's parts may unpack to (python-docx reads every part, pictures
included, into memory). The sizes are the ones the ZIP declares, and Python's zipfile never
inflates a member past its declared size, so a ZIP bomb is refused before it is inflated."""
MAX_DOCX_XML_BYTES = 50_000_000
"""The most bytes a Word file's XML parts may unpack to: parsed, XML takes several times
its size in memory, and a 300-page report's main part is under 10 MB."""
MAX_DOCX_PARTS = 10_000

SUPPORTED = "readouts reads plain text, HTML, PDF and Word (.docx) files"
# What a ZIP archive is, by a part only that format has; the first match names it.
_ZIP_KINDS = (
    ("xl/", "an Excel workbook, .xlsx"),
    ("ppt/", "a PowerPoint presentation, .pptx"),
    ("visio/", "a Visio drawing, .vsdx"),
    ("META-INF/container.xml", "an EPUB book or OpenDocument file"),
)
_MAX_REASON = 160
# Characters that do not belong in extracted text: C0 controls other than tab and newline,
# DEL, and the C1 controls (a PDF font without a usable mapping yields them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def sniff(data: bytes, *, source: str) -> str:
    """The format of ``data``: :data:`PDF`, :data:`DOCX` or :data:`TEXT`.

    Raises :class:`~readouts.errors.InputError` for a format readouts recognises but does
    not read (another ZIP-based format, an old binary Office file, RTF) and for a ZIP
    archive too damaged to tell.

    >>> sniff(b"%PDF-1.7 ...", source="a.txt"), sniff(b"Li met Volodin.", source="a.pdf")
    ('pdf', 'text')
    """
    if data.startswith(PDF_MAGIC):
        return PDF
    if data.startswith(ZIP_MAGIC):
        names = _zip_names(data, source=source)
        if any(name.startswith("word/") for name in names):
            return DOCX
        raise InputError(
            source, f"is not a supported format ({_zip_kind(data, names)}); {SUPPORTED}"
        )
    if data.startswith(OLE2_MAGIC):
        raise InputError(
            source,
            "is not a supported format (an old binary Office file: .doc, .xls or .ppt); "
            "save it as .docx or PDF",
        )
    if data.lstrip(b"\xef\xbb\xbf").startswith(RTF_MAGIC):
        raise InputError(
            source, "is not a supported format (RTF); save it as .docx, PDF or plain text"
        )
    return TEXT


# --- PDF -------------------------------------------------------------------------------


# What pypdf lets escape from a damaged file besides its own errors: its documentation says
# "broken PDF files might cause other Exceptions", and these are the ones its parser raises
# on truncated, mistyped or deeply nested objects (found by fuzzing; each one seen is pinned
# in tests/test_hostile_inputs.py). Only pypdf's calls run inside the handler.
def _pdf_broken() -> tuple[type[BaseException], ...]:
    import struct
    import zlib

    return (
        ValueError,  # includes UnicodeDecodeError and binascii.Error
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        AssertionError,
        NameError,  # UnboundLocalError inside pypdf 6.0's xref reader
        RuntimeError,  # includes RecursionError
        ArithmeticError,  # OverflowError, ZeroDivisionError
        EOFError,
        struct.error,
        zlib.error,
    )


def pdf_text(data: bytes, *, source: str, max_chars: int, max_pages: int = MAX_PDF_PAGES) -> str:
    """The text layer of a PDF, paragraph by paragraph, page after page.

    An encrypted PDF that opens without a password (only its permissions are protected, as
    many official documents are) is read; one that needs a password is refused.
    """
    from pypdf import PdfReader
    from pypdf import errors as pdf_errors
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    # pypdf 6+ stops inflating a stream past its limit (75 MB); older versions have no
    # such error, and an empty tuple catches nothing.
    limit_reached = getattr(pdf_errors, "LimitReachedError", ())

    _quiet_pypdf()
    extracted: list[tuple[str, list[_Piece]]] = []
    chars = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about every robustness fix
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt(reader, source=source)
            count = len(reader.pages)
            if count > max_pages:
                raise InputError(
                    source, f"too long ({count:,} pages; readouts reads at most {max_pages:,})"
                )
            for page in reader.pages:
                pieces: list[_Piece] = []
                raw = page.extract_text(
                    visitor_text=lambda text, cm, tm, font, size, pieces=pieces: pieces.append(
                        (text, cm, tm, size)
                    )
                )
                chars += len(raw)
                if chars > max_chars:
                    raise InputError(source, _too_much_text(max_chars))
                extracted.append((raw, pieces))
    except FileNotDecryptedError as error:
        raise InputError(source, _NEEDS_PASSWORD) from error
    except limit_reached as error:
        raise InputError(
            source, f"too large once decompressed (pypdf stopped: {_reason(error)})"
        ) from error
    except DependencyError as error:  # "cryptography>=3.1 is required for AES algorithm"
        raise InputError(
            source, f"cannot be read without another package ({_reason(error)})"
        ) from error
    except NotImplementedError as error:  # an encryption method pypdf does not implement
        what = "is an encrypted PDF that" if b"/Encrypt" in data else "uses a PDF feature"
        raise InputError(source, f"{what} readouts cannot open ({_reason(error)})") from error
    except (PyPdfError, *_pdf_broken()) as error:
        raise InputError(source, f"is a damaged PDF ({_reason(error)})") from error
    pages = [text for text in (_page_text(raw, pieces) for raw, pieces in extracted) if text]
    if not pages:
        raise InputError(
            source,
            "is a PDF with no text layer (a scanned document?); run OCR on it first "
            "(for example with ocrmypdf) and load the result",
        )
    text = "\n\n".join(pages)
    if len(text) > max_chars:
        raise InputError(source, _too_much_text(max_chars))
    return text


def _too_much_text(max_chars: int) -> str:
    return f"too large (more than {max_chars:,} characters of text; the limit is {max_chars:,})"


_NEEDS_PASSWORD = (
    "is an encrypted PDF that needs a password; save an unprotected copy and load that"
)


def _decrypt(reader: Any, *, source: str) -> None:
    """Open a PDF encrypted with an empty user password; refuse one that needs a password."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        result = reader.decrypt("")
    except DependencyError as error:
        raise InputError(
            source,
            "is an encrypted PDF (AES) that needs the cryptography package to open: "
            "pip install cryptography",
        ) from error
    if result == PasswordType.NOT_DECRYPTED:
        raise InputError(source, _NEEDS_PASSWORD)


def _quiet_pypdf() -> None:
    """Keep pypdf's log messages about repaired files off the user's terminal.

    pypdf logs a warning for each robustness fix ("Ignoring wrong pointing object"); with
    no handler configured, Python's last-resort handler would print each to standard error.
    A ``NullHandler`` (what a library adds to its own logger) stops that and still lets an
    application that configures logging see them.
    """
    import logging

    logger = logging.getLogger("pypdf")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())


@dataclass
class _Line:
    """One line of a PDF page as pypdf extracted it, with where it starts on the page."""

    text: str
    x: float | None = None
    y: float | None = None
    height: float | None = None


# A piece of text as pypdf reports it to a visitor: text, the current transformation
# matrix, the text matrix where the piece starts, and the font size.
_Piece = tuple[Any, Any, Any, Any]


def _page_text(raw: str, pieces: list[_Piece]) -> str:
    """A page's text with its paragraphs rebuilt from the lines' positions."""
    if "".join(str(piece[0]) for piece in pieces) == raw:
        lines = _lines(pieces)
    else:  # no positions to go by: each line as pypdf gave it
        lines = [_Line(line) for line in raw.split("\n")]
    return _paragraphs([_Line(_clean(line.text), line.x, line.y, line.height) for line in lines])


def _lines(pieces: list[_Piece]) -> list[_Line]:
    """Split pypdf's text pieces into lines. A line starts where its first piece does; its
    height is that of its longest piece (a bullet is often set smaller than its text)."""
    lines = [_Line("")]
    longest = 0
    for text, cm, tm, size in pieces:
        for index, piece in enumerate(str(text).split("\n")):
            if index:
                lines.append(_Line(""))
                longest = 0
            line = lines[-1]
            line.text += piece
            if index or not piece.strip():
                continue  # a piece after a line break inside one report has no position
            x, y, height = _position(cm, tm, size)
            if line.y is None:
                line.x, line.y = x, y
            if len(piece.strip()) > longest:
                line.height, longest = height, len(piece.strip())
    return lines


def _position(cm: Any, tm: Any, size: Any) -> tuple[float | None, float | None, float | None]:
    """Where text drawn with text matrix ``tm`` under ``cm`` starts, and its height."""
    try:
        _, _, c, d, e, f = (float(value) for value in tm)
        ca, cb, cc, cd, ce, cf = (float(value) for value in cm)
        height = float(size) * math.hypot(c * ca + d * cc, c * cb + d * cd)
        x = e * ca + f * cc + ce
        y = e * cb + f * cd + cf
    except (TypeError, ValueError):
        return None, None, None
    if not all(math.isfinite(value) for value in (x, y, height)) or height <= 0:
        return None, None, None
    return x, y, height


_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’»)\]]*$")
# A list item: a bullet, "1." or "1)", "(a)" or "a)", "(iv)" or "iv)". Not "A." or "S.",
# which start wrapped lines with an initial ("S. Lavrov").
_STARTS_ITEM = re.compile(r"^(?:[•◦▪‣●○■□–—*-]\s|\d{1,3}[.)]\s|\(?(?:[a-z]|[ivx]{1,4})\)\s)")


def _paragraphs(lines: list[_Line]) -> str:
    """Join a page's lines: a blank line between paragraphs, a space where a line wrapped.

    A paragraph ends where the next line is further down than the page's usual line
    spacing, is set in another size, starts higher up (a new column), starts a list item,
    or follows a line that ends a sentence and is short (under 3/4 of the page's full
    line) or followed by an indented one. A line under 3/5 of a full line that does not
    end a sentence (a heading in body size, a dateline, an address) keeps its line break;
    any other line wrapped and is joined to the next with a space. Lengths are counted in
    characters, which is close enough in one font and errs towards joining lines.
    """
    texts = [line.text for line in lines if line.text]
    if not texts:
        return ""
    widths = sorted(len(text) for text in texts)
    # The 90th percentile ignores a few overlong lines (a URL); a short page has too few
    # lines for a percentile.
    full_width = widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 10 else widths[-1]
    spacing = _usual_spacing(lines)
    parts: list[str] = []
    previous: _Line | None = None
    blank = False
    for line in lines:
        if not line.text:
            blank = previous is not None
            continue
        if previous is not None:
            parts.append(
                "\n\n"
                if blank
                else _separator(previous, line, full_width=full_width, spacing=spacing)
            )
        parts.append(line.text)
        previous, blank = line, False
    return "".join(parts)


def _usual_spacing(lines: list[_Line]) -> float | None:
    """The median distance between consecutive lines of the same size going down a page."""
    gaps = [
        above.y - below.y
        for above, below in itertools.pairwise(lines)
        if above.y is not None
        and below.y is not None
        and above.height is not None
        and below.height is not None
        and _same_size(above.height, below.height)
        and above.y - below.y > 0.25 * above.height
    ]
    if not gaps:
        return None
    gaps.sort()
    middle = len(gaps) // 2
    return gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2


def _same_size(one: float, other: float) -> bool:
    return abs(one - other) <= 0.15 * max(one, other)


def _separator(above: _Line, below: _Line, *, full_width: int, spacing: float | None) -> str:
    if _STARTS_ITEM.match(below.text):
        return "\n\n"
    if (
        above.y is not None
        and below.y is not None
        and above.height is not None
        and below.height is not None
    ):
        if not _same_size(above.height, below.height):
            return "\n\n"
        gap = above.y - below.y
        if gap <= 0.25 * above.height:  # back up the page: a new column or block
            return "\n\n"
        if spacing is not None and gap > 1.35 * spacing:
            return "\n\n"
    if _ENDS_SENTENCE.search(above.text):
        indented = (
            above.x is not None
            and below.x is not None
            and below.height is not None
            and below.x - above.x > 0.8 * below.height
        )
        if len(above.text) < 0.75 * full_width or indented:
            return "\n\n"
        return " "
    if len(above.text) < 0.6 * full_width:
        return "\n"
    if above.text.endswith("-") and above.text[-2:-1].isalpha() and below.text[:1].islower():
        return ""  # "Russia-" + "China": the hyphen stays, no space
    return " "


def _clean(text: str) -> str:
    """One extracted line, trimmed, with control characters dropped and runs of spaces
    made one, and any lone surrogate (an unmapped UTF-16 code in a PDF string) replaced."""
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _valid_unicode(text)


def _valid_unicode(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (pairs are joined)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# --- Word ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements that only wrap content (a content control, custom XML, a tracked insertion, a
# smart tag, a simple field): their text is read as if they were not there.
_WRAPPERS = frozenset(
    _W + name for name in ("sdt", "sdtContent", "customXml", "ins", "smartTag", "fldSimple")
)


def docx_text(data: bytes, *, source: str, max_chars: int) -> str:
    """The text of a Word document's body: paragraphs and table cells in document order."""
    import zipfile
    import zlib

    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml import etree

    _check_unpacked_size(data, source=source)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        chars = 0
        body = document.element.find(_W + "body")
        for raw in [] if body is None else _block_texts(body):
            text = _valid_unicode(_CONTROL.sub("", raw.replace("\r", "\n")).strip())
            if not text:
                continue
            chars += len(text) + 2
            if chars > max_chars + 2:
                raise InputError(source, _too_much_text(max_chars))
            paragraphs.append(text)
    except ValueError as error:
        # python-docx: "file ... is not a Word file, content type is ..." (a macro-enabled
        # .docm or a .dotx template); also a malformed [Content_Types].xml.
        content_type = re.search(r"content type is '([^']*)'", str(error))
        if content_type:
            raise InputError(
                source,
                f"is not a supported format (a Word file of type {content_type.group(1)}); "
                "save it as a .docx document",
            ) from error
        raise InputError(source, f"is a damaged Word file ({_reason(error)})") from error
    except (
        OpcError,
        PythonDocxError,
        etree.LxmlError,
        zipfile.BadZipFile,
        KeyError,
        EOFError,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # zipfile: "File is encrypted, password required"
        zlib.error,
    ) as error:
        raise InputError(source, f"is a damaged Word file ({_reason(error)})") from error
    if not paragraphs:
        raise InputError(source, "is a Word file with no text")
    return "\n\n".join(paragraphs)


def _block_texts(container: BaseOxmlElement) -> Iterator[str]:
    """The text of each paragraph in ``container`` (a body or a table cell), in order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            yield _paragraph_text(child)
        elif tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):
                for cell in row.iterchildren(_W + "tc"):
                    yield from _block_texts(cell)
        elif tag in _WRAPPERS:
            yield from _block_texts(child)


def _paragraph_text(element: BaseOxmlElement) -> str:
    """A paragraph's text: python-docx's runs and hyperlinks (tabs, breaks), and the runs
    inside wrappers python-docx skips (tracked insertions, content controls)."""
    from docx.oxml.text.hyperlink import CT_Hyperlink
    from docx.oxml.text.run import CT_R

    parts: list[str] = []
    for child in element.iterchildren():
        if isinstance(child, (CT_R, CT_Hyperlink)):
            parts.append(child.text)
        elif child.tag in _WRAPPERS:
            parts.append(_paragraph_text(child))
    return "".join(parts)


def _zip_names(data: bytes, *, source: str) -> list[str]:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise InputError(
            source, f"is a damaged ZIP archive or Word file ({_reason(error)})"
        ) from error


def _zip_kind(data: bytes, names: list[str]) -> str:
    for prefix, kind in _ZIP_KINDS:
        if any(name.startswith(prefix) for name in names):
            return kind
    if "mimetype" in names:
        return "an OpenDocument file"
    return "a ZIP archive"


def _check_unpacked_size(data: bytes, *, source: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise InputError(source, f"is a damaged Word file ({_reason(error)})") from error
    if len(members) > MAX_DOCX_PARTS:
        raise InputError(
            source, f"too large ({len(members):,} parts; the limit is {MAX_DOCX_PARTS:,})"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            source,
            f"too large ({unpacked:,} bytes once unpacked; "
            f"the limit is {MAX_DOCX_UNPACKED_BYTES:,})",
        )
    xml = sum(
        member.file_size
        for member in members
        if member.filename.lower().endswith((".xml", ".rels"))
    )
    if xml > MAX_DOCX_XML_BYTES:
        raise InputError(
            source,
            f"too large ({xml:,} bytes of XML once unpacked; the limit is {MAX_DOCX_XML_BYTES:,})",
        )


def _reason(error: BaseException) -> str:
    """A library's error message cut to one short line, or the error's kind."""
    message = " ".join(str(error).split())
    message = message or type(error).__name__
    if len(message) > _MAX_REASON:
        message = message[: _MAX_REASON - 1] + "…"
    return _valid_unicode(message)
