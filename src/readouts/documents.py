"""The input of every step: a document's text, with its label and where it came from."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from readouts.errors import InputError
from readouts.spans import Span


@dataclass(frozen=True)
class Document:
    """One account of an event. Every offset readouts reports indexes ``text``.

    ``text`` must be valid Unicode: a lone surrogate (``"\\udce9"``, what Python makes of
    an undecodable byte) raises :class:`~readouts.errors.InputError`, since no offset into
    such text could be shown or written. ``date`` is the day of publication (ISO,
    "2026-03-14"), what its relative times ("next year", "on Monday") are read from; without
    it, the first full date in the text is.

    ``heading`` is where the headline is when the loader knows it (an HTML page's
    ``<title>`` or ``<h1>``); otherwise :attr:`title` finds it in the text.

    >>> Document("Li met Volodin.", label="Xinhua").label
    'Xinhua'
    >>> Document("Li meets Volodin\\n\\nLi met Volodin on Monday.").title
    Span(start=0, end=16, text='Li meets Volodin')
    """

    text: str
    label: str | None = None
    path: str | None = None
    date: str | None = None
    heading: Span | None = None
    # The language the text is in (en, ru, zh); None: detected when it is read.
    lang: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(self._source(), f"text must be a str, not {type(self.text).__name__}")
        try:
            self.text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InputError(
                self._source(),
                f"text is not valid Unicode (a lone surrogate at offset {error.start})",
            ) from error
        if self.lang is not None:
            from readouts.languages import check_code

            object.__setattr__(self, "lang", check_code(self.lang, self._source()))
        heading = self.heading
        if heading is not None and not (
            isinstance(heading, Span)
            and 0 <= heading.start < heading.end <= len(self.text)
            and self.text[heading.start : heading.end] == heading.text
        ):
            raise InputError(self._source(), "heading is not a span of the text")

    @cached_property
    def title(self) -> Span | None:
        """The document's headline: ``heading`` when given, else what
        :func:`title_span` finds in the text (its first line, when that reads as one)."""
        return self.heading if self.heading is not None else title_span(self.text)

    def _source(self) -> str:
        return printable(self.label or self.path or "document")

    @property
    def name(self) -> str:
        """The label, else the file name, else a placeholder; always printable (an
        undecodable byte in a file name is shown as its escape, ``\\xe9``)."""
        if self.label:
            return printable(self.label)
        if self.path:
            return printable(self.path.replace("\\", "/").rsplit("/", 1)[-1])
        return "document"


def printable(text: str) -> str:
    """``text`` with lone surrogates shown as escapes, so it can be printed and written.

    A file name with bytes that are not UTF-8 reaches Python with each such byte as a
    surrogate (``"r\\udce9sum.txt"``); it is shown as the byte's escape (``r\\xe9sum.txt``).

    >>> printable("r\\udce9sum.txt")
    'r\\\\xe9sum.txt'
    >>> printable("Москва")
    'Москва'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def distinct_labels(paths: Sequence[str]) -> list[str]:
    """For each path, the shortest trailing part that no other path in ``paths`` shares.

    >>> distinct_labels(["mfa/ru/readout.txt", "mfa/cn/readout.txt", "tass.txt"])
    ['ru/readout.txt', 'cn/readout.txt', 'tass.txt']
    """
    parts = [os.path.normpath(path).replace("\\", "/").strip("/").split("/") for path in paths]
    labels = []
    for index, own in enumerate(parts):
        depth = 1
        while depth < len(own) and any(
            other[-depth:] == own[-depth:] for j, other in enumerate(parts) if j != index
        ):
            depth += 1
        labels.append("/".join(own[-depth:]))
    return labels


