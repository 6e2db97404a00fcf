"""Dates and times of day as values: the period a time expression names, and when it puts
the event ("by 2030": up to the end of 2030; "will not meet before 2027": 2027 or later).

The words are read by dateparser (English only, no language detection, nothing fetched),
each distinct text once per reference date. Around it this module adds only what
dateparser does not read: durations are no dates ("three years"), decades ("the 1990s"),
parts of a period ("early next year", "by the end of the month", "mid-2027"), the year of
a date given without one (the nearest to the reference), and the window the surrounding
words set ("by", "before", "after", "not before").

The reference date is the document's (:func:`set_reference`, from ``Document.date``), else
the first full date the document gives ("14 March 2026"); without one, values that need it
("next year", "in March") are *relative*: comparable with other relative values (all read
against one made-up date) but never with absolute ones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from readouts.terms import UNDATED_YEAR, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

REFERENCE_KEY = "readouts.date"
_FOUND_KEY = "readouts.reference"
_BASE_KEY = "readouts.undated_base"
# What relative values of an undated document are read against: any fixed day will do, as
# long as every undated document uses the same one.
_UNDATED = date(UNDATED_YEAR, 7, 1)
# Longer texts are no time expressions spaCy would tag; they are not parsed at all.
MAX_TEXT = 60
TIME_LABELS = frozenset({"DATE", "TIME"})

Period = tuple[date, date, str, bool, bool]  # start, end, granularity, relative, guessed
# A date given without its year (a weekday without its week) is put in the year nearest
# the reference, among those the verb's tense allows; it is a guess when the next nearest
# is not much further (at least this many times as far) or it lies this far away.
SURE_RATIO = 2.0
SURE_MAX_DAYS = 300
_WEEK = 7

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_MONTHS = (
    r"jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    r"sep|sept|september|oct|october|nov|november|dec|december"
)
_MONTH = re.compile(rf"\b({_MONTHS})\b\.?", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"\b(mon|tues?|wed|thu|thurs|fri|sat|sun)(day|nesday|rsday|urday)?\b\.?", re.IGNORECASE
)
_RELATIVE_WORDS = re.compile(
    r"\b(next|last|this|coming|past|previous|ago|today|tomorrow|yesterday|tonight|now)\b",
    re.IGNORECASE,
)
_NUMBER_WORD = (
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|several|few|many|couple|some|dozen|half"
)
_DEICTIC = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|now|ago|this (morning|afternoon|evening)|"
    r"last (night|week)|next week|this week)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\b({_NUMBER_WORD})(\s+of)?[\s-]+(days?|weeks?|months?|years?|decades?|hours?|"
    r"minutes?|centuries|century|quarters?)\b",
    re.IGNORECASE,
)
_BARE_UNITS = re.compile(
    r"^(the\s+)?(recent\s+|coming\s+|past\s+|next\s+|last\s+)?"
    r"(days|weeks|months|years|decades|centuries|hours|daily|weekly|monthly|annual|annually|"
    r"yearly|the day|the time|the moment|the future|the past|recent|once|twice)$",
    re.IGNORECASE,
)
_DECADE = re.compile(r"^(the\s+)?(\d{3})0['’]?s$", re.IGNORECASE)
_PART = re.compile(
    r"^(the\s+)?(early|earlier|beginning\s+of|start\s+of|mid|middle\s+of|late|later|"
    r"end\s+of|first\s+half\s+of|second\s+half\s+of)[\s-]+(the\s+)?",
    re.IGNORECASE,
)
_BARE_PERIOD = re.compile(r"^(week|month|year)$", re.IGNORECASE)
_LEADING = re.compile(r"^(on|in|at|of|during|the)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"['’]s$")


def set_reference(doc: Doc, iso: str | None) -> None:
    """Give a parsed document its date of publication (ISO, "2026-03-14"): the day its
    "next year" and "on Monday" are read from. An unreadable or missing date is none."""
    reference = _iso_date(iso) if iso else None
    doc.user_data[REFERENCE_KEY] = reference.isoformat() if reference else None


def set_references(docs: Sequence[Doc], dates: Sequence[str | None]) -> None:
    """:func:`set_reference` for the documents of one comparison: each its own date, else
    the first full date in its text, else the earliest of the others' (accounts of one
    event appear within days of each other; a year guessed from it stays ``guessed``
    when far from it)."""
    for doc, iso in zip(docs, dates):
        set_reference(doc, iso)
    known = [reference for reference in map(reference_of, docs) if reference is not None]
    if not known:
        # All undated: "the end of the month" must mean one month in every account, so
        # each reads its relative values against the day it gives for the event, and an
        # account that gives none against the earliest the others give.
        own = [_own_base(doc) for doc in docs]
        given = [base for base in own if base is not None]
        shared = min(given) if given else _UNDATED
        for doc, base in zip(docs, own):
            doc.user_data[_BASE_KEY] = (base or shared).isoformat()
        return
    for doc in docs:
        if reference_of(doc) is None:
            doc.user_data[REFERENCE_KEY] = min(known).isoformat()


def reference_of(doc: Doc) -> date | None:
    """The date ``doc`` is read against: the one set by :func:`set_reference`, else the
    first date with day, month and year among its DATE entities, else None. Found once."""
    given = doc.user_data.get(REFERENCE_KEY)
    if given:
        return _iso_date(given)
    if _FOUND_KEY in doc.user_data:
        found = doc.user_data[_FOUND_KEY]
        return _iso_date(found) if found else None
    from readouts.nlp import entities_in

    reference = None
    for ent in entities_in(doc, 0, len(doc)):
        if ent.label_ != "DATE" or not _YEAR.search(ent.text):
            continue
        period = parse_period(ent.text, None)
        if period is not None and period[2] == "day" and not period[3] and not period[4]:
            reference = period[0]
            break
    doc.user_data[_FOUND_KEY] = reference.isoformat() if reference else None
    return reference


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def undated_base(doc: Doc) -> date:
    """What an undated document's relative values are read against: the undated year at
    the month and day the document gives without a year for its event (a dateline's
    "June 3", "On 3 June"), else the one :func:`set_references` shared from the other
    accounts, else that year's 1 July. Found once."""
    found = doc.user_data.get(_BASE_KEY)
    if found:
        return date.fromisoformat(found)
    base = _own_base(doc) or _UNDATED
    doc.user_data[_BASE_KEY] = base.isoformat()
    return base


