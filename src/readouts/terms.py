"""Key terms of a claim: named entities, numbers with their units, content-word lemmas.

Pure data and normalisation; the spaCy-dependent extraction lives in :mod:`readouts.claims`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

TermKind = Literal["entity", "number", "time", "word"]

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Term:
    """A key term with its exact place in the document.

    ``key`` is what terms are matched on (a lowercased lemma, a normalised entity name, or
    a number's value); ``text`` is what the reader sees (``document.text[start:end]``).
    For a number, ``unit`` is the thing counted ("kilometers", "MONEY") and ``value`` its
    magnitude, within ``low``..``high`` ("nearly 40": 36..40; ``high`` may be inf). For a
    time (a date or time of day), ``time`` is its normalised value and ``key`` is built
    from it, so "on 3 June" and "June 3" have one key.
    """

    kind: TermKind
    key: str
    text: str
    start: int
    end: int
    label: str = ""
    value: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    time: TimeValue | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.label:
            data["label"] = self.label
        if self.kind == "number":
            data["value"] = self.value
            data["unit"] = self.unit
            if self.low is not None and self.high is not None and self.low != self.high:
                data["low"] = self.low
                data["high"] = None if math.isinf(self.high) else self.high
        if self.kind == "time" and self.time is not None:
            data["time"] = self.time.to_dict()
        return data

    @property
    def interval(self) -> tuple[float, float] | None:
        """A number's ``(low, high)``: its value alone when no qualifier widens it."""
        if self.value is None:
            return None
        if self.low is None or self.high is None:
            return (self.value, self.value)
        return (self.low, self.high)


@dataclass(frozen=True)
class TimeValue:
    """When a time expression is, and when it says the event is.

    ``start``..``end`` (ISO dates, both included) is the period the words name: "June 3"
    is one day, "March 2026" a month, "next year" a year. ``earliest``..``latest`` is when
    the claim puts the event, after the words around it: "by 2030" is up to 2030-12-31
    (``earliest`` None: open), "not before 2027" from 2027-01-01 on. ``relative`` is True
    when the document gave no reference date and the words none either ("next year" in
    an undated text): such values compare only with other relative ones. ``guessed``: the
    year was not given and is not clear from the reference date. ``cues`` are the
    words that set the window ("not", "before"), for a conflict's evidence.
    """

    start: str
    end: str
    granularity: str  # "day" | "week" | "month" | "year" | "decade" | "time"
    earliest: str | None
    latest: str | None
    relative: bool = False
    # The year (or week) was not given and is a guess: such a value makes no conflict.
    guessed: bool = False
    modifier: str = ""  # "by", "before", "after", "not before", ...
    cues: tuple[tuple[int, int, str], ...] = ()
    event: str = ""  # lemma of the word the time attaches to ("meet" in "will meet in March")

    @property
    def key(self) -> str:
        return f"@{'~' if self.relative else ''}{self.start}/{self.end}"

    def to_dict(self) -> dict[str, Any]:
        shown = relative_date if self.relative else _same
        data: dict[str, Any] = {
            "start": shown(self.start),
            "end": shown(self.end),
            "granularity": self.granularity,
            "earliest": shown(self.earliest),
            "latest": shown(self.latest),
            "relative": self.relative,
        }
        if self.guessed:
            data["guessed"] = True
        if self.modifier:
            data["modifier"] = self.modifier
        return data


# The year relative values of an undated document are read in (readouts.times): shown as
# "Y", the next as "Y+1", so no made-up year reaches a reader.
UNDATED_YEAR = 2001


def relative_date(iso: str | None) -> str | None:
    """'2002-01-01' read against the undated year -> 'Y+1-01-01'; '2001-03-14' -> 'Y-03-14'."""
    if iso is None or len(iso) < 10 or not iso[:4].isdigit():
        return iso
    offset = int(iso[:4]) - UNDATED_YEAR
    year = "Y" if offset == 0 else f"Y{offset:+d}"
    return f"{year}{iso[4:]}"


def _same(iso: str | None) -> str | None:
    return iso


def entity_key(text: str) -> str:
    """'the United States' and 'United States’' both become 'united states'."""
    key = _SPACE.sub(" ", text.strip()).lower()
    key = _ARTICLE.sub("", key)
    key = _POSSESSIVE.sub("", key)
    return key.strip(" .,;:\"'“”‘’")


TIME_WEIGHT = 3.0


@lru_cache(maxsize=65536)
def weight(key: str) -> float:
    """How informative a lemma is: rare words weigh more (from wordfreq's Zipf scale).

    Zipf 7 ('the') gives 0.5; an unseen name gives 8. A time's key ('@2026-06-03/...')
    weighs TIME_WEIGHT, what date words ('Monday', 'June', '2028': 2.7 to 3.4) weighed when
    dates were keyed by their words.
    """
    if key.startswith("@"):
        return TIME_WEIGHT
    from wordfreq import zipf_frequency

    language = _script_language(key)
    if language == "zh":
        _quiet_jieba()  # wordfreq cuts Chinese with jieba, which logs to stderr
    zipf = max((zipf_frequency(part, language) for part in key.split()), default=0.0)
    return max(0.5, 8.0 - zipf)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _quiet_jieba() -> None:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


def _script_language(key: str) -> str:
    """The wordfreq language a lemma is looked up in, by its script: Cyrillic is
    Russian, Han is Chinese, anything else English."""
    if _HAN.search(key):
        return "zh"
    if _CYRILLIC.search(key):
        return "ru"
    return "en"


# Number words text2num does not read as cardinals: "a dozen agreements", "half".
NUMBER_IDIOMS = {"dozen": 12.0, "half": 0.5}
# Scales written after figures ("2.5 bn", "10k"); text2num reads the spelled-out ones.
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mln": 1e6,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
}
_NUMERIC = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_PARTS = re.compile(r"[a-z]+")
# Longest number-word run read at once (text2num's work grows with it; no real number
# spelled out in English is longer).
_MAX_RUN = 12


