"""The rows every renderer shows, built once from a :class:`~readouts.comparison.Comparison`.

A *row* is one group of claims that report the same statement (one cell per document,
empty where a document says nothing), or one claim only a single document has. Rows come
in reading order: matched rows sorted by where their claims sit in document A, then B, ...;
each unmatched claim follows the row that holds the closest earlier claim of its document.

From :data:`MATRIX_FROM` documents on, the same rows are also laid out as a *matrix*
(:class:`MatrixRow`): one line per row, one narrow cell per document saying how that
document's claims compare with the row's reference wording, so ten or twenty-six accounts
fit side by side without squeezing their texts into columns.

Highlights are kept as ``(segment, is_highlight)`` pairs of plain text, so each renderer
escapes document text its own way and never has to trust it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readouts.spans import Span

if TYPE_CHECKING:
    from readouts.claims import Claim
    from readouts.comparison import Comparison, DocumentEntry
    from readouts.relations import Match
    from readouts.summary import Finding

Segment = tuple[str, bool]
"""A piece of claim text and whether it is a differing term."""

ONLY = "only"
RELATIONS: tuple[str, ...] = ("equivalent", "partial", "conflict")
"""The match relations, weakest disagreement first."""

RELATION_SYMBOLS: dict[str, str] = {
    "equivalent": "=",
    "partial": "≈",
    "conflict": "≠",
    ONLY: "○",
}
RELATION_HELP: dict[str, str] = {
    "equivalent": "the accounts say the same thing",
    "partial": "same statement, some terms differ",
    "conflict": "the accounts contradict each other",
    ONLY: "no other account reports it",
}
TITLE_LIMIT = 120
"""The most characters of a headline shown as a column header (cut at a word)."""
MATRIX_FROM = 4
"""From this many documents on, the HTML and terminal views draw the matrix: side-by-side
columns of claim text stop being readable (ten columns of 85 pixels hold a word each)."""
NOT_SAID = "·"
"""The matrix cell of a document that does not report the row's claim (drawn faint)."""
MATRIX_HELP: dict[str, str] = {
    "equivalent": "says the same as the row's wording",
    "partial": "says it in part or with other terms",
    "conflict": "contradicts it",
    ONLY: "the only account that says it",
}
"""What a matrix cell's symbol means: each cell compares with the row's reference claim."""
FINDING_LABELS: dict[str, str] = {
    "conflict": "conflict",
    "softening": "softening",
    "only": "only in one",
    "omission": "omission",
    "unique_terms": "unique terms",
}
CONFLICT_LABELS: dict[str, str] = {
    "number": "number conflict",
    "negation": "negation conflict",
    "stance": "stance conflict",
    "speaker": "speaker conflict",
}

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile(r"[\r\n\t]")