def _own_base(doc: Doc) -> date | None:
    """The first day without a year that can date ``doc``'s event: one day, not a window's
    bound ("since May 4", "by June 30") or part of a period ("the end of June")."""
    from readouts.nlp import entities_in

    for ent in entities_in(doc, 0, len(doc)):
        if ent.label_ != "DATE" or _YEAR.search(ent.text) or _RELATIVE_WORDS.search(ent.text):
            continue
        if not _MONTH.search(ent.text) or _PART.match(ent.text):
            continue
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in CUE_WORDS or ent[0].lower_ in CUE_WORDS:
            continue
        period = parse_period(ent.text, None)
        if period is not None and period[2] == "day" and period[0] == period[1]:
            return period[0]
    return None


def parse_period(
    text: str, reference: date | None, *, tense: str = "", undated: date | None = None
) -> Period | None:
    """The period a time expression names: ``(start, end, granularity, relative, guessed)``
    with both ends included (``guessed``: its year was not given and is not clear from the
    reference), or None when the words name no date (a duration such as "three years", an
    unparseable text). Any string gives a period or None, never an error. ``tense``
    ("future", "past" or "") of the verb the time attaches to picks the year of a date
    given without one; ``undated`` is the base of a document without a reference date.

    >>> parse_period("June 3", date(2026, 3, 14))[:3]
    (datetime.date(2026, 6, 3), datetime.date(2026, 6, 3), 'day')
    """
    if not isinstance(text, str):
        return None
    cleaned = _SPACE.sub(" ", text).strip(" \t\r\n.,;:\"'“”‘’()")
    base = reference or undated or _UNDATED
    return _parse(cleaned, base.isoformat(), reference is None, tense)