def parse_number(words: list[str]) -> float | None:
    """The value of a number's words: ['3,000'] -> 3000, ['2.5', 'billion'] -> 2.5e9,
    ['two', 'thousand', 'five', 'hundred'] -> 2500, ['a', 'dozen'] -> 12.

    Spelled-out cardinals are read by text2num; figures, the scales written after them
    and the idioms of NUMBER_IDIOMS here. Returns None when the words hold no number.
    """
    total = 0.0
    current: float | None = None
    seen = False
    run: list[str] = []

    def flush() -> None:
        nonlocal current, seen
        if run:
            value = spelled_number(run)
            run.clear()
            if value is not None:
                current = value if current is None else current + value
                seen = True

    previous = ""
    for raw in words:
        word = raw.lower().strip("$€£¥%+~")
        if not word:
            continue
        if previous in ("a", "an") and word in SCALES and not run and current is None:
            run.append("one")  # "a hundred", "a million"
        previous = word
        if _NUMERIC.fullmatch(word):
            flush()
            cleaned = word.replace(",", "") if _looks_grouped(word) else word.replace(",", ".")
            try:
                number = float(cleaned)
            except ValueError:
                continue
            current = number if current is None else current + number
            seen = True
        elif word in SCALES and current is not None and not run:
            if SCALES[word] < 1e3:
                current *= SCALES[word]  # "5 hundred" scales only what precedes it
            else:
                total += current * SCALES[word]
                current = None
        elif word in NUMBER_IDIOMS:
            run.append(word)
        else:
            parts = _WORD_PARTS.findall(word)  # "twenty-five" -> twenty, five
            if parts and all(_is_number_word(part) for part in parts):
                run.extend(parts)
            elif word not in ("-", "and", "a", "an"):
                flush()
    flush()
    if not seen:
        return None
    value = total + (current or 0.0)
    if math.isinf(value) or math.isnan(value):
        return None
    return value


def spelled_number(words: Sequence[str]) -> float | None:
    """The value of spelled-out number words: ['twenty', 'five'] -> 25, ['dozen'] -> 12,
    ['two', 'dozen'] -> 24, ['half'] -> 0.5; None when they are not one number."""
    words = [word for word in words if word != "and"] if len(words) > 1 else list(words)
    if not words or len(words) > _MAX_RUN or all(word in SCALES for word in words):
        return None  # "million" alone is no number
    if words[0] == "half" and len(words) > 1:  # "half a million"
        whole = SCALES[words[1]] if len(words) == 2 and words[1] in SCALES else None
        whole = whole or spelled_number(words[1:])
        return None if whole is None else whole / 2
    if words[-1] == "half" and len(words) > 1:  # "two and a half"
        whole = spelled_number(words[:-1])
        return None if whole is None else whole + 0.5
    if words[-1] in NUMBER_IDIOMS:  # "a dozen", "two dozen"
        times = spelled_number(words[:-1]) if len(words) > 1 else 1.0
        return None if times is None else times * NUMBER_IDIOMS[words[-1]]
    return _text2num(" ".join(words))


@lru_cache(maxsize=4096)
def _text2num(text: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(text, "en"))
    except ValueError:
        return None


# Words text2num takes as a number although a text rarely means one by them alone
# ("hundreds" of people is no count of 100; "tens" likewise).
_NOT_ALONE = frozenset({"tens", "hundreds", "thousands", "millions", "billions", "trillions"})


