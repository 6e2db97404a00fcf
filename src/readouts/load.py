"""Step 1: turn files, HTML pages and standard input into :class:`Document` objects.

Plain text keeps its decoded characters exactly (no newline translation), so offsets index
the file's text. HTML is reduced to its main text with trafilatura, so breadcrumbs, tag
lists and photo captions do not become claims; offsets then index that extracted text.
Nothing in a document is executed or fetched.
"""

from __future__ import annotations

import os
import re
import sys
from typing import BinaryIO

from readouts.documents import Document
from readouts.errors import InputError

DEFAULT_MAX_BYTES = 5_000_000
STDIN = "-"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# An HTML page may start with a byte-order mark and comments ("<!-- saved from url=... -->").
_HTML_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# Fewer words than this is page furniture ("Home"), not an article.
MIN_ARTICLE_WORDS = 3
# Characters that do not occur in text: C0 controls other than tab, newline, form feed, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def load(path: str, label: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one document from ``path`` (``"-"`` reads standard input).

    Raises :class:`~readouts.errors.InputError` naming the file and the problem when the
    file is missing, unreadable, binary, not UTF-8, empty, or larger than ``max_bytes``.

    >>> load("meeting.txt").label  # doctest: +SKIP
    'meeting.txt'
    """
    if path == STDIN:
        data = _read_stream(sys.stdin.buffer, "<stdin>", max_bytes)
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
    """Decode and validate raw bytes; ``html=None`` sniffs the content."""
    if len(data) > max_bytes:
        raise InputError(source, f"too large ({len(data):,} bytes; the limit is {max_bytes:,})")
    if b"\x00" in data:
        raise InputError(source, "looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            source, f"is not UTF-8 text (invalid byte at offset {error.start})"
        ) from error
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(source, "looks like a binary file (it contains control characters)")
    if html is None:
        html = bool(_HTML_SNIFF.match(data[:8192]))
    if html:
        text = extract_main_text(text, source=source)
    if not text.strip():
        raise InputError(source, "is empty")
    return Document(text=text, label=label, path=path)


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


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        if os.path.isdir(path):
            raise InputError(path, "is a directory, not a file")
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        with open(path, "rb") as handle:
            return _read_stream(handle, path, max_bytes)
    except FileNotFoundError as error:
        raise InputError(path, "no such file") from error
    except PermissionError as error:
        raise InputError(path, "permission denied") from error
    except IsADirectoryError as error:
        raise InputError(path, "is a directory, not a file") from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from error


def _read_stream(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(source, f"too large (more than {max_bytes:,} bytes)")
    return data


def parse_labelled(argument: str) -> tuple[str, str | None]:
    """Split a ``path=Label`` command-line argument; a path without ``=`` has no label.

    A path that exists as given wins, so a file whose name contains ``=`` still loads.
    """
    if "=" in argument and not os.path.exists(argument):
        path, label = argument.rsplit("=", 1)
        if path and label.strip():
            return path, label.strip()
    return argument, None