@lru_cache(maxsize=8192)
def _parse(text: str, base_iso: str, undated: bool, tense: str) -> Period | None:
    if not text or len(text) > MAX_TEXT:
        return None
    text = _TRAILING.sub("", text)
    while _LEADING.match(text) and not _PART.match(text):
        text = _LEADING.sub("", text, count=1)
    if not text or _BARE_UNITS.match(text):
        return None
    if _DURATION.search(text) and not re.search(r"\bago\b", text, re.IGNORECASE):
        return None
    base = date.fromisoformat(base_iso)
    relative = undated and not _YEAR.search(text)
    decade = _DECADE.match(text)
    if decade:
        first = int(decade.group(2)) * 10
        return (date(first, 1, 1), date(first + 9, 12, 31), "decade", False, False)
    part = _PART.match(text)
    if part:
        rest = text[part.end() :]
        if _BARE_PERIOD.match(rest):
            rest = f"this {rest}"
        whole = _parse(rest, base_iso, undated, tense)
        if whole is None:
            return None
        start, end = _part_of(whole[0], whole[1], part.group(2).lower())
        granularity = "day" if whole[2] in ("week", "month", "day") else "month"
        return (start, end, granularity, whole[3], whole[4])
    if not (re.search(r"[A-Za-z]", text) or _YEAR.search(text) or _NUMERIC_DATE.search(text)):
        return None  # a bare "15" is no date
    weekday = bool(_WEEKDAY.search(text)) and not _MONTH.search(text)
    if relative and weekday and base != _UNDATED:
        # An undated text's weekday has no place in its month ("April 14" of which year?):
        # all such weekdays are read in one made-up week, comparable only with each other.
        return _parse(text, _UNDATED.isoformat(), undated, tense)
    parsed = _dateparser(text, base_iso)
    if parsed is None:
        return None
    day, period = parsed
    start, end, granularity = _interval(day, period)
    guessed = False
    if not _YEAR.search(text) and not _RELATIVE_WORDS.search(text):
        start, end, guessed = _nearest(start, end, base, text, tense)
    if relative and weekday and granularity == "day":
        granularity = "weekday"
    if relative and (_DEICTIC.search(text) or granularity in ("week", "time")):
        # "today" in one undated account and "yesterday" in another may be one day: each
        # counts from its own, unknown, day of publication.
        guessed = True
    return (start, end, granularity, relative, guessed)


def _dateparser(text: str, base_iso: str) -> tuple[date, str] | None:
    parser = _parser(base_iso)
    try:
        data = parser.get_date_data(text)
    # What dateparser raises on odd text (a day out of range, an overflowing offset, a
    # pattern it half-matches); none may reach the reader as a traceback.
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AttributeError):
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period or "day")


@lru_cache(maxsize=64)
def _parser(base_iso: str):  # -> dateparser.date.DateDataParser
    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(base_iso)
    return DateDataParser(
        languages=["en"],
        try_previous_locales=False,
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "current_period",
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _interval(day: date, period: str) -> tuple[date, date, str]:
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year"
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return date(day.year, day.month, 1), date(day.year, day.month, last), "month"
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6), "week"
    if period in ("time", "part_of_day", "hour", "minute", "second"):
        return day, day, "time"
    return day, day, "day"


def _nearest(
    start: date, end: date, base: date, text: str, tense: str
) -> tuple[date, date, bool]:
    """A date without a year ("in March", "Sept. 9") in the year that puts it nearest the
    reference, a bare weekday ("on Monday") in the week that does, among the readings the
    tense allows ("will meet in March": not a March gone by); and whether that is a guess."""
    if _MONTH.search(text):
        candidates = [_shift_years(start, end, years) for years in (-1, 0, 1, 2)]
    elif _WEEKDAY.search(text) and start == end:
        candidates = [(start + timedelta(days=d), end + timedelta(days=d)) for d in (-7, 0, 7)]
    else:
        return start, end, False

    return nearest_of(candidates, base, tense)


def nearest_of(
    candidates: Sequence[tuple[date, date]], base: date, tense: str
) -> tuple[date, date, bool]:
    """Of the readings ``candidates`` (first and last day), the one nearest ``base``
    among those the tense allows, and whether that is a guess (far off, or a runner-up
    nearly as near). Shared with :mod:`readouts.languages.values`."""

    def distance(candidate: tuple[date, date]) -> int:
        first, last = candidate
        if first <= base <= last:
            return 0
        return min(abs((first - base).days), abs((last - base).days))

    allowed = list(candidates)
    if tense == "future":
        allowed = [c for c in candidates if c[1] >= base] or allowed
    elif tense == "past":
        allowed = [c for c in candidates if c[0] <= base] or allowed
    ranked = sorted(allowed, key=distance)
    best = ranked[0]
    nearest = distance(best)
    runner_up = distance(ranked[1]) if len(ranked) > 1 else None
    guessed = nearest > SURE_MAX_DAYS or (
        runner_up is not None and nearest > 0 and runner_up < SURE_RATIO * nearest
    )
    if not tense and runner_up is not None and nearest > 0 and runner_up <= _WEEK:
        # No tense to tell them apart, and a reading each side of the base within a week
        # ("on Monday" in a Saturday's story, said without a tense the parser found):
        # either may be meant.
        second = ranked[1]
        guessed = guessed or ((best[1] < base) != (second[1] < base))
    return best[0], best[1], guessed


