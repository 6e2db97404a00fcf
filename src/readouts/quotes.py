"""Who said what in each of many documents: the library behind ``readouts quotes``.

``load_documents`` turns command-line paths (files, folders, ``-``) into documents;
``quote_documents`` parses every text in one ``nlp.pipe`` pass, optionally over several
worker processes, and extracts the attributions of each. ``DocumentQuotes.to_dict()`` is
the public JSON Lines contract::

    {"document": {"path": ..., "label": ..., "chars": N},
     "attributions": [{"source": span|null, "cue": span|null, "content": [span, ...],
                       "speaker": str|null, "kind": "direct|indirect|mixed",
                       "via": [str, ...]}]}

where a span is ``{"start": int, "end": int, "text": str}`` indexing the document text.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readouts.attribution import Attribution, extract
from readouts.documents import Document, printable
from readouts.errors import InputError, UsageError
from readouts.load import STDIN, Loaded, load, special_file_kind
from readouts.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")
"""The files a folder argument contributes (case-insensitive); everything else is skipped."""


@dataclass(frozen=True)
class DocumentQuotes:
    """A document and every attribution found in it, in document order.

    >>> DocumentQuotes(Document("No one spoke.", label="x"), ()).to_dict()
    {'document': {'path': None, 'label': 'x', 'chars': 13}, 'attributions': []}
    """

    document: Document
    attributions: tuple[Attribution, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines record of this document (the public contract)."""
        return {
            "document": {
                "path": None if self.document.path is None else printable(self.document.path),
                "label": self.document.name,
                "chars": len(self.document.text),
            },
            "attributions": [attribution.to_dict() for attribution in self.attributions],
        }


def quote_documents(
    documents: Sequence[Document], *, settings: Settings | None = None, jobs: int = 1
) -> list[DocumentQuotes]:
    """Every attribution of every document, in input order.

    All texts are parsed in one ``nlp.pipe`` pass; with ``jobs > 1`` spaCy parses them in
    that many worker processes (at most one per document) while this process extracts
    attributions from the documents already parsed.

    >>> [found] = quote_documents([Document("Li said China supports Russia.")])  # doctest: +SKIP
    >>> found.attributions[0].speaker  # doctest: +SKIP
    'Li'
    """
    if jobs < 1:
        raise UsageError("jobs must be at least 1")
    if not documents:
        return []
    from readouts.languages import attributions_of, language_of

    settings = settings or Settings.resolve()
    langs = [
        language_of(document.text, document.lang, document.name) for document in documents
    ]
    english = [index for index, lang in enumerate(langs) if lang == "en"]
    texts = [documents[index].text for index in english]
    found: dict[int, tuple[Attribution, ...]] = {}
    if texts:
        parsed = _parse(texts, settings=settings, jobs=min(jobs, len(texts)))
        for index, doc in zip(english, parsed, strict=True):
            found[index] = tuple(extract(doc))
    for index, lang in enumerate(langs):
        if index not in found:
            found[index] = tuple(attributions_of(documents[index], lang))
    return [DocumentQuotes(document, found[index]) for index, document in enumerate(documents)]


def _parse(texts: list[str], *, settings: Settings, jobs: int) -> Iterable[Doc]:
    from readouts.nlp import parse, pipeline

    if jobs <= 1:
        return parse(texts, model=settings.spacy_model, batch_size=settings.batch_size)
    # Docs come back from the workers as bytes and are rebuilt here, with an empty
    # ``user_data``: the per-Doc caches of readouts.nlp fill in this process, as usual.
    return pipeline(settings.spacy_model).pipe(
        texts,
        batch_size=worker_batch_size(len(texts), jobs, settings.batch_size),
        n_process=jobs,
    )


def worker_batch_size(documents: int, jobs: int, batch_size: int) -> int:
    """Documents per batch when ``jobs`` processes share ``documents``.

    spaCy deals whole batches to the workers in turn, so a batch larger than a worker's
    share would leave the other workers idle: two documents and ``--jobs 2`` need batches
    of one to use both cores.

    >>> worker_batch_size(2, 2, 16), worker_batch_size(100, 2, 16)
    (1, 16)
    """
    return max(1, min(batch_size, math.ceil(documents / max(jobs, 1))))


