"""Claims of a document in a language read without spaCy (Russian, Chinese).

A language module analyses a text into :class:`Analysis` (words with part of speech,
lemma and, where the language has a parser, syntax; sentences; names) and says, per
sentence, who is reported as saying it (:class:`Reported`). This module turns that into
the same :class:`~readouts.claims.Claim` and :class:`~readouts.attribution.Attribution`
records the English pipeline makes: one claim per sentence, its key terms (names,
numbers and times by value, content lemmas), markers of negation, stance and intensity,
its predicates (``core``) and whether it speaks of something to come. Every span is an
exact slice of the document's text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from readouts.attribution.model import Attribution
from readouts.claims import Claim, Marker, merge_repeats
from readouts.spans import Span, trim
from readouts.terms import Term, entity_key

# Parts of speech (Universal Dependencies) whose words are a claim's content terms.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
# Name labels, as the English pipeline labels them (relations and the reports read these).
NAME_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
_STRIP = " \t\r\n\f\v"
_EDGE = " \t\r\n\f\v.,;:!?\"'“”‘’«»()（）。，；：！？、「」『』《》—–-"


@dataclass(frozen=True)
class Word:
    """One word of the text at ``[start, end)``; ``head`` is the index of its syntactic
    head in :attr:`Analysis.words` (-1 for a root, or when the language has no parser)."""

    start: int
    end: int
    text: str
    pos: str
    lemma: str
    head: int = -1
    dep: str = ""
    feats: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Name:
    """A named entity: words ``[first, last)`` of the analysis, its label (PER, LOC,
    ORG) and its canonical form, as a speaker is shown (the nominative, for Russian)."""

    first: int
    last: int
    label: str
    canonical: str
    # What the name is matched on: its lemmas ("россия" for "России"); the canonical
    # form when empty.
    key: str = ""


@dataclass(frozen=True)
class Analysis:
    """A text cut into words, sentences (word ranges) and names."""

    text: str
    words: tuple[Word, ...]
    sentences: tuple[tuple[int, int], ...]
    names: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Reported:
    """Who a sentence reports as speaking: ``source`` names them (words of the text),
    ``cue`` is the reporting verb or phrase, ``content`` what was said; ``speaker`` the
    name as the document writes it in full. ``channel`` is true for "по данным ТАСС",
    "据新华社报道": a medium that reports, not a speaker."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[tuple[int, int], ...]
    speaker: str | None
    channel: bool = False
    direct: bool = False


@dataclass(frozen=True)
class Lexicon:
    """The words of one language that mark negation, stance, intensity and the future.
    Matched on a word's lemma (its text, for Chinese)."""

    code: str
    negations: frozenset[str]
    negating: frozenset[str]
    support: frozenset[str]
    oppose: frozenset[str]
    strong: frozenset[str]
    hedge: frozenset[str]
    future: frozenset[str]
    cues: frozenset[str]
    stop: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reader:
    """What base needs from a language module."""

    lexicon: Lexicon
    analyse: Callable[[str], Analysis]
    reported: Callable[[Analysis, int, int], Reported | None]
    # Words ``[first, last)`` a sentence's claim starts after: a dateline
    # ("ХАРБИН, 27 августа. /ТАСС/.", "新华社北京5月20日电（记者林晓）").
    dateline: Callable[[Analysis, int, int], int] = lambda analysis, first, last: first
    # A sentence with no reporting words of its own continues the previous sentence's
    # speaker when it is in the same paragraph (Chinese readouts: "周启明表示，…。中方愿…").
    inherits: Callable[[Analysis, int, int], bool] = lambda analysis, first, last: False
    # The words a negation marker negates (the verb after "не", "不"), as an index.
    negated: Callable[[Analysis, int], int | None] = lambda analysis, index: None
    # Whether a word is an argument or predicate of the sentence (subject, object, verb).
    core: Callable[[Analysis, int], bool] = lambda analysis, index: False


def extract(
    reader: Reader,
    doc_id: str,
    text: str,
    title: Span | None,
    reference: date | None,
) -> tuple[list[Claim], list[Attribution]]:
    """The claims of ``text`` (ids ``doc_id`` + 1, 2, ...) and its attributions."""
    analysis = reader.analyse(text)
    units = _units(reader, analysis, title)
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    previous: Reported | None = None
    previous_end = -1
    people = [name for name in analysis.names if name.label == "PER"]
    for index, (first, last, is_title) in enumerate(units, start=1):
        reported = None if is_title else reader.reported(analysis, first, last)
        if reported is not None and not reported.channel:
            reported = _resolved(analysis, reported, people, first)
        inherited = False
        if (
            reported is None
            and not is_title
            and previous is not None
            and not previous.channel
            and reader.inherits(analysis, first, last)
            and "\n" not in text[previous_end : analysis.words[first].start]
        ):
            reported, inherited = previous, True
        claim = _claim(reader, analysis, doc_id, index, first, last, reported, inherited, reference)
        if is_title:
            claim = replace(claim, title=True)
        claims.append(claim)
        if reported is not None and not inherited:
            attributions.append(_attribution(analysis, reported))
        if not is_title:
            previous = reported if reported is not None else None
            previous_end = analysis.words[last - 1].end
    return merge_repeats(claims), attributions