def _shift_years(start: date, end: date, years: int) -> tuple[date, date]:
    def shift(day: date, last_of_month: bool) -> date:
        year = day.year + years
        if last_of_month:
            return date(year, day.month, calendar.monthrange(year, day.month)[1])
        return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))

    whole_month = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    return shift(start, False), shift(end, whole_month and end != start)


def _part_of(start: date, end: date, part: str) -> tuple[date, date]:
    """The third of a period that 'early', 'mid' or 'late' names; a half for 'first/second
    half of'."""
    part = " ".join(part.split())
    days = (end - start).days + 1
    if days < 3:
        return start, end
    third = days // 3
    if part in ("early", "earlier", "beginning of", "start of"):
        return start, start + timedelta(days=third - 1)
    if part in ("mid", "middle of"):
        return start + timedelta(days=third), end - timedelta(days=third)
    if part == "first half of":
        return start, start + timedelta(days=days // 2 - 1)
    if part == "second half of":
        return start + timedelta(days=days // 2), end
    return end - timedelta(days=third - 1), end  # late, later, end of


# Words before a time expression and the window each gives the event, as (lower, upper)
# taken from the expression's period: "start" / "end" of it, the day before its start,
# the day after its end, or None (open).
WINDOWS: dict[str, tuple[str | None, str | None]] = {
    "by": (None, "end"),
    "no later than": (None, "end"),
    "not later than": (None, "end"),
    "before": (None, "before"),
    "earlier than": (None, "before"),
    "later than": ("after", None),
    "prior to": (None, "before"),
    "after": ("after", None),
    "no earlier than": ("start", None),
    "not earlier than": ("start", None),
    "since": ("start", None),
    "not before": ("start", None),
    "not until": ("start", None),
    "not prior to": ("start", None),
    "not after": (None, "end"),
    "not by": ("after", None),
    "in": ("start", "end"),
    "on": ("start", "end"),
    "during": ("start", "end"),
    "at": ("start", "end"),
    "": ("start", "end"),
}
# Words that make a time say nothing firm about when the event is: "until March" (a
# state lasting), "from 2026" (often a range), "within", "not in March" (anything else),
# or a time that dates the report rather than the event ("said on Monday").
UNBOUNDED = frozenset({"until", "till", "from", "through", "within", "throughout", "over"})
_CUES = tuple(sorted(WINDOWS, key=lambda words: -len(words.split())))
NEGATIONS = frozenset({"not", "n't", "never", "no"})


# Words an entity may begin with that set a window rather than name a time: the parser
# tags "no later than June 3" as one DATE.
CUE_WORDS = frozenset(
    "by before after no not later earlier than since until till from prior to within".split()
)


def time_value(
    ent: SpacySpan, reference: date | None, reporting: frozenset[str]
) -> tuple[TimeValue, int, int] | None:
    """The value of a DATE or TIME entity in its sentence, with the window the words
    around it set, and the offsets of the words that name the time (the entity without
    any "no later than" it begins with); None when the entity names no date (a duration,
    an unreadable text). ``reporting``: lemmas of reporting verbs, whose times date the
    report, not the event ("said on Monday")."""
    lead = 0
    while lead < len(ent) - 1 and ent[lead].lower_ in CUE_WORDS:
        lead += 1
    named = ent[lead:]
    text = _SPACE.sub(" ", named.text).strip(" \t\r\n.,;:\"'“”‘’()")
    if not text:
        return None
    modifier, cues, governor = _modifier(named)
    undated = undated_base(ent.doc) if reference is None else None
    period = parse_period(text, reference, tense=_tense(governor), undated=undated)
    if period is None:
        return None
    first, last, granularity, relative, guessed = period
    if governor is not None and governor.lemma_.lower() in reporting and not _asked_for(governor):
        lower = upper = None
        modifier = "said"
    elif modifier in UNBOUNDED or (modifier.startswith("not") and modifier not in WINDOWS):
        lower = upper = None
    else:
        lower, upper = WINDOWS.get(modifier, (None, None))
        part = _PART.match(text)
        if part and " ".join(part.group(2).lower().split()) == "end of" and upper == "before":
            upper = "end"  # "before the end of the year": by its last day
    event = governor.lemma_.lower() if governor is not None else ""
    value = TimeValue(
        start=first.isoformat(),
        end=last.isoformat(),
        granularity=granularity,
        earliest=_bound(lower, first, last),
        latest=_bound(upper, first, last),
        relative=relative,
        guessed=guessed,
        modifier=modifier,
        cues=cues,
        event=event,
    )
    start = named.start_char + (len(named.text) - len(named.text.lstrip(" \t\r\n.,;:\"'“”‘’(")))
    end = start + len(text) if named.text.strip() else named.end_char
    return value, start, end


def _asked_for(verb: Token) -> bool:
    """A reporting verb that names a report still to come ("asks the Secretary-General to
    report by the end of March", "will announce in June"): its time is when that report is
    due, an event like any other, not the date of the statement the text reports."""
    return _tense(verb) == "future"


def _bound(which: str | None, first: date, last: date) -> str | None:
    if which is None:
        return None
    day = {
        "start": first,
        "end": last,
        "before": first - timedelta(days=1),
        "after": last + timedelta(days=1),
    }[which]
    return day.isoformat()


def _modifier(ent: SpacySpan) -> tuple[str, tuple[tuple[int, int, str], ...], Token | None]:
    """The words just before the entity that set its window ("by", "not before", "no
    later than"), their places, and the word the time attaches to (the verb, mostly)."""
    doc = ent.doc
    before = [doc[i] for i in range(max(ent.sent.start, ent.start - 5), ent.start)]
    words = [token.lower_ for token in before]
    cue_tokens: list[Token] = []
    modifier = ""
    for cue in _CUES:
        parts = cue.split()
        if parts and words[-len(parts) :] == parts:
            modifier = cue
            cue_tokens = before[-len(parts) :]
            break
    if not modifier and words and words[-1] in UNBOUNDED:
        modifier, cue_tokens = words[-1], before[-1:]
    preposition = cue_tokens[-1] if cue_tokens else None
    governor = _governor(ent, preposition)
    if not modifier.startswith(("not ", "no ")):
        negation = _negation_of(governor, cue_tokens)
        if negation is not None:
            modifier = f"not {modifier}".strip()  # "not": not at that time, so any other
            cue_tokens = [negation, *cue_tokens]
    cues = tuple((t.idx, t.idx + len(t.text), t.text) for t in cue_tokens)
    return modifier, cues, governor


def _governor(ent: SpacySpan, preposition: Token | None) -> Token | None:
    """The word a time attaches to: the head of its preposition, or of the entity."""
    if preposition is not None and preposition.dep_ in ("prep", "agent"):
        return preposition.head  # "agent": the "by" of a passive ("signed by March")
    root = ent.root
    if root.dep_ in ("npadvmod", "tmod", "advmod", "pobj", "obl"):
        head = root.head
        return head.head if head.dep_ in ("prep", "agent") else head
    return None


_FUTURE_AUX = frozenset({"will", "shall", "would", "'ll", "wo", "to", "going"})
_PAST_AUX = frozenset({"did", "had", "was", "were"})


def _tense(governor: Token | None) -> str:
    """'future' ("will meet", "agreed to meet", "would be signed"), 'past' ("met", "was
    signed", "has met") or '' for the verb a time attaches to."""
    if governor is None:
        return ""
    auxiliaries = {c.lower_ for c in governor.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE_AUX:
        return "future"
    if governor.tag_ == "VBD" or auxiliaries & _PAST_AUX:
        return "past"
    if governor.tag_ == "VBN" and auxiliaries & {"has", "have"}:
        return "past"
    if governor.pos_ in ("NOUN", "PROPN"):
        # "held talks on Monday" parsed with "held" as a modifier of "talks": the verb's
        # tense is the event's.
        for child in governor.children:
            if child.dep_ in ("amod", "acl") and child.tag_ == "VBD":
                return "past"
    return ""


def _negation_of(governor: Token | None, cues: list[Token]) -> Token | None:
    """The 'not' that negates the verb a time window hangs on ("will not meet before")."""
    if cues:
        doc = cues[0].doc
        previous = doc[cues[0].i - 1] if cues[0].i > 0 else None
        if previous is not None and previous.lower_ in NEGATIONS:
            return previous  # "not before 2027"
    if governor is None:
        return None
    for child in governor.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATIONS and child.dep_ == "advmod"):
            return child
    return None


if TYPE_CHECKING:
    from spacy.tokens import Token