def load_documents(
    arguments: Sequence[str],
    labels: Sequence[str] = (),
    *,
    max_bytes: int,
    strict: bool = False,
) -> Loaded:
    """Load the documents named by command-line ``arguments``, in order, going on past
    the ones that cannot be used.

    A folder stands for its files with a suffix in :data:`TEXT_SUFFIXES`, found
    recursively (hidden files and folders skipped) and sorted; ``-`` reads standard input.
    ``labels`` name the files in order (a label whose file fails names nothing); the rest
    are labelled by file name.

    Returns a :class:`~readouts.load.Loaded`: the documents that loaded; one
    :class:`~readouts.errors.InputError` per file or folder that failed, naming it; and
    the special files skipped inside folders (FIFOs, sockets, devices, broken symbolic
    links). With ``strict=True`` the first failure is raised instead. Raises
    :class:`~readouts.errors.UsageError` when standard input is named twice or there are
    more labels than files.
    """
    if sum(1 for argument in arguments if argument == STDIN) > 1:
        raise UsageError("standard input (-) can be given only once")
    found = _expand(arguments)
    if len(labels) > len(found.paths):
        raise UsageError(
            f"more --label options ({len(labels)}) than documents ({len(found.paths)})"
        )
    documents: list[Document] = []
    failures: list[InputError] = []
    paths_seen = 0
    for item in found.items:
        if isinstance(item, InputError):
            if strict:
                raise item
            failures.append(item)
            continue
        label = labels[paths_seen] if paths_seen < len(labels) else None
        paths_seen += 1
        try:
            documents.append(load(item, label, max_bytes=max_bytes))
        except InputError as error:
            if strict:
                raise
            failures.append(error)
    return Loaded(documents=documents, failures=failures, skipped=found.skipped)


def expand_paths(arguments: Iterable[str], *, strict: bool = True) -> list[str]:
    """``arguments`` with every folder replaced by the documents inside it.

    Files inside a folder come in tree order (a folder's files and subfolders sorted by
    name, each subfolder in place); files named directly are kept whatever their suffix.
    Special files inside a folder (FIFOs, sockets, devices, broken symbolic links) are left
    out. Raises the first :class:`~readouts.errors.InputError` (a folder that cannot be
    read or holds no documents), unless ``strict=False`` leaves those folders out;
    :func:`load_documents` reports each and goes on.

    >>> expand_paths(["-", "notes.txt"])
    ['-', 'notes.txt']
    """
    found = _expand(arguments)
    for item in found.items:
        if strict and isinstance(item, InputError):
            raise item
    return found.paths


@dataclass(frozen=True)
class _Found:
    """Command-line arguments expanded: paths and folder failures in argument order, and
    the special files skipped inside folders."""

    items: list[str | InputError]
    skipped: list[InputError]

    @property
    def paths(self) -> list[str]:
        return [item for item in self.items if isinstance(item, str)]


def _expand(arguments: Iterable[str], suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> _Found:
    items: list[str | InputError] = []
    skipped: list[InputError] = []
    for argument in arguments:
        if argument != STDIN and os.path.isdir(argument):
            inside = _files_in(argument, suffixes)
            items += inside.items
            skipped += inside.skipped
        else:
            items.append(argument)
    return _Found(items, skipped)


def _files_in(folder: str, suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> _Found:
    """The documents in ``folder``, recursively, in tree order.

    A subfolder that cannot be read is a failure and the walk goes on; a FIFO, socket,
    device or broken symbolic link with a document's suffix is skipped (never opened: a
    FIFO would wait for a writer) and reported.
    """
    failures: list[InputError] = []
    skipped: list[InputError] = []

    def fail(error: OSError) -> None:
        where = str(error.filename or folder)
        failures.append(InputError(where, f"cannot be read ({error.strerror or error})"))

    found: list[tuple[tuple[str, ...], str]] = []
    for root, folders, files in os.walk(folder, onerror=fail):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(root, folder)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = os.path.join(root, name)
            problem = _special_file_problem(path)
            if problem:
                skipped.append(InputError(path, problem))
            else:
                found.append(((*parts, name), path))
    if not found and not failures:
        named = ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        failures.append(InputError(folder, f"is a folder with no {named} files"))
    return _Found([*failures, *(path for _, path in sorted(found))], skipped)


def _special_file_problem(path: str) -> str | None:
    """Why ``path`` (inside a folder) is skipped, or None for a regular file (or one whose
    problem :func:`~readouts.load.load` reports, such as permission denied)."""
    try:
        mode = os.stat(path).st_mode  # follows a symbolic link to what it names
    except FileNotFoundError:
        return "is a broken symbolic link" if os.path.islink(path) else "no longer exists"
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return f"is not a regular file ({special_file_kind(mode)})"


__all__ = [
    "TEXT_SUFFIXES",
    "DocumentQuotes",
    "expand_paths",
    "load_documents",
    "quote_documents",
    "worker_batch_size",
]