def _resolved(
    analysis: Analysis, reported: Reported, people: Sequence[Name], first: int
) -> Reported:
    """The speaker by name: a pronoun or a title ("он", "глава правительства",
    "министр") is the person the document named last before the sentence; a short name
    ("Светлов") is the fullest one the document gives that person ("Игорь Светлов")."""
    before = [name.canonical for name in people if name.first < first]
    speaker = reported.speaker
    named = any(
        reported.source is not None
        and reported.source[0] <= name.first
        and name.last <= reported.source[1]
        and (name.label == "PER" or name.canonical == speaker)
        for name in analysis.names
    )
    if not named:
        if not before or (speaker and speaker[:1].isupper()):
            return reported
        titled = [
            name.canonical
            for name in people
            if name.first < first
            and speaker
            and any(
                word.lemma == speaker
                for word in analysis.words[max(0, name.first - 4) : name.first]
            )
        ]
        return replace(reported, speaker=(titled or before)[-1])
    if speaker:
        every = [name.canonical for name in people]
        return replace(reported, speaker=fullest(every, speaker))
    return reported


def _units(reader: Reader, analysis: Analysis, title: Span | None) -> list[tuple[int, int, bool]]:
    """Word ranges of the claim units, the headline first when it makes one."""
    words = analysis.words
    units: list[tuple[int, int, bool]] = []
    after = -1
    if title is not None:
        inside = [i for i, word in enumerate(words) if title.start <= word.start < title.end]
        if len(inside) >= 2 or (inside and _han(words[inside[0]].text)):
            units.append((inside[0], inside[-1] + 1, True))
            after = title.end
    for begin, last in analysis.sentences:
        first = next((i for i in range(begin, last) if words[i].start >= after), last)
        first = reader.dateline(analysis, first, last)
        if first < last and _says_something(words[first:last]):
            units.append((first, last, False))
    return units


def _han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _says_something(words: Sequence[Word]) -> bool:
    """Two words or more that are not punctuation, and not figures alone."""
    real = [word for word in words if word.pos not in ("PUNCT", "SYM", "X", "SPACE")]
    if len(real) < 2:
        return len(real) == 1 and _han(real[0].text) and len(real[0].text) >= 4
    return not all(word.pos == "NUM" for word in real)


def _span(analysis: Analysis, first: int, last: int, strip: str = _STRIP) -> Span:
    start, end = analysis.words[first].start, analysis.words[last - 1].end
    start, end = trim(analysis.text, start, end, strip)
    return Span.of(analysis.text, start, end)


def _claim(
    reader: Reader,
    analysis: Analysis,
    doc_id: str,
    index: int,
    first: int,
    last: int,
    reported: Reported | None,
    inherited: bool,
    reference: date | None,
) -> Claim:
    text = analysis.text
    span = _span(analysis, first, last)
    speaker = source = cue = None
    via: tuple[str, ...] = ()
    content: tuple[Span, ...] = ()
    if reported is not None:
        if reported.channel:
            via = (reported.speaker,) if reported.speaker else ()
            speaker = reported.speaker
        else:
            speaker = reported.speaker
        if not inherited:
            source = _span(analysis, *reported.source) if reported.source else None
            cue = _span(analysis, *reported.cue)
            content = tuple(
                piece
                for piece in (_span(analysis, a, b, _EDGE) for a, b in reported.content)
                if piece.start < piece.end
            )
    terms = _terms(
        reader, analysis, first, last, span, reported if not inherited else None, reference
    )
    lexicon = reader.lexicon
    lemmas = tuple(
        word.lemma
        for word in analysis.words[first:last]
        if (word.pos in CONTENT_POS and word.lemma not in lexicon.stop and len(word.lemma) > 1)
        or (word.pos in CONTENT_POS and _han(word.lemma))
    )
    return Claim(
        id=f"{doc_id}{index}",
        doc=doc_id,
        index=index,
        start=span.start,
        end=span.end,
        text=text[span.start : span.end],
        speaker=speaker,
        source=source,
        cue=cue,
        via=via,
        terms=terms,
        lemmas=lemmas,
        words=tuple(
            word.text.lower()
            for word in analysis.words[first:last]
            if word.pos not in ("PUNCT", "SPACE")
        ),
        markers=_markers(reader, analysis, first, last),
        keys=frozenset(lemmas) | {term.key for term in terms},
        content=content,
        core=_core(reader, analysis, first, last),
        future=any(
            word.lemma in lexicon.future or "Tense=Fut" in word.feats
            for word in analysis.words[first:last]
        ),
        lang=lexicon.code,
    )


