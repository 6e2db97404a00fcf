"""The input of every step: a document's text, with its label and where it came from."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from readouts.errors import InputError


@dataclass(frozen=True)
class Document:
    """One account of an event. Every offset readouts reports indexes ``text``.

    ``text`` must be valid Unicode: a lone surrogate (``"\\udce9"``, what Python makes of
    an undecodable byte) raises :class:`~readouts.errors.InputError`, since no offset into
    such text could be shown or written. ``date`` is the day of publication (ISO,
    "2026-03-14"), what its relative times ("next year", "on Monday") are read from; without
    it, the first full date in the text is.

    >>> Document("Li met Volodin.", label="Xinhua").label
    'Xinhua'
    """

    text: str
    label: str | None = None
    path: str | None = None
    date: str | None = None

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