@lru_cache(maxsize=4096)
def _is_number_word(word: str) -> bool:
    if word in NUMBER_IDIOMS:
        return True
    if word in _NOT_ALONE or word in ("a", "an", "and") or not word.isalpha():
        return False
    return _text2num(word) is not None


def is_number_word(word: str) -> bool:
    """Whether ``word`` (any case) is a spelled-out number: 'twelve', 'dozen', 'half'."""
    return _is_number_word(word.lower())


@dataclass(frozen=True)
class Amount:
    """A number as a text gives it: a value and the interval it allows.

    "nearly 40" is 40 within [36, 40]; "more than 30" is [30, inf); "tens of thousands"
    is 10,000 within [10,000, 100,000); "one in five" and "a fifth" are 20 percent.
    """

    value: float
    low: float
    high: float
    percent: bool = False

    def agrees(self, other: Amount) -> bool:
        """Whether the two intervals share a value (up to rounding)."""
        slack = 1e-9 * max(abs(self.value), abs(other.value), 1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack


# Qualifiers of a number and the interval each allows around it (as factors of the value).
APPROXIMATELY = 0.1
_QUALIFIERS: tuple[tuple[tuple[str, ...], tuple[float, float]], ...] = (
    (("no", "more", "than"), (0.0, 1.0)),
    (("not", "more", "than"), (0.0, 1.0)),
    (("more", "than"), (1.0, math.inf)),
    (("greater", "than"), (1.0, math.inf)),
    (("at", "least"), (1.0, math.inf)),
    (("upwards", "of"), (1.0, math.inf)),
    (("in", "excess", "of"), (1.0, math.inf)),
    (("over",), (1.0, math.inf)),
    (("above",), (1.0, math.inf)),
    (("less", "than"), (0.0, 1.0)),
    (("fewer", "than"), (0.0, 1.0)),
    (("at", "most"), (0.0, 1.0)),
    (("up", "to"), (0.0, 1.0)),
    (("under",), (0.0, 1.0)),
    (("below",), (0.0, 1.0)),
    (("nearly",), (1.0 - APPROXIMATELY, 1.0)),
    (("almost",), (1.0 - APPROXIMATELY, 1.0)),
    (("close", "to"), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("about",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("around",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("approximately",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("roughly",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("some",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("estimated",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("approx",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
    (("~",), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)),
)
# "tens of thousands", "hundreds", "dozens": an order of magnitude, not a count.
_VAGUE = {"tens": 10.0, "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3}
_VAGUE.update({"millions": 1e6, "billions": 1e9, "trillions": 1e12})
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_FRACTIONS.update({"fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10})
_TOKENS = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*|~")


def read_amount(words: Sequence[str], context: Sequence[str] = ()) -> Amount | None:
    """The amount the words of a number phrase give, qualifiers included:

    ['nearly', '40'] -> 40 in [36, 40]; ['a', 'dozen'] -> 12; ['one', 'in', 'five'] and
    ['a', 'fifth'] -> 20 percent; ['tens', 'of', 'thousands'] -> [10,000, 100,000).
    ``context`` (the words just before) may hold a qualifier, never the number.
    None when they hold no number. Any input gives an Amount or None, never an error.
    """
    tokens = [token for word in words[:40] for token in _TOKENS.findall(word.lower())]
    around = [token for word in context[-6:] for token in _TOKENS.findall(word.lower())]
    low_factor, high_factor = 1.0, 1.0
    for qualifier, (low, high) in _QUALIFIERS:
        if _contains(around + tokens, qualifier):
            low_factor, high_factor = low, high
            break
    amount = _fraction(tokens) or _vague(tokens)
    if amount is None:
        value = parse_number(tokens)
        if value is None:
            return None
        amount = Amount(value, value, value)
    if (low_factor, high_factor) == (1.0, 1.0):
        return amount
    low = amount.low * low_factor if amount.low >= 0 else amount.low * high_factor
    high = amount.high * high_factor if amount.high >= 0 else amount.high * low_factor
    return Amount(amount.value, min(low, high), max(low, high), amount.percent)


def _contains(tokens: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))


def _fraction(tokens: Sequence[str]) -> Amount | None:
    """'one in five', '1 out of 4', 'a third', 'two-thirds', 'half' as percentages."""
    for separator in (("in",), ("out", "of")):
        size = len(separator)
        for i in range(1, len(tokens) - size):
            if tuple(tokens[i : i + size]) != separator:
                continue
            part, whole = parse_number([tokens[i - 1]]), parse_number([tokens[i + size]])
            if part is not None and whole and 0 <= part <= whole:
                return _percent(100.0 * part / whole)
    for i, token in enumerate(tokens):
        if token not in _FRACTIONS:
            continue
        if any(
            other in _VAGUE or other in SCALES or _NUMERIC.fullmatch(other)
            for other in tokens[i + 1 :]
        ):
            return None  # "half a million", "a quarter of 2026": not a share
        before = tokens[i - 1] if i else ("a" if token == "half" else "")
        if i >= 2 and tokens[i - 1] == "a" and tokens[i - 2] == "and":
            return None  # "two and a half": a count, read by parse_number
        # "a third", "two thirds", "half"; not "the first quarter" (of a year).
        count = 1.0 if before in ("a", "an", "one") else parse_number([before])
        if count is None:
            return None
        if token in ("half", "halves") or count < _FRACTIONS[token]:
            return _percent(100.0 * count / _FRACTIONS[token])
    return None


# A share in words is a round figure: "a fifth" stands for 18 to 22 percent as readily as
# "about 20 percent" does.
SHARE_TOLERANCE = 0.1


def _percent(value: float) -> Amount:
    low, high = value * (1 - SHARE_TOLERANCE), value * (1 + SHARE_TOLERANCE)
    return Amount(value, math.floor(round(low, 6)), math.ceil(round(high, 6)), percent=True)


def _vague(tokens: Sequence[str]) -> Amount | None:
    """'tens of thousands' -> [10,000, 100,000); 'dozens' -> [24, 144); 'hundreds of
    millions' -> [1e8, 1e9)."""
    magnitude = 1.0
    found = False
    for token in tokens:
        if token in _VAGUE:
            magnitude *= _VAGUE[token]
            found = True
        elif parse_number([token]) is not None:
            return None  # "two thousand": a count, not "thousands"
    if not found:
        return None
    first = next(token for token in tokens if token in _VAGUE)
    low = 2.0 * magnitude if first in ("dozens", "scores") else magnitude
    return Amount(low, low, magnitude * 10.0 if first != "dozens" else magnitude * 12.0)


def _looks_grouped(word: str) -> bool:
    """'3,000' and '1,250,000' are thousands groupings; '2,5' is a decimal comma."""
    return bool(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", word)) or "," not in word


def format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"


# --- rates -----------------------------------------------------------------------------

# "14 flights a week", "14 рейсов в неделю", "每周14班": a count per period. A rate and a
# level of the same thing are two quantities, and a rate per week is no rate per month.
_RATE_AFTER = {
    "en": re.compile(
        r"\A[ \t]*(?:[A-Za-z][\w'-]*[ \t]+){0,3}?(?:a|an|per|each|every)[ \t]+"
        r"(day|week|month|year)\b",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"\A[ \t]*(?:[^\W\d_][\w-]*[ \t]+){0,3}?в[ \t]+(день|сутки|неделю|месяц|год)"
        # "в день визита" is "on the day of the visit": the period ends the phrase
        r"(?=[ \t]*(?:[,.;:!?)»\"]|\Z|и\b|а\b|—|–))",
        re.IGNORECASE,
    ),
}
_RATE_BEFORE_ZH = re.compile(r"每(天|日|周|星期|月|年)(?:约|近|超过|达到?|至少|最多)?\Z")
_PERIODS = {
    "день": "day",
    "сутки": "day",
    "неделю": "week",
    "месяц": "month",
    "год": "year",
    "天": "day",
    "日": "day",
    "周": "week",
    "星期": "week",
    "月": "month",
    "年": "year",
}
# Units a rate is never read for: amounts and changes keep their own units.
_NOT_RATED = re.compile(r"^(percent|money(:\w+)?|change)$|\sno\.$")
_RATE_REACH = 40


def rated(term: Term, text: str, lang: str, lo: int = 0, hi: int | None = None) -> Term:
    """``term`` (a count in ``text``) as a count per period when the words around it say
    so within ``text[lo:hi]`` (its sentence): its unit becomes "flight/week"."""
    if term.kind != "number" or _NOT_RATED.search(term.unit or ""):
        return term
    hi = len(text) if hi is None else hi
    if lang == "zh":
        found = _RATE_BEFORE_ZH.search(text, max(lo, term.start - 6), term.start)
    else:
        pattern = _RATE_AFTER.get(lang)
        found = pattern.match(text[term.end : min(hi, term.end + _RATE_REACH)]) if pattern else None
    if found is None:
        return term
    period = _PERIODS.get(found.group(1).lower(), found.group(1).lower())
    unit = f"{term.unit}/{period}"
    key = term.key
    prefix = f"#{term.unit}:"
    if key.startswith(prefix):
        key = f"#{unit}:" + key[len(prefix) :]
    return replace(term, unit=unit, key=key)