def _terms(
    reader: Reader,
    analysis: Analysis,
    first: int,
    last: int,
    span: Span,
    reported: Reported | None,
    reference: date | None,
) -> tuple[Term, ...]:
    text = analysis.text
    lexicon = reader.lexicon
    terms: list[Term] = []
    taken: set[int] = set()  # characters already in a term
    times, numbers = _values()
    for term in times(text, lexicon.code, reference, span.start, span.end):
        terms.append(term)
        taken.update(range(term.start, term.end))
    for term in numbers(text, lexicon.code, span.start, span.end):
        if term.start in taken:
            continue
        terms.append(term)
        taken.update(range(term.start, term.end))
    named: set[int] = set()
    for name in analysis.names:
        if name.first < first or name.last > last:
            continue
        named.update(range(name.first, name.last))
        piece = _span(analysis, name.first, name.last, _EDGE)
        if piece.start >= piece.end or piece.start in taken:
            continue
        key = entity_key(name.key or name.canonical)
        if key:
            terms.append(
                Term(
                    "entity",
                    key,
                    piece.text,
                    piece.start,
                    piece.end,
                    NAME_LABELS.get(name.label, name.label),
                )
            )
    cue = set(range(*reported.cue)) if reported is not None else set()
    for i in range(first, last):
        word = analysis.words[i]
        if i in named or i in cue or word.start in taken or word.pos not in CONTENT_POS:
            continue
        if word.lemma in lexicon.stop or word.lemma in lexicon.cues:
            continue
        if not _han(word.text) and len(word.text) < 2:
            continue
        terms.append(Term("word", word.lemma, word.text, word.start, word.end, word.pos))
    terms.sort(key=lambda term: (term.start, term.end))
    return tuple(terms)


def _values():  # -> (times, numbers) of readouts.languages.values
    try:
        from readouts.languages import values
    except ImportError:  # pragma: no cover - until values lands
        return (lambda *args: []), (lambda *args: [])
    return values.times, values.numbers


def _markers(reader: Reader, analysis: Analysis, first: int, last: int) -> tuple[Marker, ...]:
    lexicon = reader.lexicon
    markers: list[Marker] = []
    for i in range(first, last):
        word = analysis.words[i]
        span = Span(word.start, word.end, word.text)
        if word.lemma in lexicon.negations or word.lemma in lexicon.negating:
            target = reader.negated(analysis, i)
            if target is not None:
                negated = analysis.words[target]
                markers.append(Marker("negation", negated.lemma, span, frozenset({negated.lemma})))
            continue
        for kind, words in (
            ("support", lexicon.support),
            ("oppose", lexicon.oppose),
            ("strong", lexicon.strong),
            ("hedge", lexicon.hedge),
        ):
            if word.lemma in words:
                markers.append(Marker(kind, word.lemma, span))
                break
    return tuple(markers)


def _core(
    reader: Reader, analysis: Analysis, first: int, last: int
) -> frozenset[tuple[int, str, str]]:
    found = set()
    for i in range(first, last):
        word = analysis.words[i]
        if word.lemma in reader.lexicon.negations or word.lemma in reader.lexicon.negating:
            target = reader.negated(analysis, i)
            if target is not None:
                negated = analysis.words[target]
                found.add((word.start, negated.lemma, _coarse(negated.pos)))
            continue
        if word.pos in ("VERB", "NOUN", "PROPN", "ADJ") and reader.core(analysis, i):
            found.add((word.start, word.lemma, _coarse(word.pos)))
    return frozenset(found)


def _coarse(pos: str) -> str:
    return {"PROPN": "NOUN", "AUX": "VERB"}.get(pos, pos)


def _attribution(analysis: Analysis, reported: Reported) -> Attribution:
    content = tuple(
        piece
        for piece in (_span(analysis, a, b, _EDGE) for a, b in reported.content)
        if piece.start < piece.end
    )
    return Attribution(
        source=_span(analysis, *reported.source) if reported.source else None,
        cue=_span(analysis, *reported.cue),
        content=content,
        kind="direct" if reported.direct else "indirect",
        speaker=reported.speaker,
        via=(reported.speaker,) if reported.channel and reported.speaker else (),
    )


def in_full(claims: Sequence[Claim]) -> list[Claim]:
    """Each speaker by the fullest name the document gives them ("Воронин" after "Павел
    Воронин" is "Павел Воронин")."""
    seen: list[str] = []
    out = []
    for claim in claims:
        if not claim.speaker:
            out.append(claim)
            continue
        speaker = fullest(seen, claim.speaker)
        if speaker not in seen:
            seen.append(speaker)
        out.append(replace(claim, speaker=speaker))
    return out


def fullest(names: Sequence[str], name: str) -> str:
    """The fullest form of ``name`` the document used before: "Воронин" after "Павел
    Воронин" is "Павел Воронин"; "沃罗宁" stays itself."""
    lowered = name.lower()
    best = name
    for earlier in reversed(names):
        parts = earlier.lower().replace(".", ". ").split()
        if (
            lowered != earlier.lower()
            and (lowered in parts or parts[-1:] == [lowered])
            and len(earlier) > len(best)
        ):
            best = earlier
    return best