def with_distinct_labels(documents: Sequence[Document]) -> list[Document]:
    """``documents`` with the unlabelled ones named by :func:`distinct_labels` of their
    paths (a label that only repeats the file name counts as no label), and those with
    neither label nor path as "document 1", "document 2", ... by position.

    >>> [d.name for d in with_distinct_labels([Document("a."), Document("b.", label="TASS")])]
    ['document 1', 'TASS']
    """
    def unlabelled(document: Document) -> bool:
        if not document.label:
            return True
        return document.path is not None and document.label == os.path.basename(document.path)

    by_path = [d for d in documents if unlabelled(d) and d.path]
    names = dict(zip(map(id, by_path), distinct_labels([d.path or "" for d in by_path])))
    labelled = []
    for position, document in enumerate(documents, start=1):
        if id(document) in names:
            labelled.append(replace(document, label=names[id(document)]))
        elif unlabelled(document):
            labelled.append(replace(document, label=f"document {position}"))
        else:
            labelled.append(document)
    return labelled


TITLE_MAX_CHARS = 200
"""A first line longer than this is a paragraph without a full stop, not a headline."""
TITLE_MAX_WORDS = 30
_LOOK_CHARS = 2_000
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_MARKDOWN_HEADING = re.compile(r"#[ \t]+")
# A line that ends a sentence: a full stop, "!" or "?", then closing quotation marks or
# brackets. A colon, semicolon or comma ends a line that goes on: no headline either.
_ENDS_SENTENCE = re.compile(r"(?:[.!?…。！？][\"'”’»)\]」』）]*|[:;,：；，])$")
_BYLINE = re.compile(r"(?:by|from)\s", re.IGNORECASE)
# A breadcrumb ("Home » World » Asia") or a list of sections ("News | World").
_BREADCRUMB = re.compile(r"[»›|]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Chinese writes no spaces: a headline of four Han characters or more has two words.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{4,}")


def title_span(text: str) -> Span | None:
    """Where ``text``'s headline is: its first line, when that reads as a headline.

    A Markdown heading (``# Li meets Volodin``) is one, the ``#`` left out. Any other first
    line is one when more text follows it and it does not end a sentence (".", "!", "?",
    closing quotes after them; nor ":", ";" or ","), is at most :data:`TITLE_MAX_CHARS`
    characters and :data:`TITLE_MAX_WORDS` words with two words of letters, is not a
    dateline ("BEIJING, Sept. 9 (Xinhua) --"), a byline ("By Jane Doe"), a breadcrumb
    ("Home » World") or a line of figures, and the next line does not go on in lower case
    (hard-wrapped prose). A date line alone ("Wednesday, September 9, 2026") passes here;
    :func:`readouts.claims.extract_claims` drops it with the parser's date entities.

    >>> title_span("# Li meets Volodin\\n\\nThey met.")
    Span(start=2, end=18, text='Li meets Volodin')
    >>> title_span("Li met Volodin.\\nThey talked.") is None
    True
    """
    head = text[:_LOOK_CHARS]
    start = len(head) - len(head.lstrip())
    line_break = _LINE_BREAK.search(head, start)
    if line_break is None:
        return None
    end = line_break.start()
    while end > start and head[end - 1].isspace():
        end -= 1
    if start >= end or not text[line_break.end() :].strip():
        return None
    markdown = _MARKDOWN_HEADING.match(head, start, end)
    if markdown is not None:
        start = markdown.end()
        while end > start and head[end - 1] in "# \t":  # "# Title #": closing hashes
            end -= 1
        return _bounded(text, start, end)
    line = head[start:end]
    if line.startswith("#"):  # "## Section": a heading, but not the document's
        return None
    if _ENDS_SENTENCE.search(line) or _BYLINE.match(line) or _BREADCRUMB.search(line):
        return None
    following = text[line_break.end() : line_break.end() + 1]
    if following[:1].islower():
        return None
    from readouts.attribution.datelines import dateline_spans

    if dateline_spans(line):
        return None
    return _bounded(text, start, end)


def _bounded(text: str, start: int, end: int) -> Span | None:
    line = text[start:end]
    if not 0 < len(line) <= TITLE_MAX_CHARS or len(line.split()) > TITLE_MAX_WORDS:
        return None
    if len(_WORD.findall(line)) < 2 and not _HAN_RUN.search(line):
        return None
    return Span(start, end, line)
