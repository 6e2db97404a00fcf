"""Step 1: turn files, PDF and Word documents, HTML pages and standard input into
:class:`Document` objects.

What a file holds is told from its bytes, never from its name (see
:mod:`readouts.formats`): ``%PDF-`` is a PDF, a ZIP archive with a ``word/`` part is a Word
document, and anything else must be text.

Text is UTF-8 (with or without a byte-order mark), or UTF-16 or UTF-32 *with* a byte-order
mark (what Windows tools write when they say "Unicode"). Its decoded characters are kept
exactly, line endings included (``\n``, ``\r\n`` or a lone ``\r``, never translated), so
offsets index the file's text. HTML (a ``.html``/``.htm``/``.xhtml`` name, or content that
starts like a page) is reduced to its main text with trafilatura, so breadcrumbs, tag lists
and photo captions do not become claims; offsets then index that extracted text, as they do
the text extracted from a PDF or Word file.

A page's headline is its title (:attr:`Document.title`): the title trafilatura reads from
its metadata (``og:title``, ``<h1>``, ``<title>`` without the site's name). When the
extracted text starts with that title (or a line that contains it, or that it contains),
that first line is the title; otherwise the title is put before the extracted text with a
blank line after it, so that the headline, which trafilatura often leaves out of the main
text, is still compared and every offset still indexes the document's text. A Markdown
file's leading ``# heading`` and a text file's first line without a full stop are found
from the text itself (:func:`readouts.documents.title_span`).

Only regular files are read: a FIFO, socket or device named as a document is refused
without being opened for reading (opening a FIFO would wait for a writer), and ``-`` reads
standard input. Every read is bounded by ``max_bytes`` and done in chunks, so a large limit
never allocates memory up front. Nothing in a document is executed or fetched.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from readouts.documents import TITLE_MAX_CHARS, Document
from readouts.errors import InputError
from readouts.formats import DOCX, PDF, docx_text, pdf_text, sniff
from readouts.spans import Span

# About a minute of work on one slow core (45 s per MB of English: docs/benchmarks.md).
DEFAULT_MAX_BYTES = 1_300_000
STDIN = "-"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
READ_CHUNK_BYTES = 1 << 20
"""Files and standard input are read this many bytes at a time, up to the limit."""
# An HTML page may start with comments ("<!-- saved from url=... -->"); matched on the
# decoded text, so a UTF-16 page is recognised too.
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SNIFF_CHARS = 8192
# Fewer words than this is page furniture ("Home"), not an article.
MIN_ARTICLE_WORDS = 3
# Characters that do not occur in text: C0 controls other than tab, newline, form feed, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Byte-order marks, the longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
)
# Kinds of file that are not regular files, by the test that tells them.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# Opened without waiting (a FIFO that appeared after the check) and without becoming the
# controlling terminal; the flags do not exist on every system.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


@dataclass(frozen=True)
class Loaded:
    """What loading many documents gave: the documents that loaded, in order; the
    ``failures``, one :class:`~readouts.errors.InputError` per file or folder that could
    not be used (each names it); and the files ``skipped`` inside folders (FIFOs, sockets,
    devices, broken symbolic links), also named, which are warnings rather than failures."""

    documents: list[Document]
    failures: list[InputError]
    skipped: list[InputError]


def load(path: str, label: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one document from ``path`` (``"-"`` reads standard input).

    Raises :class:`~readouts.errors.InputError` naming the file and the problem when the
    file is missing, unreadable, not a regular file, binary, not text in UTF-8 (or UTF-16
    or UTF-32 with a byte-order mark), a PDF or Word file without text, damaged or
    encrypted, empty, or larger than ``max_bytes``.

    >>> load("meeting.txt").label  # doctest: +SKIP
    'meeting.txt'
    """
    if path == STDIN:
        data = _read_stdin(max_bytes)
        return from_bytes(
            data, source="<stdin>", label=label or "stdin", path=None, max_bytes=max_bytes
        )
    data = _read_file(path, max_bytes)
    is_html = path.lower().endswith(HTML_SUFFIXES)
    return from_bytes(
        data,
        source=path,
        label=label or os.path.basename(path),
        path=path,
        max_bytes=max_bytes,
        html=is_html or None,
    )