def one_line(text: str) -> str:
    """``text`` with line breaks and tabs as spaces and control characters as U+FFFD.

    Bidirectional overrides count as control characters, so text cannot reorder itself.
    Every character maps to one character, so the length stays the same.

    >>> one_line("a\\nb\\x1b[2J")
    'a b\ufffd[2J'
    """
    return _CONTROL.sub("\ufffd", _LINE_BREAK.sub(" ", text))


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as a backslash escape, so it can be encoded.

    A file name that was not valid UTF-8 reaches Python with its bad bytes as surrogates
    (``surrogateescape``); they cannot be written out as UTF-8, so a report would crash on
    them. Such a byte is shown as ``\\xNN`` (the byte itself), any other surrogate as
    ``\\uNNNN``, the ``backslashreplace`` convention.

    >>> escape_surrogates("r\\udce9sum\\u00e9.txt")
    'r\\\\xe9sumé.txt'
    """
    return _SURROGATE.sub(_surrogate_escape, text)


def _surrogate_escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """:func:`one_line` and then :func:`escape_surrogates`: text fit for one terminal line.

    >>> printable("a\\nb\\udcff")
    'a b\\\\xff'
    """
    return escape_surrogates(one_line(text))


def anchor(prefix: str, key: str) -> str:
    """An HTML id made of ``prefix`` and ``key`` with anything but ``[A-Za-z0-9_-]`` dropped.

    >>> anchor("claim", "A1")
    'claim-A1'
    """
    return f"{prefix}-{_ANCHOR_UNSAFE.sub('_', key)}"


ELLIPSIS = "…"
# A language tag's shape (RFC 5646 subtags: a 2-8 letter language, then 1-8 alphanumerics).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_TRAILING = " \t\r\n,;:\u3000\uff0c\u3001\uff1b\uff1a"  # and CJK ，、；：


def language_tag(document: object) -> str | None:
    """The document's language (``Document.lang``) when it is known and has the shape of a
    BCP 47 tag (``ru``, ``zh-Hant``), else ``None``: what an HTML report may put in a
    ``lang`` attribute (autoescaping aside, nothing else is ever written there)."""
    lang = getattr(document, "lang", None)
    return lang if isinstance(lang, str) and _LANGUAGE_TAG.fullmatch(lang) else None


def shorten(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """``text`` cut to at most ``limit`` at a word boundary, with an ellipsis.

    ``limit`` counts what ``measure`` counts: characters by default; the terminal passes
    rich's ``cell_len``, so a CJK character counts its two columns. Text that fits is
    returned as it is. Otherwise as many whole words as fit before the ellipsis are kept
    (spaces and a trailing comma, semicolon or colon dropped, CJK ones too); a word is
    never cut, so when not even the first word fits the result is the ellipsis alone.
    Chinese and Japanese put no spaces between words: beside a wide character (East Asian
    Width W or F: ideographs, kana, hangul, fullwidth forms) every character boundary is
    a word boundary, as in line breaking (UAX #14). Any renderer (or the summary) that
    shortens claim text should use this.

    >>> shorten("We are providing our assistance", 20)
    'We are providing…'
    >>> shorten("Li said, adding", 9)
    'Li said…'
    >>> shorten("Unbreakable", 5)
    '…'
    >>> shorten("双方讨论了贸易，并同意继续合作", 8)
    '双方讨论了贸易…'
    """
    if measure(text) <= limit:
        return text
    if limit < 1:
        return ""
    room = limit - measure(ELLIPSIS)
    # The longest prefix within ``room`` (a prefix never measures less than a shorter one).
    fits = bisect_right(range(len(text) + 1), room, key=lambda end: measure(text[:end])) - 1
    cut = -1
    for position in range(min(fits, len(text) - 1), 0, -1):
        if _word_boundary(text, position):
            cut = position
            break
    if cut < 0:
        return ELLIPSIS
    kept = text[:cut].rstrip(_TRAILING)
    return (kept + ELLIPSIS) if kept else ELLIPSIS


def _word_boundary(text: str, position: int) -> bool:
    """Whether ``text`` may be cut before ``position``: at the first of a run of spaces,
    or between two non-spaces of which one is wide (CJK)."""
    before, after = text[position - 1], text[position]
    if before.isspace():
        return False
    return after.isspace() or _wide(before) or _wide(after)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def highlight_segments(text: str, offset: int, spans: Iterable[Span]) -> list[Segment]:
    """Split ``text`` into ``(segment, is_highlight)`` pairs.

    ``offset`` is where ``text`` starts in its document; ``spans`` hold document offsets
    (a span's ``start - offset`` is its position inside ``text``). Spans are clipped to the
    text, overlapping or touching spans merge, and empty segments are left out, so
    ``"".join(seg for seg, _ in result) == text``.

    >>> highlight_segments("Police said 3,000 came.", 100, [Span(112, 117, "3,000")])
    [('Police said ', False), ('3,000', True), (' came.', False)]
    """
    ranges: list[tuple[int, int]] = []
    for span in sorted(spans):
        start = max(0, span.start - offset)
        end = min(len(text), span.end - offset)
        if start >= end:
            continue
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    segments: list[Segment] = []
    position = 0
    for start, end in ranges:
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return segments


def content_runs(
    segments: Iterable[Segment], offset: int, content: Iterable[Span]
) -> tuple[tuple[bool, tuple[Segment, ...]], ...]:
    """Split ``segments`` (of a text starting at document offset ``offset``) at the edges of
    the ``content`` spans, into runs ``(is_content, segments)``.

    >>> content_runs([("Li said it rained.", False)], 0, [Span(8, 17, "it rained")])
    ((False, (('Li said ', False),)), (True, (('it rained', False),)), (False, (('.', False),)))
    """
    ranges = sorted((span.start - offset, span.end - offset) for span in content)
    runs: list[tuple[bool, list[Segment]]] = []
    position = 0
    for text, highlighted in segments:
        start = 0
        while start < len(text):
            here = position + start
            inside = any(low <= here < high for low, high in ranges)
            edges = [low for low, _ in ranges if low > here] + [
                high for low, high in ranges if low <= here < high
            ]
            stop = min([len(text), *(edge - position for edge in edges)])
            piece = text[start:stop]
            if runs and runs[-1][0] == inside:
                runs[-1][1].append((piece, highlighted))
            else:
                runs.append((inside, [(piece, highlighted)]))
            start = stop
        position += len(text)
    return tuple((inside, tuple(pieces)) for inside, pieces in runs)


@dataclass(frozen=True)
class ClaimCell:
    """One claim as a renderer shows it: the claim and its text split into highlights."""

    claim: Claim
    segments: tuple[Segment, ...]
    anchor: str

    @property
    def id(self) -> str:
        """The claim id (``A1``)."""
        return self.claim.id

    @property
    def speaker(self) -> str | None:
        """Who the document says made the statement, if anyone."""
        return self.claim.speaker

    @property
    def parts(self) -> tuple[tuple[bool, tuple[Segment, ...]], ...]:
        """The segments in runs, each ``(is_content, segments)``: ``is_content`` for what
        the speaker is reported to have said (``claim.content``), the rest (the reporting
        verb, who said it, quotation marks) not. The runs' texts joined are the claim's.
        """
        return content_runs(self.segments, self.claim.start, self.claim.content)


@dataclass(frozen=True)
class Note:
    """A line explained under a row: a conflict, a softening, or the pairwise relations.

    ``quotes`` pairs a claim id with the words of that claim the note is about.
    """

    kind: str  # "conflict" | "softening" | "pairs"
    label: str
    detail: str
    quotes: tuple[tuple[str, tuple[str, ...]], ...] = ()


def confidence(match: Match) -> float:
    """What a report shows of a match: the calibrated probability that its claims report
    the same statement or event, else (a match made without the model) its score."""
    return match.probability if match.probability is not None else match.score


@dataclass(frozen=True)
class Row:
    """A line of the report: matched claims across documents, or one claim only one has.

    ``cells`` maps every document id to the claims it contributes (possibly none).
    ``relation`` is the strongest disagreement among the row's matches, or ``"only"``.
    """

    anchor: str
    relation: str
    claims: tuple[str, ...]
    cells: dict[str, tuple[ClaimCell, ...]]
    matches: tuple[Match, ...] = ()
    notes: tuple[Note, ...] = ()
    # How likely the claims report one statement or event: the match's calibrated
    # probability (its backend score where none was computed); a row of one match only.
    score: float | None = None
    doc: str | None = None  # the document of an "only" row

    @property
    def is_only(self) -> bool:
        """True for a claim only one document has."""
        return self.relation == ONLY


@dataclass(frozen=True)
class FindingView:
    """A summary line with its rank and where in the report its claims are."""

    number: int
    finding: Finding
    label: str
    doc_label: str | None
    claims: tuple[tuple[str, str], ...]  # (claim id, claim anchor)
    row_anchor: str | None

    @property
    def kind(self) -> str:
        """The finding kind: ``conflict``, ``softening``, ``omission``, ``only`` or
        ``unique_terms``."""
        return self.finding.kind

    @property
    def title(self) -> str:
        """The finding's one-line title."""
        return self.finding.title


def _finding_doc_label(finding: Finding, labels: dict[str, str]) -> str | None:
    """The account a finding is about: the one that alone says it, or, for an omission,
    the one that leaves it out ("not in Xinhua")."""
    if not finding.doc or finding.doc not in labels:
        return None
    label = labels[finding.doc]
    return f"not in {label}" if finding.kind == "omission" else label


@dataclass(frozen=True)
class MatrixCell:
    """What one document says in a matrix row, compared with the row's reference claim.

    ``relation`` is the relation of the document's claims to the reference claim
    (``equivalent``, ``partial``, ``conflict``), ``only`` for the one claim of a row only one
    document has, or ``None`` when the document does not report the row's claim. The
    reference document's own cell is ``equivalent`` with ``reference`` set. ``claims``
    carry their text with the terms that differ *from the reference* highlighted (the
    reference itself: the terms some other account lacks).
    """

    doc: str
    relation: str | None
    claims: tuple[ClaimCell, ...] = ()
    reference: bool = False

    @property
    def said(self) -> bool:
        """True when the document reports the row's claim."""
        return self.relation is not None

    @property
    def symbol(self) -> str:
        """The relation's symbol (``=``, ``≈``, ``≠``, ``○``), :data:`NOT_SAID` if not said."""
        return RELATION_SYMBOLS.get(self.relation, "~") if self.relation else NOT_SAID

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the document's claims in this row, in document order."""
        return tuple(cell.id for cell in self.claims)


@dataclass(frozen=True)
class MatrixRow:
    """One row of the matrix: a :class:`Row` with one :class:`MatrixCell` per document.

    ``reference`` is the claim the row is shown by (its wording stands for the row): the
    claim most others call equivalent, then partial, then matched at all; the earliest
    document wins a tie. Every other cell says how its document compares with it, so a
    row where some accounts say 12 and others 9 reads as ``= = ≠ ≠`` instead of all ``≠``.
    ``notes`` are the conflicts and softenings between the reference and the others.
    """

    number: int
    row: Row
    reference: ClaimCell
    cells: tuple[MatrixCell, ...]
    notes: tuple[Note, ...] = ()

    @property
    def anchor(self) -> str:
        """The HTML id of the row (the same as the row's in the columns view)."""
        return self.row.anchor

    @property
    def relation(self) -> str:
        """The row's strongest disagreement, or ``only``."""
        return self.row.relation

    @property
    def said(self) -> tuple[MatrixCell, ...]:
        """The cells of the documents that report the claim, in document order."""
        return tuple(cell for cell in self.cells if cell.said)

    @property
    def missing(self) -> tuple[str, ...]:
        """The ids of the documents that do not report the claim."""
        return tuple(cell.doc for cell in self.cells if not cell.said)


@dataclass(frozen=True)
class ReportView:
    """Everything a renderer needs, in display order.

    ``matrix`` holds every row again as a :class:`MatrixRow`, numbered from 1 in display
    order; renderers use it when :attr:`use_matrix` is true.
    """

    documents: tuple[DocumentEntry, ...]
    backend: str
    findings: tuple[FindingView, ...]
    rows: tuple[Row, ...]
    claim_counts: dict[str, int]
    matrix: tuple[MatrixRow, ...] = ()
    headlines: tuple[Row, ...] = ()
    """The rows of the documents' headlines (claims with ``title``), kept out of ``rows``
    and ``matrix``: a headline is shown as its document's column header, and a match
    between headlines on a line of its own (:attr:`headline_notes`)."""

    @property
    def titles(self) -> dict[str, ClaimCell]:
        """Each document's headline by document id (documents without one are left out)."""
        return {
            doc_id: cell for row in self.headlines for doc_id, cells in row.cells.items()
            for cell in cells
        }

    def title_of(self, doc_id: str, limit: int = TITLE_LIMIT) -> str | None:
        """Document ``doc_id``'s headline on one line, shortened at a word boundary to
        ``limit`` characters, or ``None``."""
        cell = self.titles.get(doc_id)
        return None if cell is None else shorten(" ".join(cell.claim.text.split()), limit)

    @property
    def headline_notes(self) -> tuple[str, ...]:
        """How the headlines compare, one line per match (``A1 = B1 (equivalent 0.91)``),
        or one line saying none matches; empty when fewer than two documents have one."""
        if len(self.titles) < 2:
            return ()
        notes = tuple(
            f" {RELATION_SYMBOLS.get(match.relation, '~')} ".join(match.claims)
            + f" ({match.relation}, match {confidence(match):.2f})"
            for row in self.headlines
            for match in row.matches
        )
        return notes or ("no headline matches another",)

    @property
    def use_matrix(self) -> bool:
        """True from :data:`MATRIX_FROM` documents on: draw the matrix, not text columns."""
        return len(self.documents) >= MATRIX_FROM

    def count_label(self, doc_id: str) -> str:
        """"7 claims", "1 claim", or the note of a document without any; with the
        document's language when the report holds any but English ("7 claims ·
        Russian")."""
        count = self.claim_counts.get(doc_id, 0)
        language = self.language_name(doc_id)
        suffix = f" · {language}" if language else ""
        if count == 0:
            from readouts.comparison import NO_STATEMENTS

            return NO_STATEMENTS + suffix
        return f"{count} claim" + ("" if count == 1 else "s") + suffix

    def language_name(self, doc_id: str) -> str:
        """The name of the document's language ("Russian") when the report compares any
        document not in English; "" in an English-only report."""
        from readouts.languages import LANGUAGES

        langs = {entry.id: entry.document.lang or "en" for entry in self.documents}
        if set(langs.values()) <= {"en"}:
            return ""
        language = LANGUAGES.get(langs.get(doc_id, "en"))
        return language.name if language else ""

    @property
    def labels(self) -> dict[str, str]:
        """Each document's label by its id."""
        return {entry.id: entry.label for entry in self.documents}

    @property
    def langs(self) -> dict[str, str]:
        """Each document's language as a BCP 47 tag (``ru``, ``zh``, ``zh-Hant``) by its id,
        for the documents whose language is known (``Document.lang``) and well formed; the
        HTML report sets it as the ``lang`` of their text, so browsers pick fonts, line
        breaks and hyphenation for that language."""
        tags = {entry.id: language_tag(entry.document) for entry in self.documents}
        return {doc_id: tag for doc_id, tag in tags.items() if tag}

    def matrix_claims(self, doc_id: str) -> tuple[tuple[MatrixRow, MatrixCell, ClaimCell], ...]:
        """Every claim of document ``doc_id`` with its matrix row and cell, in text order."""
        found = [
            (row, cell, claim)
            for row in self.matrix
            for cell in row.cells
            if cell.doc == doc_id
            for claim in cell.claims
        ]
        return tuple(sorted(found, key=lambda item: item[2].claim.start))

    @property
    def title(self) -> str:
        """The document labels joined, for titles: ``Xinhua · Reuters``."""
        return " · ".join(entry.label for entry in self.documents)

    @property
    def short_title(self) -> str:
        """The first three labels and how many more: a title that fits above a summary.

        >>> from readouts.comparison import DocumentEntry
        >>> from readouts.documents import Document
        >>> entries = tuple(DocumentEntry(i, Document("", label=f"Paper {i}")) for i in "ABCDE")
        >>> ReportView(entries, "lexical", (), (), {}).short_title
        'Paper A, Paper B, Paper C and 2 more'
        """
        labels = [entry.label for entry in self.documents]
        if len(labels) <= MATRIX_FROM - 1:
            return self.title
        return f"{', '.join(labels[:3])} and {len(labels) - 3} more"

    @property
    def matched_rows(self) -> tuple[Row, ...]:
        """Rows of matched claims, in display order."""
        return tuple(row for row in self.rows if not row.is_only)

    @property
    def only_rows(self) -> tuple[Row, ...]:
        """Rows of claims only one document has, by document, then position."""
        order = {entry.id: index for index, entry in enumerate(self.documents)}
        rows = [row for row in self.rows if row.is_only]
        return tuple(
            sorted(rows, key=lambda r: (order.get(r.doc or "", len(order)), _first_start(r)))
        )

    def only_in(self, doc_id: str) -> tuple[Row, ...]:
        """The claims only document ``doc_id`` has, in document order."""
        return tuple(row for row in self.only_rows if row.doc == doc_id)

    def relation_counts(self) -> dict[str, int]:
        """How many rows have each relation (``only`` included), in legend order."""
        counts = {relation: 0 for relation in (*RELATIONS, ONLY)}
        for row in self.rows:
            counts[row.relation] = counts.get(row.relation, 0) + 1
        return counts


def _first_start(row: Row) -> int:
    return min((cell.claim.start for cells in row.cells.values() for cell in cells), default=0)


def build_view(comparison: Comparison) -> ReportView:
    """Build the rows and summary lines of ``comparison`` once, for every renderer.

    Rows are the connected components of ``comparison.groups`` and ``comparison.matches``
    (a match whose claims are in no group still gets a row), then one row per remaining
    claim. Matched rows are ordered by the position of their first claim in document A,
    then B, ...; each unmatched claim is placed after the row holding the nearest earlier
    claim of its own document.
    """
    documents = comparison.documents
    doc_ids = [entry.id for entry in documents]
    claims = {claim.id: claim for claim in comparison.claims}

    components = _components(comparison.groups, [match.claims for match in comparison.matches])
    matches_of: dict[int, list[Match]] = {}
    component_of = {claim_id: index for index, group in enumerate(components) for claim_id in group}
    for match in comparison.matches:
        matches_of.setdefault(component_of[match.claims[0]], []).append(match)

    matched: list[Row] = []
    for index, group in enumerate(components):
        matched.append(_matched_row(group, matches_of.get(index, []), claims, doc_ids))

    def doc_key(row: Row) -> tuple[float, ...]:
        return tuple(
            min((cell.claim.start for cell in row.cells[doc_id]), default=math.inf)
            for doc_id in doc_ids
        )

    matched.sort(key=doc_key)

    placed = {claim_id for group in components for claim_id in group}
    rows = _place_unmatched(
        matched, [claim for claim in comparison.claims if claim.id not in placed], doc_ids
    )

    titles = {claim.id for claim in comparison.claims if claim.title}
    headlines = tuple(row for row in rows if titles.issuperset(row.claims))
    rows = [row for row in rows if not titles.issuperset(row.claims)]
    row_of_claim = {claim_id: row for row in rows for claim_id in row.claims}
    labels = {entry.id: entry.label for entry in documents}
    findings = tuple(
        FindingView(
            number=number,
            finding=finding,
            label=FINDING_LABELS.get(finding.kind, finding.kind.replace("_", " ")),
            doc_label=_finding_doc_label(finding, labels),
            claims=tuple(
                (claim_id, anchor("claim", claim_id))
                for claim_id in finding.claims
                if claim_id in claims
            ),
            row_anchor=next(
                (row_of_claim[c].anchor for c in finding.claims if c in row_of_claim), None
            ),
        )
        for number, finding in enumerate(comparison.summary, start=1)
    )
    counts = {doc_id: 0 for doc_id in doc_ids}
    for claim in comparison.claims:
        counts[claim.doc] = counts.get(claim.doc, 0) + 1
    return ReportView(
        documents=documents,
        backend=comparison.backend,
        findings=findings,
        rows=tuple(rows),
        claim_counts=counts,
        matrix=tuple(_matrix_row(number, row, doc_ids) for number, row in enumerate(rows, start=1)),
        headlines=headlines,
    )


def _relation_rank(relation: str) -> int:
    return RELATIONS.index(relation) if relation in RELATIONS else -1


def _worst(relations: Iterable[str], default: str) -> str:
    return max(relations, key=_relation_rank, default=default)


def _reference_claim(row: Row) -> str:
    """The claim of ``row`` that most others call equivalent (then partial, then any match)."""

    def standing(claim_id: str) -> tuple[int, int, int]:
        involved = [match.relation for match in row.matches if claim_id in match.claims]
        return (involved.count("equivalent"), involved.count("partial"), len(involved))

    # max() keeps the first of equals, and row.claims is in document order.
    return max(row.claims, key=standing)


def _matrix_row(number: int, row: Row, doc_ids: list[str]) -> MatrixRow:
    """Compare every document's claims in ``row`` with the row's reference claim."""
    reference_id = _reference_claim(row)
    reference_cell = next(
        cell for cells in row.cells.values() for cell in cells if cell.id == reference_id
    )
    reference_doc = reference_cell.claim.doc
    with_reference = [match for match in row.matches if reference_id in match.claims]
    cells: list[MatrixCell] = []
    for doc_id in doc_ids:
        claim_cells = row.cells.get(doc_id, ())
        if not claim_cells:
            cells.append(MatrixCell(doc=doc_id, relation=None))
            continue
        ids = {cell.id for cell in claim_cells}
        if row.is_only:
            cells.append(MatrixCell(doc=doc_id, relation=ONLY, claims=claim_cells))
            continue
        if doc_id == reference_doc:
            # The reference's differing terms: what some other account lacks.
            spans = _spans_of([m for m in row.matches if ids & set(m.claims)])
            cells.append(
                MatrixCell(
                    doc=doc_id,
                    relation="equivalent",
                    claims=_rehighlight(claim_cells, spans),
                    reference=True,
                )
            )
            continue
        direct = [match for match in with_reference if ids & set(match.claims)]
        # Without a match to the reference, say how it stands with the others of the row.
        related = direct or [match for match in row.matches if ids & set(match.claims)]
        relation = _worst((match.relation for match in related), default=row.relation)
        highlighted = _rehighlight(claim_cells, _spans_of(related)) if direct else claim_cells
        cells.append(MatrixCell(doc=doc_id, relation=relation, claims=highlighted))
    return MatrixRow(
        number=number,
        row=row,
        reference=reference_cell,
        cells=tuple(cells),
        notes=_reference_notes(reference_id, with_reference),
    )


def _spans_of(matches: Iterable[Match]) -> dict[str, list[Span]]:
    """The differing terms, conflict spans and softening markers of ``matches``, by claim."""
    spans: dict[str, list[Span]] = {}
    for match in matches:
        for claim_id, evidence in match.evidence.items():
            spans.setdefault(claim_id, []).extend(evidence)
        for conflict in match.conflicts:
            for claim_id, conflict_spans in conflict.spans.items():
                spans.setdefault(claim_id, []).extend(conflict_spans)
        if match.shift is not None:
            for claim_id, markers in match.shift.markers.items():
                spans.setdefault(claim_id, []).extend(markers)
    return spans


def _rehighlight(
    cells: tuple[ClaimCell, ...], spans: dict[str, list[Span]]
) -> tuple[ClaimCell, ...]:
    return tuple(
        ClaimCell(
            claim=cell.claim,
            segments=tuple(
                highlight_segments(cell.claim.text, cell.claim.start, spans.get(cell.id, ()))
            ),
            anchor=cell.anchor,
        )
        for cell in cells
    )


def _reference_notes(reference: str, matches: Iterable[Match]) -> tuple[Note, ...]:
    """The conflicts and softenings between the reference claim and the others, each once.

    With dozens of documents a row holds hundreds of pairs; the cells already compare each
    document with the reference, so the notes say why: one line per distinct conflict
    (``agreement: 12 vs nine``, quoting every claim it holds for) and one per direction of
    softening (``B1, F1 soften C1``).
    """
    conflicts: dict[tuple[str, str], dict[str, list[str]]] = {}
    softer: dict[str, list[str]] = {}  # claims that soften the reference
    stronger: dict[str, list[str]] = {}  # claims the reference softens
    for match in matches:
        for conflict in match.conflicts:
            label = CONFLICT_LABELS.get(conflict.kind, f"{conflict.kind} conflict")
            quoted = conflicts.setdefault((label, conflict.detail), {})
            for claim_id, words in _quotes(conflict.spans, match.claims):
                known = quoted.setdefault(claim_id, [])
                known.extend(word for word in words if word not in known)
        shift = match.shift
        if shift is None:
            continue
        if shift.stronger == reference:
            words = [span.text for span in shift.markers.get(shift.softer, ())]
            softer.setdefault(shift.softer, []).extend(words)
        elif shift.softer == reference:
            words = [span.text for span in shift.markers.get(reference, ())]
            stronger.setdefault(shift.stronger, []).extend(words)
    notes = [
        Note(
            kind="conflict",
            label=label,
            detail=detail,
            quotes=tuple((claim_id, tuple(words)) for claim_id, words in quoted.items()),
        )
        for (label, detail), quoted in conflicts.items()
    ]
    if softer:
        verb = "softens" if len(softer) == 1 else "soften"
        notes.append(
            Note(
                kind="softening",
                label="softening",
                detail=f"{', '.join(softer)} {verb} {reference}",
                quotes=tuple((cid, tuple(dict.fromkeys(w))) for cid, w in softer.items() if w),
            )
        )
    if stronger:
        marker_words = tuple(dict.fromkeys(w for words in stronger.values() for w in words))
        notes.append(
            Note(
                kind="softening",
                label="softening",
                detail=f"{reference} softens {', '.join(stronger)}",
                quotes=((reference, marker_words),) if marker_words else (),
            )
        )
    return tuple(notes)


def _components(
    groups: Iterable[tuple[str, ...]], linked: Iterable[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Connected claim ids of ``groups`` and matches, each in first-seen order."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    order: list[str] = []
    for ids in (*groups, *linked):
        for claim_id in ids:
            if claim_id not in parent:
                order.append(claim_id)
            find(claim_id)
        for claim_id in ids[1:]:
            parent[find(claim_id)] = find(ids[0])
    members: dict[str, list[str]] = {}
    for claim_id in order:
        members.setdefault(find(claim_id), []).append(claim_id)
    return [tuple(group) for group in members.values()]


def _matched_row(
    group: tuple[str, ...], matches: list[Match], claims: dict[str, Claim], doc_ids: list[str]
) -> Row:
    spans: dict[str, list[Span]] = {claim_id: [] for claim_id in group}
    notes: list[Note] = []
    for match in matches:
        for claim_id, evidence in match.evidence.items():
            spans.setdefault(claim_id, []).extend(evidence)
        for conflict in match.conflicts:
            for claim_id, conflict_spans in conflict.spans.items():
                spans.setdefault(claim_id, []).extend(conflict_spans)
            notes.append(
                Note(
                    kind="conflict",
                    label=CONFLICT_LABELS.get(conflict.kind, f"{conflict.kind} conflict"),
                    detail=conflict.detail,
                    quotes=_quotes(conflict.spans, match.claims),
                )
            )
        if match.shift is not None:
            shift = match.shift
            for claim_id, markers in shift.markers.items():
                spans.setdefault(claim_id, []).extend(markers)
            notes.append(
                Note(
                    kind="softening",
                    label="softening",
                    detail=f"{shift.softer} softens {shift.stronger}",
                    quotes=_quotes(shift.markers, match.claims),
                )
            )
    if len(matches) > 1:
        notes.append(
            Note(
                kind="pairs",
                label="pairs",
                detail="; ".join(
                    f" {RELATION_SYMBOLS.get(m.relation, '~')} ".join(m.claims)
                    + f" ({m.relation}, match {confidence(m):.2f})"
                    for m in matches
                ),
            )
        )
    cells = _cells(group, claims, doc_ids, spans)
    relation = max(
        (match.relation for match in matches),
        key=lambda r: RELATIONS.index(r) if r in RELATIONS else -1,
        default="equivalent",
    )
    ordered = tuple(cell.id for doc_id in doc_ids for cell in cells.get(doc_id, ()))
    ordered += tuple(c for c in group if c not in ordered)
    return Row(
        anchor=anchor("row", ordered[0]),
        relation=relation,
        claims=ordered,
        cells=cells,
        matches=tuple(matches),
        notes=tuple(notes),
        score=confidence(matches[0]) if len(matches) == 1 else None,
    )


def _quotes(
    spans: dict[str, tuple[Span, ...]], order: tuple[str, ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(claim id, quoted words) per claim that has words to quote, in match order."""
    ranked = sorted(spans, key=lambda c: order.index(c) if c in order else len(order))
    return tuple(
        (claim_id, tuple(span.text for span in spans[claim_id]))
        for claim_id in ranked
        if spans[claim_id]
    )


def _cells(
    group: Iterable[str],
    claims: dict[str, Claim],
    doc_ids: list[str],
    spans: dict[str, list[Span]],
) -> dict[str, tuple[ClaimCell, ...]]:
    by_doc: dict[str, list[ClaimCell]] = {doc_id: [] for doc_id in doc_ids}
    for claim_id in group:
        claim = claims[claim_id]
        cell = ClaimCell(
            claim=claim,
            segments=tuple(highlight_segments(claim.text, claim.start, spans.get(claim_id, ()))),
            anchor=anchor("claim", claim.id),
        )
        by_doc.setdefault(claim.doc, []).append(cell)
    return {
        doc_id: tuple(sorted(cells, key=lambda c: c.claim.start))
        for doc_id, cells in by_doc.items()
    }


def _place_unmatched(matched: list[Row], unmatched: list[Claim], doc_ids: list[str]) -> list[Row]:
    """Interleave one row per unmatched claim among the matched rows.

    The claim goes after the last row holding an earlier claim of its document, and as late
    as possible: just before the next row holding a later claim of its document (or at the
    end when there is none).
    """
    doc_order = {doc_id: index for index, doc_id in enumerate(doc_ids)}
    keyed: list[tuple[int, int, int, Row]] = []
    for claim in unmatched:
        starts = [[cell.claim.start for cell in row.cells.get(claim.doc, ())] for row in matched]
        earlier = [
            i for i, row_starts in enumerate(starts) if any(s < claim.start for s in row_starts)
        ]
        last_earlier = earlier[-1] if earlier else -1
        after = next(
            (
                i - 1
                for i in range(last_earlier + 1, len(matched))
                if any(s > claim.start for s in starts[i])
            ),
            len(matched) - 1,
        )
        row = Row(
            anchor=anchor("row", claim.id),
            relation=ONLY,
            claims=(claim.id,),
            cells=_cells((claim.id,), {claim.id: claim}, doc_ids, {}),
            doc=claim.doc,
        )
        keyed.append((after, doc_order.get(claim.doc, len(doc_order)), claim.start, row))
    keyed.sort(key=lambda item: item[:3])
    rows: list[Row] = []
    pending = iter(keyed)
    upcoming = next(pending, None)
    for index in range(-1, len(matched)):
        if index >= 0:
            rows.append(matched[index])
        while upcoming is not None and upcoming[0] == index:
            rows.append(upcoming[3])
            upcoming = next(pending, None)
    return rows