def from_bytes(
    data: bytes,
    *,
    source: str,
    label: str | None = None,
    path: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool | None = None,
) -> Document:
    """Recognise, decode and validate raw bytes.

    A PDF or Word file is recognised from its content whatever ``html`` says, and its
    extracted text may hold at most ``max_bytes`` characters. For text, ``html=None``
    sniffs the content, ``True`` extracts a page's main text, ``False`` keeps it verbatim.
    """
    if len(data) > max_bytes:
        raise InputError(source, f"too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    kind = sniff(data, source=source)
    heading: Span | None = None
    if kind == PDF:
        text = pdf_text(data, source=source, max_chars=max_bytes)
    elif kind == DOCX:
        text = docx_text(data, source=source, max_chars=max_bytes)
    else:
        text = decode_text(data, source=source)
        if html is None:
            html = bool(_HTML_SNIFF.match(text[:_HTML_SNIFF_CHARS]))
        if html:
            page = text
            text = extract_main_text(page, source=source)
            text, heading = with_page_title(text, page_title(page))
    if not text.strip():
        raise InputError(source, "is empty")
    try:
        return Document(text=text, label=label, path=path, heading=heading)
    except InputError as error:  # the text is not valid Unicode: name the file, not the label
        raise InputError(source, error.problem) from error


def decode_text(data: bytes, *, source: str) -> str:
    """The characters of a text file, exactly (no newline translation, the byte-order mark
    dropped), or an :class:`~readouts.errors.InputError` saying why it is not text.

    >>> decode_text(b"\\xff\\xfeL\\x00i\\x00\\r\\x00", source="a.txt")
    'Li\\r'
    """
    codec, name, mark = "utf-8", "UTF-8", b""
    for bom, bom_codec, bom_name in _BYTE_ORDER_MARKS:
        if data.startswith(bom):
            codec, name, mark = bom_codec, bom_name, bom
            break
    body = data[len(mark) :]
    if codec == "utf-8" and b"\x00" in body:
        if _looks_like_utf16(body):
            raise InputError(
                source,
                "looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                "(or as UTF-16 with a byte-order mark)",
            )
        raise InputError(source, "looks like a binary file (it contains NUL bytes)")
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        where = len(mark) + error.start
        if name == "UTF-8":
            raise InputError(
                source, f"is not UTF-8 text (invalid byte at offset {where})"
            ) from error
        raise InputError(
            source, f"is not {name} text ({error.reason} at byte offset {where})"
        ) from error
    if "\x00" in text:
        raise InputError(source, "looks like a binary file (it contains NUL characters)")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(source, "looks like a binary file (it contains control characters)")
    if mark and name != "UTF-8" and _unassigned(text) > max(8, len(text) // 100):
        # Bytes after a UTF-16 mark nearly always decode; binary data shows as characters
        # no script uses (unassigned or private-use code points).
        raise InputError(source, f"looks like a binary file (it is not {name} text)")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Whether ``data`` is ASCII-range text in UTF-16: a NUL at nearly every other byte."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.9


def _unassigned(text: str) -> int:
    return sum(1 for character in text if unicodedata.category(character) in ("Cn", "Co"))


def extract_main_text(html: str, *, source: str) -> str:
    """The article text of an HTML page, without navigation, tags or captions."""
    import trafilatura  # heavy: imported only when a page is read

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not text or len(re.findall(r"\w+", text)) < MIN_ARTICLE_WORDS:
        raise InputError(source, "no article text found in this HTML page")
    return text


def page_title(html: str) -> str | None:
    """The title trafilatura finds in a page's metadata, on one line, or ``None`` (none,
    or one too long or too short to be a headline)."""
    import trafilatura  # heavy: imported only when a page is read

    try:
        metadata = trafilatura.extract_metadata(html)
    except (ValueError, TypeError, AttributeError):  # a page too broken for metadata
        return None
    title = " ".join(str(getattr(metadata, "title", None) or "").split())
    if not title or len(title) > TITLE_MAX_CHARS or len(title.split()) < 2:
        return None
    return title


def with_page_title(text: str, title: str | None) -> tuple[str, Span | None]:
    """The extracted ``text`` and where the page's ``title`` is in it.

    The first line is the title when it is the title or one contains the other (whatever
    the case and spacing); otherwise the title and a blank line go before the text.

    >>> with_page_title("Li meets Volodin\\nThey met.", "Li meets Volodin | TASS")
    ('Li meets Volodin\\nThey met.', Span(start=0, end=16, text='Li meets Volodin'))
    >>> with_page_title("They met.", "Li meets Volodin")
    ('Li meets Volodin\\n\\nThey met.', Span(start=0, end=16, text='Li meets Volodin'))
    """
    if title is None:
        return text, None
    start = len(text) - len(text.lstrip())
    newline = text.find("\n", start)
    end = len(text) if newline < 0 else newline
    while end > start and text[end - 1].isspace():
        end -= 1
    first = " ".join(text[start:end].split()).casefold()
    wanted = title.casefold()
    contained = len(first.split()) >= 2 and (first in wanted or wanted in first)
    if first and (first == wanted or contained):
        return text, Span(start, end, text[start:end])
    return f"{title}\n\n{text}", Span(0, len(title), title)


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(path)
        _check_regular(path, info.st_mode)
        if info.st_size > max_bytes:
            raise InputError(
                path, f"too large ({info.st_size:,} bytes; the limit is {max_bytes:,})"
            )
        descriptor = os.open(path, _OPEN_FLAGS)
        with open(descriptor, "rb") as handle:
            # The name may have been replaced by a FIFO since the check: ask the open file.
            _check_regular(path, os.fstat(handle.fileno()).st_mode)
            return _read_stream(handle, path, max_bytes)
    except FileNotFoundError as error:
        problem = "is a broken symbolic link" if os.path.islink(path) else "no such file"
        raise InputError(path, problem) from error
    except PermissionError as error:
        raise InputError(path, "permission denied") from error
    except IsADirectoryError as error:
        raise InputError(path, "is a directory, not a file") from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error
    except ValueError as error:  # os.stat: "embedded null byte"
        raise InputError(path, f"is not a usable file name ({error})") from error


def _check_regular(path: str, mode: int) -> None:
    """Refuse a directory or a special file (FIFO, socket, device) before reading it."""
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(path, f"is not a regular file ({special_file_kind(mode)})")


def special_file_kind(mode: int) -> str:
    """What a file that is not a regular file or a directory is, for a message.

    >>> special_file_kind(stat.S_IFIFO)
    'a FIFO'
    """
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            return kind
    return "a special file"


def _read_stdin(max_bytes: int) -> bytes:
    if sys.stdin is None:  # started with standard input closed
        raise InputError("<stdin>", "is closed")
    try:
        return _read_stream(sys.stdin.buffer, "<stdin>", max_bytes)
    except OSError as error:
        raise InputError("<stdin>", f"cannot be read ({error.strerror or error})") from error


def _read_stream(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from ``stream``, read a chunk at a time, so a huge limit never
    allocates a huge buffer; more than the limit is an error."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(READ_CHUNK_BYTES, max_bytes + 1 - total))
        if chunk is None:  # a non-blocking stream with nothing to read yet
            raise InputError(source, "cannot be read (no data without waiting)")
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(source, f"too large (more than {max_bytes:,} bytes)")


def parse_labelled(argument: str) -> tuple[str, str | None]:
    """Split a ``path=Label`` command-line argument; a path without ``=`` has no label.

    A path that exists as given wins, so a file whose name contains ``=`` still loads.
    """
    if "=" in argument and not os.path.exists(argument):
        path, label = argument.rsplit("=", 1)
        if path and label.strip():
            return path, label.strip()
    return argument, None
