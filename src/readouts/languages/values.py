"""Numbers and times of Russian and Chinese text, as readouts Terms comparable by value
with the English ones ("40 миллионов евро", "4000万欧元" and "40 million euros" are one
amount, ``#money:eur:4e+07``; "не раньше 2027 года" and "2027年以前不会" one window).

What reads what:

- Russian number words and their inflections ("двадцати пяти", "миллионов") are valued
  by number-parser; pymorphy3 tells number words (``NUMR``) and gives the counted noun's
  normal form ("12 кораблей" counts "корабль").
- Chinese numerals ("一千四百万", "3.5亿", "两千") are valued by cn2an; jieba's word
  boundaries keep numerals inside words ("统一") out and find the measure word and the
  counted noun ("12艘舰船" counts "舰船").
- Times are read by dateparser, from its own Russian and Chinese vocabularies (month and
  weekday names, "в следующем году", "下个月"), which also find them in the text (with
  pymorphy3's inflections of those names: "в марте"). Around it this module adds what
  dateparser does not read, as :mod:`readouts.times` does for English: parts of a period
  ("до конца года", "本月底"), the year of a date given without one, and the window the
  words around set ("не раньше", "к", "以前", "最迟").

Here are only the words no library lists: qualifiers of a number ("около", "超过"),
currencies, and the cue words of a time window. Every analyser is loaded on first use
and kept for the process; importing this module loads none.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from readouts.terms import APPROXIMATELY, UNDATED_YEAR, Term, TimeValue, rated

# The English reader's own helpers, so that a Russian or Chinese period and window are
# built exactly as an English one is.
from readouts.times import (
    UNBOUNDED,
    WINDOWS,
    _bound,
    _interval,
    _part_of,
    _shift_years,
)

LANGUAGES = ("ru", "zh")
# What the libraries raise on odd text; none may reach the caller.
_LIBRARY_ERRORS = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    OverflowError,
    ZeroDivisionError,
    RecursionError,
)
# A number spelled out in more words or characters than these is no number a text gives.
_MAX_WORDS = 8
_MAX_CHARS = 24
# The undated day relative values are read against (the one readouts.times uses).
_UNDATED = date(UNDATED_YEAR, 7, 1)
_INF = math.inf


def numbers(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The number terms of ``text[start:end]`` in ``lang`` ("ru" or "zh"), with offsets
    into the whole ``text``: one per value (a range gives one per end), each read with its
    qualifiers as an interval ("около 40": 36..44), its unit ("percent", "money:eur", the
    counted noun's lemma, else "count"). Years and dates are times, not numbers."""
    lo, hi = _window(text, lang, start, end)
    if lo >= hi:
        return []
    dates = [(a, b) for a, b, _ in _time_matches(text, lang, lo, hi)]
    found = _ru_numbers(text, lo, hi) if lang == "ru" else _zh_numbers(text, lo, hi)
    found = [rated(term, text, lang, lo, hi) for term in _outside(found, dates)]
    return sorted(found, key=lambda term: (term.start, term.end))


def _outside(terms: list[Term], spans: list[tuple[int, int]]) -> list[Term]:
    """The terms that overlap none of ``spans`` (sorted, as regex matches come)."""
    starts = [a for a, _ in spans]
    kept = []
    for term in terms:
        index = bisect.bisect_left(starts, term.end) - 1  # the last span starting before its end
        if index >= 0 and spans[index][1] > term.start:
            continue
        kept.append(term)
    return kept


def times(
    text: str, lang: str, reference: date | None, start: int = 0, end: int | None = None
) -> list[Term]:
    """The time terms of ``text[start:end]`` in ``lang``: each a ``TimeValue`` read against
    ``reference`` (the document's date), else relative (readouts' undated convention),
    with the window its cue words set ("к 2030 году": by; "不早于": not before)."""
    lo, hi = _window(text, lang, start, end)
    if lo >= hi:
        return []
    if isinstance(reference, datetime):
        reference = reference.date()
    if reference is not None and not isinstance(reference, date):
        reference = None
    terms = []
    for first, last, match in _time_matches(text, lang, lo, hi):
        value = _time_value(text, lang, match, first, last, reference, lo, hi)
        if value is not None:
            terms.append(Term("time", value.key, text[first:last], first, last, "DATE", time=value))
    return terms


def _window(text: str, lang: str, start: int, end: int | None) -> tuple[int, int]:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: expected one of {LANGUAGES}")
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    size = len(text)
    lo = min(max(int(start or 0), 0), size)
    hi = size if end is None else min(max(int(end), 0), size)
    return lo, hi


# --- shared ---------------------------------------------------------------------------


def _number_term(
    text: str, start: int, end: int, label: str, value: float, unit: str, factors
) -> Term | None:
    if not math.isfinite(value) or start >= end:
        return None
    low, high = value * factors[0], value * factors[1] if factors[1] != _INF else _INF
    if value < 0:
        low, high = value * factors[1], value * factors[0]
    return Term(
        "number",
        f"#{unit}:{value:g}",
        text[start:end],
        start,
        end,
        label,
        value,
        unit,
        low=min(low, high),
        high=max(low, high),
    )


def _label(unit: str, quantity: bool) -> str:
    if unit == "percent":
        return "PERCENT"
    if unit.startswith("money"):
        return "MONEY"
    return "QUANTITY" if quantity else "CARDINAL"


def _quiet(function, *args):
    """``function(*args)``, or None when the library refuses the text (some warn first)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return function(*args)
        except _LIBRARY_ERRORS:
            return None


# Qualifiers and the interval each allows around the number, as factors of its value
# (readouts.terms does the same for English).
_AT_LEAST, _AT_MOST = (1.0, _INF), (0.0, 1.0)
_NEARLY, _ABOUT = (1.0 - APPROXIMATELY, 1.0), (1.0 - APPROXIMATELY, 1.0 + APPROXIMATELY)
_EXACT = (1.0, 1.0)

# --- Russian numbers --------------------------------------------------------------------

_RU_QUALIFIERS: tuple[tuple[tuple[str, ...], tuple[float, float]], ...] = tuple(
    (tuple(words.split()), factors)
    for words, factors in (
        ("не более чем", _AT_MOST),
        ("не менее чем", _AT_LEAST),
        ("не более", _AT_MOST),
        ("не больше", _AT_MOST),
        ("не свыше", _AT_MOST),
        ("не менее", _AT_LEAST),
        ("не меньше", _AT_LEAST),
        ("по меньшей мере", _AT_LEAST),
        ("по крайней мере", _AT_LEAST),
        ("как минимум", _AT_LEAST),
        ("как максимум", _AT_MOST),
        ("более чем", _AT_LEAST),
        ("менее чем", _AT_MOST),
        ("чуть более", _AT_LEAST),
        ("чуть менее", _AT_MOST),
        ("почти что", _NEARLY),
        ("минимум", _AT_LEAST),
        ("максимум", _AT_MOST),
        ("более", _AT_LEAST),
        ("больше", _AT_LEAST),
        ("свыше", _AT_LEAST),
        ("сверх", _AT_LEAST),
        ("менее", _AT_MOST),
        ("меньше", _AT_MOST),
        ("до", _AT_MOST),
        ("почти", _NEARLY),
        ("практически", _NEARLY),
        ("около", _ABOUT),
        ("примерно", _ABOUT),
        ("приблизительно", _ABOUT),
        ("порядка", _ABOUT),
        ("ориентировочно", _ABOUT),
        ("приблизительно", _ABOUT),
        ("где-то", _ABOUT),
        ("~", _ABOUT),
    )
)
# Currencies by their normal form or sign (readouts.claims.CURRENCIES for English).
_RU_CURRENCIES = {
    "евро": "eur",
    "доллар": "usd",
    "долл": "usd",
    "рубль": "rub",
    "руб": "rub",
    "юань": "cny",
    "фунт": "gbp",
    "иена": "jpy",
    "йена": "jpy",
    "$": "usd",
    "€": "eur",
    "₽": "rub",
    "£": "gbp",
    "¥": "jpy/cny",
}
# Written scales number-parser does not read ("3,5 млрд", "40 тыс.").
_RU_SCALES = {"тыс": 1e3, "млн": 1e6, "млрд": 1e9, "трлн": 1e12}
_RU_HALF = frozenset({"полтора", "полторы", "полутора"})  # 1.5, which number-parser does not read

_RU_TOKEN = re.compile(
    r"(?P<fig>(?<!\d)\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d,.]\d)"
    r"|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
    r"|(?P<sym>[%$€₽£¥~№])"
    r"|(?P<dash>[-–—])"
    r"|(?P<punct>\S)"
)
_CLAUSE_END = frozenset('.,;:!?()"«»“”。，；：！？、（）')


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def _ru_tokens(text: str, lo: int, hi: int) -> list[_Token]:
    return [
        _Token(str(match.lastgroup), match.group(0), match.start(), match.end())
        for match in _RU_TOKEN.finditer(text, lo, hi)
    ]


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _ru_parse(word: str) -> tuple[str, str, str]:
    """(part of speech, normal form, tag) of a Russian word, by pymorphy3's likeliest."""
    parses = _quiet(_morph().parse, word)
    if not parses:
        return "", word, ""
    best = parses[0]
    return str(best.tag.POS or ""), str(best.normal_form), str(best.tag)


@lru_cache(maxsize=1)
def _ru_number_words() -> dict[str, int]:
    """number-parser's Russian cardinals in all their forms ("двадцати": 20), keyed as it
    reads them (lowercase, without accents: "трёх" is "трех")."""
    from number_parser.parser import LanguageData

    return dict(LanguageData("ru").all_numbers)


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def _ru_word_value(word: str) -> float | None:
    """The value of one Russian number word ("двадцати": 20, "миллионов": 1e6, "млн")."""
    if len(word) > 20:
        return None
    if word in _RU_HALF:
        return 1.5
    if word in _RU_SCALES:
        return _RU_SCALES[word]
    value = _ru_number_words().get(_plain(word))
    return None if value is None else float(value)


@lru_cache(maxsize=16384)
def _ru_words_value(words: tuple[str, ...]) -> float | None:
    import number_parser

    value = _quiet(number_parser.parse_number, " ".join(words), "ru")
    return float(value) if isinstance(value, (int, float)) else None


def _is_scale(word: str) -> bool:
    value = _ru_word_value(word)
    return value is not None and value >= 1000 and (value == 1.5 or math.log10(value) % 3 == 0)


def _ru_numbers(text: str, lo: int, hi: int) -> list[Term]:
    tokens = _ru_tokens(text, lo, hi)
    terms: list[Term] = []
    i = 0
    while i < len(tokens):
        phrase = _ru_phrase(tokens, i)
        if phrase is None:
            i += 1
            continue
        value, scaled, j = phrase  # tokens[i:j] are the number
        # A range: "от 2 до 3", "2-3", "2–3 млн".
        second = None
        if j < len(tokens) and (
            (tokens[j].kind == "dash" and tokens[j].start == tokens[j - 1].end)
            or (tokens[j].kind == "dash" and tokens[i].kind == "fig")
            or (tokens[j].lower == "до" and i > 0 and tokens[i - 1].lower in ("от", "с"))
        ):
            second = _ru_phrase(tokens, j + 1)
        if second is not None and tokens[j].kind == "dash" and _ordinal_after(tokens, second[2]):
            second = None
        ends = [(i, j, value, scaled)]
        after = j
        if second is not None:
            value2, scaled2, k = second
            if scaled2 != 1.0 and scaled == 1.0 and value * scaled2 <= value2:
                ends[0] = (i, j, value * scaled2, scaled2)  # "2-3 млн": both in millions
            ends.append((j + 1, k, value2, scaled2))
            after = k
        if _ordinal_after(tokens, after) or (i > 0 and tokens[i - 1].text == "№"):
            i = after
            continue
        unit, unit_end, quantity = _ru_unit(tokens, after)
        if unit == "год" and all(_is_year_figure(tokens[a].text) for a, _, _, _ in ends):
            i = after
            continue  # "в 2026–2027 годах": years, which are times
        if unit not in ("percent",) and not unit.startswith("money") and scaled == 1.0:
            named = _ru_named(tokens, i)
            if named:
                unit = f"{named} no."  # "резолюция 2817": a name, not a count
        before_sign = _ru_sign_before(tokens, i)
        if before_sign and (unit == "money" or not unit.startswith("money")):
            unit = f"money:{before_sign}"
        for position, (first, last, amount, _) in enumerate(ends):
            factors = _ru_qualifier(tokens, first) if position == 0 else _EXACT
            if len(ends) == 2 and position == 0 and first > 0 and tokens[first - 1].lower == "от":
                factors = _EXACT
            span_start = tokens[first].start
            if position == 0 and before_sign:
                span_start = tokens[first - 1].start
            span_end = tokens[last - 1].end
            if position == len(ends) - 1 and (unit == "percent" or unit.startswith("money")):
                span_end = max(span_end, unit_end)
            term = _number_term(
                text, span_start, span_end, _label(unit, quantity), amount, unit, factors
            )
            if term is not None:
                terms.append(term)
        i = max(after, i + 1)
    return terms


def _ru_phrase(tokens: list[_Token], i: int) -> tuple[float, float, int] | None:
    """The number that starts at ``tokens[i]``: (value, the scale it was written with,
    the index after it); None when none starts there."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    if first.kind == "fig":
        figure = _figure(first.text)
        if figure is None:
            return None
        j, scale = i + 1, 1.0
        while j < len(tokens) and tokens[j].kind == "word" and j - i <= 3:
            word = tokens[j].lower
            if not _is_scale(word):
                break
            scale *= _ru_word_value(word) or 1.0
            j += 1
            if word == "тыс" and j < len(tokens) and tokens[j].text == ".":
                j += 1  # "тыс.": no full stop after "млн"
        return figure * scale, scale, j
    if first.kind != "word" or _ru_word_value(first.lower) is None:
        return None
    j = i
    words: list[str] = []
    while j < len(tokens) and tokens[j].kind == "word" and len(words) < _MAX_WORDS:
        word = tokens[j].lower
        if _ru_word_value(word) is None:
            break
        words.append(word)
        j += 1
    if all(_is_scale(word) for word in words):
        return None  # "миллионы" alone is no count
    if len(words) == 1 and _ru_word_value(words[0]) == 1:
        return None  # "один из": mostly a pronoun
    if words[0] in _RU_HALF:
        scale = math.prod(_ru_word_value(word) or 1.0 for word in words[1:]) if words[1:] else 1
        return 1.5 * scale, float(scale), j
    value = _ru_words_value(tuple(words))
    while value is None and len(words) > 1:  # the longest run number-parser reads
        words.pop()
        j -= 1
        value = _ru_words_value(tuple(words))
    if value is None:
        return None
    scales = [_ru_word_value(word) or 1.0 for word in words if _is_scale(word)]
    return value, float(scales[-1]) if scales else 1.0, j


def _figure(text: str) -> float | None:
    """'1 400 000' -> 1400000; '3,5' and '3.5' -> 3.5 (Russian writes a decimal comma)."""
    cleaned = re.sub(r"[ \u00a0\u202f\u2009]", "", text).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _is_year_figure(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and 1500 <= int(text) <= 2100


def _ru_named(tokens: list[_Token], i: int) -> str:
    """The noun a bare figure names right after it ("резолюция 2817", "пункт 5"), whose
    number it is (readouts.claims reads English "resolution 2817" so)."""
    if i == 0 or tokens[i].kind != "fig" or not tokens[i].text.isdigit():
        return ""
    before = tokens[i - 1]
    if before.kind != "word" or before.end + 1 < tokens[i].start:
        return ""
    pos, normal, tag = _ru_parse(before.lower)
    if pos != "NOUN" or "sing" not in tag or _ru_word_value(before.lower) is not None:
        return ""  # "число жертв 12": a plural names a count
    return normal


def _ordinal_after(tokens: list[_Token], j: int) -> bool:
    """'5-й', '2-го', '10-м': an ordinal, not a count."""
    return (
        j + 1 < len(tokens)
        and tokens[j].kind == "dash"
        and tokens[j].start == tokens[j - 1].end
        and tokens[j + 1].kind == "word"
        and len(tokens[j + 1].text) <= 3
    )


def _ru_sign_before(tokens: list[_Token], i: int) -> str:
    if i > 0 and tokens[i - 1].kind == "sym" and tokens[i - 1].end == tokens[i].start:
        return _RU_CURRENCIES.get(tokens[i - 1].text, "")
    return ""


def _ru_qualifier(tokens: list[_Token], i: int) -> tuple[float, float]:
    before: list[str] = []
    for token in reversed(tokens[max(0, i - 4) : i]):
        if token.kind == "punct" or token.kind == "fig":
            break
        before.insert(0, token.lower)
    for words, factors in _RU_QUALIFIERS:
        if tuple(before[-len(words) :]) == words:
            return factors
    return _EXACT


def _ru_unit(tokens: list[_Token], j: int) -> tuple[str, int, bool]:
    """The unit of the number that ends before ``tokens[j]``: "percent", "money:..." or the
    counted noun's normal form (adjectives between skipped: "12 боевых кораблей"), with
    the end of the words that name it and whether it is a measure (an abbreviation)."""
    if j >= len(tokens):
        return "count", 0, False
    token = tokens[j]
    if token.text == "%":
        return "percent", token.end, False
    if token.kind == "sym" and token.text in _RU_CURRENCIES:
        return f"money:{_RU_CURRENCIES[token.text]}", token.end, False
    for k in range(j, min(j + 3, len(tokens))):
        token = tokens[k]
        if token.kind != "word":
            return "count", 0, False
        pos, normal, tag = _ru_parse(token.lower)
        if normal in ("процент",):
            return "percent", token.end, False
        currency = _RU_CURRENCIES.get(normal) or _RU_CURRENCIES.get(token.lower)
        if currency:
            end = token.end
            if k + 1 < len(tokens) and tokens[k + 1].text == "." and token.lower in ("долл", "руб"):
                end = tokens[k + 1].end
            if k + 1 < len(tokens) and tokens[k + 1].text == "США":
                end = tokens[k + 1].end
            return f"money:{currency}", end, False
        if pos == "NOUN":
            return normal, token.end, "Abbr" in tag
        if pos not in ("ADJF", "PRTF"):
            return "count", 0, False
    return "count", 0, False


# --- Chinese numbers --------------------------------------------------------------------

_ZH_DIGITS = "0-9０-９"
_ZH_CHARS = "零〇一二两三四五六七八九十百千万亿廿"
_ZH_NUMBER = re.compile(
    rf"(?P<pct>百分之)?"
    rf"(?P<num>(?:[{_ZH_DIGITS}]{{1,3}}(?:,[{_ZH_DIGITS}]{{3}})+|[{_ZH_DIGITS}]+)"
    rf"(?:[.．][{_ZH_DIGITS}]+)?[十百千万亿]*"
    rf"|[{_ZH_CHARS}]+(?:点[零〇一二三四五六七八九]+)?)"
    rf"(?P<more>[多余])?(?P<scale>[万亿]+)?"
)
_ZH_QUALIFIERS: tuple[tuple[str, tuple[float, float]], ...] = (
    ("不少于", _AT_LEAST),
    ("不低于", _AT_LEAST),
    ("不超过", _AT_MOST),
    ("不到", _AT_MOST),
    ("不足", _AT_MOST),
    ("少于", _AT_MOST),
    ("低于", _AT_MOST),
    ("最多", _AT_MOST),
    ("至多", _AT_MOST),
    ("超过", _AT_LEAST),
    ("多于", _AT_LEAST),
    ("至少", _AT_LEAST),
    ("最少", _AT_LEAST),
    ("将近", _NEARLY),
    ("接近", _NEARLY),
    ("大约", _ABOUT),
    ("大概", _ABOUT),
    ("约为", _ABOUT),
    ("超", _AT_LEAST),
    ("逾", _AT_LEAST),
    ("近", _NEARLY),
    ("约", _ABOUT),
)
_ZH_AFTER = (("左右", _ABOUT), ("上下", _ABOUT), ("以上", _AT_LEAST), ("以下", _AT_MOST))
_ZH_CURRENCIES = (
    ("欧元", "eur"),
    ("美元", "usd"),
    ("美金", "usd"),
    ("人民币", "cny"),
    ("元人民币", "cny"),
    ("卢布", "rub"),
    ("英镑", "gbp"),
    ("日元", "jpy"),
    ("港元", "hkd"),
    ("元", "cny"),
)
_ZH_SIGNS = {"$": "usd", "＄": "usd", "€": "eur", "￥": "cny", "¥": "jpy/cny", "£": "gbp"}
# Words with a numeral in them that count nothing ("一些" some, "十分" very, "一起"
# together): the character after the numeral is no measure word there.
_ZH_NOT_MEASURES = frozenset("些切起样直定般致旦道分向贯再路带")
_ZH_RANGE = frozenset("至到-－–—~～")
# How far around a numeral jieba reads: enough for the word it is in and the noun after.
_ZH_REACH = 8


@lru_cache(maxsize=1)
def _jieba():
    """jieba's part-of-speech tagger, its dictionary loaded once and quietly."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=8192)
def _zh_words(clause: str) -> tuple[tuple[str, str, int, int], ...]:
    """jieba's words of a clause with their flags and offsets in it."""
    words = []
    at = 0
    for pair in _jieba().cut(clause, HMM=False):  # the HMM guesses unknown words, slowly
        word, flag = pair.word, pair.flag
        words.append((word, flag, at, at + len(word)))
        at += len(word)
    return tuple(words)


def _clause(text: str, start: int, end: int, lo: int, hi: int, reach: int = 30) -> int:
    """The start of the clause around ``text[start:end]`` (at most ``reach`` before)."""
    first = start
    while first > max(lo, start - reach) and text[first - 1] not in _CLAUSE_END:
        first -= 1
    return first


def _clause_end(text: str, end: int, hi: int, reach: int = 30) -> int:
    last = end
    while last < min(hi, end + reach) and text[last] not in _CLAUSE_END:
        last += 1
    return last


@lru_cache(maxsize=16384)
def _cn2an(numeral: str) -> float | None:
    if len(numeral) > _MAX_CHARS:
        return None
    import cn2an

    value = _quiet(cn2an.cn2an, numeral, "smart")
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _zh_numbers(text: str, lo: int, hi: int) -> list[Term]:
    terms: list[Term] = []
    matches = list(_ZH_NUMBER.finditer(text, lo, hi))
    skip_until = -1
    for index, match in enumerate(matches):
        if match.start() < skip_until:
            continue
        read = _zh_read(text, match, lo, hi)
        if read is None:
            continue
        value, scale, more_end = read
        ends = [(match, value, scale, more_end)]
        after = more_end
        following = matches[index + 1] if index + 1 < len(matches) else None
        if (
            following is not None
            and following.start() == after + 1
            and text[after] in _ZH_RANGE
            and not match.group("pct")
        ):
            second = _zh_read(text, following, lo, hi)
            if second is not None:
                value2, scale2, end2 = second
                if scale2 != 1.0 and scale == 1.0 and value * scale2 <= value2:
                    ends[0] = (match, value * scale2, scale2, more_end)  # "二至三万"
                ends.append((following, value2, scale2, end2))
                after = end2
                skip_until = end2
        unit, unit_end, quantity = _zh_unit(text, match, after, lo, hi)
        spelled = not re.search(rf"[{_ZH_DIGITS}]", match.group("num"))
        if spelled and unit == "count" and not match.group("scale"):
            continue  # "张三", a name: characters count only with what they count
        sign = _ZH_SIGNS.get(text[match.start() - 1], "") if match.start() > lo else ""
        prefix = _zh_currency_before(text, match.start(), lo)
        if sign:
            unit = f"money:{sign}"
        elif prefix and (unit == "count" or unit.startswith("money")):
            unit = f"money:{prefix}"
        for position, (found, amount, _, found_end) in enumerate(ends):
            span_start = found.start()
            if position == 0 and sign:
                span_start -= 1
            factors = _zh_qualifier(text, found, found_end, lo, hi) if position == 0 else _EXACT
            if found.group("more"):
                factors = _zh_more(found, amount)
            span_end = found_end
            if position == len(ends) - 1 and (unit == "percent" or unit.startswith("money")):
                span_end = max(span_end, unit_end)
            term = _number_term(
                text, span_start, span_end, _label(unit, quantity), amount, unit, factors
            )
            if term is not None:
                terms.append(term)
    return terms


def _zh_read(text: str, match: re.Match, lo: int, hi: int) -> tuple[float, float, int] | None:
    """(value, written scale, end) of a numeral match, or None when it is no number: a
    numeral inside a word ("统一"), an ordinal ("第三"), an idiom ("万一", "十分")."""
    numeral = match.group("num")
    start, end = match.start("num"), match.end("num")
    if start > lo and text[start - 1] == "第":
        return None
    spelled = not match.group("pct") and not re.search(rf"[{_ZH_DIGITS}]", numeral)
    if spelled and not _zh_stands_alone(text, start, end, lo, hi):
        return None
    cleaned = numeral.replace(",", "").replace("．", ".")
    value = _cn2an(cleaned)
    if value is None:
        return None
    scale = 1.0
    trailing = re.search(r"[万亿]+$", cleaned)
    if trailing and cleaned != trailing.group(0):
        scale = math.prod(1e4 if char == "万" else 1e8 for char in trailing.group(0))
    if match.group("scale"):
        extra = math.prod(1e4 if char == "万" else 1e8 for char in match.group("scale"))
        value *= extra
        scale *= extra
    if match.group("pct"):
        return value, 1.0, match.end()
    return value, scale, match.end()


def _zh_stands_alone(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """A numeral of Chinese characters that jieba does not put inside another word: it
    begins a word, and any character of that word after it is a measure word ("三名")."""
    first = _clause(text, start, end, lo, hi, reach=_ZH_REACH)
    last = _clause_end(text, end, hi, reach=_ZH_REACH)
    for _word, flag, begin, finish in _zh_words(text[first:last]):
        a, b = begin + first, finish + first
        if a < start < b:
            return False  # "统一", "万一"
        if a == start and b > end and flag != "m":
            return False  # "一带" (a noun)
        if a < end < b:
            rest = text[end:b]
            return len(rest) == 1 and rest not in _ZH_NOT_MEASURES
    return True


def _zh_qualifier(text: str, match: re.Match, end: int, lo: int, hi: int) -> tuple[float, float]:
    start = match.start()
    for words, factors in _ZH_QUALIFIERS:
        if start - len(words) >= lo and text[start - len(words) : start] == words:
            return factors
    rest = text[end : min(hi, end + 8)]
    for words, factors in _ZH_AFTER:
        position = rest.find(words)
        if position == 0 or (0 < position <= 4 and not re.search(r"[，。；、]", rest[:position])):
            return factors
    return _EXACT


def _zh_more(match: re.Match, value: float) -> tuple[float, float]:
    """'30多' is 30 to 40, '1400多万' 14 to 15 million: the next step of the last digit."""
    numeral = match.group("num")
    base = _cn2an(numeral.replace(",", "")) or 0.0
    if not base:
        return _AT_LEAST
    whole = int(base)
    step = 1
    while whole and whole % (step * 10) == 0 and step < whole:
        step *= 10
    return 1.0, (base + step) / base


def _zh_currency_before(text: str, start: int, lo: int) -> str:
    for words, code in _ZH_CURRENCIES:
        if words != "元" and start - len(words) >= lo and text[start - len(words) : start] == words:
            return code
    return ""


def _yearless(lang: str, match: re.Match) -> bool:
    """Whether a time expression names a day or month but no year ("21 октября",
    "10月21日"), not a relative period ("в следующем году", "明年")."""
    words = match.group(0)
    if re.search(r"\d{4}", words) or re.search("年|год", words):
        return False
    return bool(re.search(r"\d", words)) or bool(re.search("月|日|号", words))


# Measure words that only classify the noun after them ("12艘舰船", "三名记者"): the noun
# is what is counted. Any other measure word is itself the unit ("两轮磋商": rounds;
# "每周14班": flights; "50万吨": tonnes).
_ZH_CLASSIFIERS = frozenset("个名位项家件艘部架只条台辆座所张份批种类支")


def _nounlike(flag: str) -> bool:
    return flag.startswith("n") or flag == "vn"


# Characters left of a numeral in jieba's word that are the counted thing itself, not a
# measure word: "两国" (two countries), "双方", "三方".
_ZH_NOUN_ENDS = frozenset("国方党院岸")
_ZH_NAME_FLAGS = ("nr", "ns", "nt", "nz")


def _zh_unit(text: str, match: re.Match, end: int, lo: int, hi: int) -> tuple[str, int, bool]:
    """The unit after a numeral: percent ("百分之", "%"), a currency ("欧元"), else the
    noun after its measure word ("12艘舰船": "舰船"; "200人": "人")."""
    if match.group("pct"):
        return "percent", end, False
    rest = text[end : min(hi, end + 8)]
    if rest[:1] in ("%", "％"):
        return "percent", end + 1, False
    for words, code in _ZH_CURRENCIES:
        if rest.startswith(words):
            money_end = end + len(words)
            if words == "元" and text[money_end : money_end + 3] == "人民币":
                money_end += 3
            return f"money:{code}", money_end, False
    first = _clause(text, match.start(), end, lo, hi, reach=_ZH_REACH)
    last = _clause_end(text, end, hi, reach=2 * _ZH_REACH)
    words = [(w, f, a + first, b + first) for w, f, a, b in _zh_words(text[first:last])]
    following = [item for item in words if item[3] > end]
    if not following:
        return "count", end, False
    word, flag, a, b = following[0]
    then = following[1] if len(following) > 1 else None
    if a < end:  # "三名": the measure word is the rest of jieba's word
        measure = text[end:b]
        following = following[1:]
        if measure in _ZH_NOUN_ENDS:
            return measure, end, False  # "两国": two countries
    elif (
        flag == "q"
        or flag == "m"
        or (len(word) == 1 and then is not None and then[1].startswith("n"))
    ):
        measure = word  # "12艘舰船", "35名记者"
        following = following[1:]
    else:
        measure = ""  # "200人": the noun itself
    # "17名中国船员": the counted noun is "船员"; the name before it only qualifies it.
    while len(following) > 1 and following[0][1].startswith(_ZH_NAME_FLAGS):
        following = following[1:]
    if measure in _ZH_NOUN_ENDS:
        return measure, end, False  # "两国": two countries
    if measure and measure not in _ZH_CLASSIFIERS and following and _nounlike(following[0][1]):
        return measure, end, False  # "两轮磋商": rounds, what 轮 counts
    if following and _nounlike(following[0][1]):
        noun = following[0][0]
        if any(noun.startswith(words) for words, _ in _ZH_CURRENCIES):
            return "count", end, False
        return noun, end, False
    if measure and not following:
        return measure, end, True
    if measure and not following[0][1].startswith(("n", "v", "a")):
        return measure, end, True  # "100公里", "逾200人。"
    if not measure and flag.startswith("n"):
        return word, end, False
    return "count", end, False


# --- times ------------------------------------------------------------------------------

_MONTH_KEYS = (
    "january february march april may june july august september october november december"
).split()
_WEEKDAY_KEYS = "monday tuesday wednesday thursday friday saturday sunday".split()


@lru_cache(maxsize=2)
def _locale(lang: str) -> dict:
    from dateparser.languages.loader import default_loader

    return default_loader.get_locale(lang).info


@lru_cache(maxsize=128)
def _date_parser(lang: str, base_iso: str):  # -> dateparser.date.DateDataParser
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=[lang],
        try_previous_locales=False,
        settings={
            "RELATIVE_BASE": datetime.fromisoformat(base_iso),
            "PREFER_DATES_FROM": "current_period",
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


@lru_cache(maxsize=16384)
def _dateparse(lang: str, words: str, base_iso: str) -> tuple[date, str] | None:
    """dateparser's reading of ``words``: the day and its period ("day", "month", ...)."""
    data = _quiet(_date_parser(lang, base_iso).get_date_data, words)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period or "day")


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def _ru_forms(word: str, pos: str = "NOUN", number: str = "sing") -> set[str]:
    """Every form of ``word`` in ``number`` by pymorphy3 ("март": марта, марте, ...)."""
    forms = {word}
    for parse in _morph().parse(word):
        if pos == parse.tag.POS:
            forms.update(
                form.word
                for form in parse.lexeme
                if pos == form.tag.POS and (not number or number in form.tag)
            )
            break
    return forms


@dataclass(frozen=True)
class _Vocabulary:
    pattern: re.Pattern
    months: dict[str, int]
    weekdays: dict[str, int]
    relation: dict[str, str]  # an adjective's form -> "next" | "this" | "last"
    unit: dict[str, str]  # a form of год/месяц/неделя -> "year" | "month" | "week"
    part: dict[str, str]  # a form of начало/середина/конец -> readouts.times part name


_RU_RELATIONS = {
    "следующий": "next",
    "будущий": "next",
    "предстоящий": "next",
    "наступающий": "next",
    "этот": "this",
    "текущий": "this",
    "нынешний": "this",
    "прошлый": "last",
    "минувший": "last",
    "прошедший": "last",
    "предыдущий": "last",
}
_RU_UNITS = {"год": "year", "месяц": "month", "неделя": "week"}
_RU_PARTS = {"начало": "beginning of", "середина": "middle of", "конец": "end of"}
_RU_HALVES = {"первый": "first half of", "второй": "second half of"}


@lru_cache(maxsize=1)
def _ru_vocabulary() -> _Vocabulary:
    info = _locale("ru")
    months: dict[str, int] = {}
    for index, key in enumerate(_MONTH_KEYS, 1):
        names = info[key]
        for name in names:
            if any(other != name and other.startswith(name) for other in names):
                continue  # "мар", an abbreviation of "март"
            for form in _ru_forms(name):
                months[form] = index
    weekdays: dict[str, int] = {}
    for index, key in enumerate(_WEEKDAY_KEYS):
        for name in info[key]:
            if len(name) >= 4:  # not "пн", "срд"
                for form in _ru_forms(name):
                    weekdays[form] = index
    relation = {
        form: meaning
        for word, meaning in _RU_RELATIONS.items()
        for form in _ru_forms(word, "ADJF", "")
    }
    unit = {form: meaning for word, meaning in _RU_UNITS.items() for form in _ru_forms(word)}
    part = {form: meaning for word, meaning in _RU_PARTS.items() for form in _ru_forms(word)}
    halves = {
        f"{form} {half}": meaning
        for word, meaning in _RU_HALVES.items()
        for form in _ru_forms(word, "ADJF", "sing")
        for half in _ru_forms("половина")
    }
    part.update(halves)
    deictic = [
        phrase
        for key, phrases in info["relative-type"].items()
        if key.endswith(("day ago", "day"))
        for phrase in phrases
        if " " not in phrase
    ]
    years = _alternation(_ru_forms("год")) + r"|г\.|г(?![^\W\d_])"
    month = _alternation(months)
    space = r"[ \u00a0\u202f]+"
    year_number = r"(?:1[5-9]\d\d|2\d\d\d)(?!\d)"
    core = (
        rf"(?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>{year_number})"
        rf"|(?P<d>(?<!\d)\d{{1,2}})(?:-?го)?{space}(?P<dm>{month})"
        rf"(?:{space}(?P<dy>{year_number})(?:{space}?(?:{years}))?)?"
        rf"|(?P<m>{month})(?:{space}(?P<my>{year_number})(?:{space}?(?:{years}))?)?"
        rf"|(?P<y>(?<!\d){year_number}){space}?(?:{years})"
        rf"|(?P<ra>{_alternation(relation)}){space}(?P<ru>{_alternation(unit)})"
        rf"|(?P<wd>{_alternation(weekdays)})"
        rf"|(?P<dx>{_alternation(deictic)})"
    )
    this = _alternation(f for f in relation if relation[f] == "this")
    parts = _alternation(part)
    pattern = re.compile(
        rf"(?<![^\W\d_])(?:(?P<part>{parts}){space}(?:(?:{this}){space})?)?"
        rf"(?:{core}|(?<=\s)(?P<bare>{_alternation(unit)}))(?![^\W\d_])",
        re.IGNORECASE,
    )
    return _Vocabulary(pattern, months, weekdays, relation, unit, part)


_ZH_NUMERAL = "0-9０-９〇零一二两三四五六七八九十"
_ZH_REL_YEARS = {"今年": 0, "本年": 0, "明年": 1, "去年": -1, "前年": -2, "后年": 2}
_ZH_REL_MONTHS = {"本月": 0, "这个月": 0, "当月": 0, "下个月": 1, "下月": 1}
_ZH_REL_MONTHS.update({"上个月": -1, "上月": -1})
_ZH_REL_WEEKS = {"本周": 0, "这周": 0, "本星期": 0, "这个星期": 0, "下周": 1, "下星期": 1}
_ZH_REL_WEEKS.update({"下个星期": 1, "上周": -1, "上星期": -1, "上个星期": -1})
_ZH_WEEK_PREFIX = {"本": 0, "这": 0, "下": 1, "下个": 1, "上": -1, "上个": -1}
_ZH_PARTS = {
    "初": "beginning of",
    "底": "end of",
    "末": "end of",
    "上旬": "early",
    "中旬": "mid",
    "下旬": "late",
    "上半年": "first half of",
    "下半年": "second half of",
}


@lru_cache(maxsize=1)
def _zh_pattern() -> re.Pattern:
    info = _locale("zh")
    deictic = [
        phrase
        for key, phrases in info["relative-type"].items()
        if key.endswith(("day ago", "day"))
        for phrase in phrases
    ]
    weekday_names = "".join(
        name[-1] for key in _WEEKDAY_KEYS for name in info[key] if name[-1] not in "一"
    )
    years = r"[0-9０-９]{4}|[〇零一二三四五六七八九]{4}"
    rel_years = _alternation(_ZH_REL_YEARS)
    month = r"(?P<m>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])月(?!份?[0-9０-９]*个)"
    day = r"(?P<d>[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
    core = (
        rf"(?:(?:(?P<y>{years})年|(?P<ry>{rel_years}))年?)?{month}(?:{day})?"
        rf"(?P<mp>上旬|中旬|下旬|初|底|末)?"
        rf"|(?:(?P<y2>{years})年|(?P<ry2>{rel_years}))(?:年?(?P<yp>底|末|初)|(?P<yh>上半年|下半年))?"
        rf"|(?P<wp>下个|上个|下|上|本|这)?(?:星期|周|礼拜)(?P<wd>[一二三四五六{weekday_names}])"
        rf"|(?P<rm>{_alternation(_ZH_REL_MONTHS)})(?P<rmp>上旬|中旬|下旬|初|底|末)?"
        rf"|(?P<rw>{_alternation(_ZH_REL_WEEKS)})"
        rf"|(?P<dx>{_alternation(deictic)})"
        rf"|(?P<dd>[0-9０-９]{{1,2}}|[一二三]?十[一二三四五六七八九]?)日(?!本)"
        rf"|(?P<bare>[年月])(?P<bp>底|末|初)"
        rf"|(?P<bh>上半年|下半年)"
    )
    return re.compile(rf"(?<![{_ZH_NUMERAL}])(?:{core})")


def _time_matches(text: str, lang: str, lo: int, hi: int) -> Iterator[tuple[int, int, re.Match]]:
    """Where times may be: each match of the language's pattern, as its offsets."""
    pattern = _ru_vocabulary().pattern if lang == "ru" else _zh_pattern()
    for match in pattern.finditer(text, lo, hi):
        if match.end() <= match.start():
            continue
        if lang == "ru" and match.group("bare") and not match.group("part"):
            continue  # "года" alone
        if lang == "ru" and match.group("wd") and not _after_preposition(text, match.start(), lo):
            continue  # "окружающая среда": a weekday only after "в", "во", "к", "до", ...
        yield match.start(), match.end(), match


_WEEKDAY_PREPOSITIONS = re.compile(
    r"(?:^|[^\w])(?:в|во|к|ко|до|после|с|со|на|по)\s+$", re.IGNORECASE
)


def _after_preposition(text: str, start: int, lo: int) -> bool:
    return bool(_WEEKDAY_PREPOSITIONS.search(text[max(lo, start - 12) : start]))


# Cue words before a time and the readouts.times window (English, so the same rules
# apply): "к 2030 году" is "by 2030".
_RU_CUES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(words.split()), modifier)
    for words, modifier in (
        ("не позднее", "no later than"),
        ("не позже", "no later than"),
        ("не раньше", "not before"),
        ("не ранее", "no earlier than"),
        ("не ранее чем", "no earlier than"),
        ("не позднее чем", "no later than"),
        ("начиная с", "since"),
        ("начиная со", "since"),
        ("в течение", "during"),
        ("к", "by"),
        ("ко", "by"),
        ("до", "before"),
        ("после", "after"),
        ("с", "from"),
        ("со", "from"),
        ("по", "through"),
        ("в", "in"),
        ("во", "in"),
        ("на", "on"),
    )
)
_RU_NEGATIONS = frozenset({"не", "ни"})
_ZH_CUES_BEFORE = (
    ("不晚于", "no later than"),
    ("不迟于", "no later than"),
    ("不早于", "no earlier than"),
    ("最迟", "no later than"),
    ("最晚", "no later than"),
    ("最早", "no earlier than"),
    ("早于", "before"),
    ("晚于", "after"),
    ("截至", "until"),
    ("截止", "until"),
    ("直到", "until"),
    ("直至", "until"),
    ("自从", "from"),
    ("将于", "in"),
    ("定于", "in"),
    ("于", "in"),
    ("在", "in"),
    ("到", "until"),
    ("自", "from"),
    ("从", "from"),
)
_ZH_CUES_AFTER = (
    ("以前", "before"),
    ("之前", "before"),
    ("以后", "after"),
    ("之后", "after"),
    ("以来", "since"),
    ("以内", "by"),
    ("之内", "by"),
    ("前", "before"),
    ("后", "after"),
    ("起", "since"),
    ("内", "by"),
)
# Words that begin with a cue character but are none: "前往" (go to), "后来" (later).
_ZH_NOT_CUES = ("前往", "前进", "前来", "前夕", "前后", "后来", "后续", "起来", "内容", "内部")
_ZH_NEGATIONS = ("不会", "不能", "没有", "不", "没", "未", "无")
# Words (whole jieba words, so not the "会" of "会谈") that mark a clause's tense.
_ZH_FUTURE = frozenset({"将", "将要", "将于", "定于", "拟", "计划", "预计", "会", "要", "即将"})
_ZH_PAST = frozenset({"了", "已经", "已", "曾", "曾经", "日前"})


def _time_value(
    text: str,
    lang: str,
    match: re.Match,
    first: int,
    last: int,
    reference: date | None,
    lo: int,
    hi: int,
) -> TimeValue | None:
    clause_start = _clause(text, first, last, lo, hi, reach=60)
    clause_end = _clause_end(text, last, hi, reach=60)
    if lang == "ru":
        modifier, cues = _ru_modifier(text, first, clause_start)
        tense, event = _ru_tense(text, clause_start, clause_end, first, last)
    else:
        modifier, cues = _zh_modifier(text, first, last, clause_start, clause_end)
        tense, event = _zh_tense(text, clause_start, clause_end, first, last)
    base = reference or _UNDATED
    try:
        read = _ru_period(match, base, tense) if lang == "ru" else _zh_period(match, base, tense)
    except (ValueError, OverflowError):
        return None  # a date past year 1 or 9999, from a reference at the calendar's edge
    if read is None:
        return None
    first_day, last_day, granularity, explicit_year, guessed, part = read
    relative = reference is None and not explicit_year
    if relative and granularity == "day" and (match.group("wd") is not None):
        granularity = "weekday"
    if relative and (match.group("dx") is not None or granularity in ("week", "time")):
        guessed = True
    if relative and first_day.year != base.year and not match.group(0).strip().isdigit():
        # An undated text's "21 октября" put in the year before by a past tense: the
        # year is the tense's guess, and another account without the tense would put
        # it in this one.
        guessed = guessed or _yearless(lang, match)
    if modifier == "in" and granularity in ("day", "weekday"):
        modifier = "on"  # "в понедельник", "于3月14日": on that day
    if modifier in UNBOUNDED or (modifier.startswith("not") and modifier not in WINDOWS):
        lower = upper = None
    else:
        lower, upper = WINDOWS.get(modifier, (None, None))
        if part == "end of" and upper == "before":
            upper = "end"  # "до конца года", "本月底前": by its last day
    try:
        earliest, latest = _bound(lower, first_day, last_day), _bound(upper, first_day, last_day)
    except (ValueError, OverflowError):
        return None
    return TimeValue(
        start=first_day.isoformat(),
        end=last_day.isoformat(),
        granularity=granularity,
        earliest=earliest,
        latest=latest,
        relative=relative,
        guessed=guessed,
        modifier=modifier,
        cues=cues,
        event=event,
    )


Period = tuple[date, date, str, bool, bool, str]  # first, last, granularity, year, guessed, part


def _ru_period(match: re.Match, base: date, tense: str) -> Period | None:
    vocabulary = _ru_vocabulary()
    info = _locale("ru")
    groups = match.groupdict()
    part = vocabulary.part.get(_spaces(groups["part"]).lower(), "") if groups["part"] else ""
    base_iso = base.isoformat()
    explicit_year = False
    nearest = ""
    if groups["nd"]:
        words = f"{groups['nd']}.{groups['nm']}.{groups['ny']}"
        explicit_year = True
    elif groups["d"]:
        month = info[_MONTH_KEYS[vocabulary.months[groups["dm"].lower()] - 1]][-1]
        words = f"{groups['d']} {month}"
        if groups["dy"]:
            words += f" {groups['dy']}"
            explicit_year = True
        else:
            nearest = "month"
    elif groups["m"]:
        month = info[_MONTH_KEYS[vocabulary.months[groups["m"].lower()] - 1]][1]
        words = month
        if groups["my"]:
            words += f" {groups['my']}"
            explicit_year = True
        else:
            nearest = "month"
    elif groups["y"]:
        words = f"{groups['y']} год"
        explicit_year = True
    elif groups["ra"] or groups["bare"]:
        relation = vocabulary.relation.get(groups["ra"].lower(), "this") if groups["ra"] else "this"
        unit = vocabulary.unit[(groups["ru"] or groups["bare"]).lower()]
        if groups["bare"] and not part:
            return None  # "года" alone is no time
        key = {"next": f"in 1 {unit}", "this": f"0 {unit} ago", "last": f"1 {unit} ago"}[relation]
        words = max(info["relative-type"][key], key=len)  # "в следующем году"
    elif groups["wd"]:
        words = info[_WEEKDAY_KEYS[vocabulary.weekdays[groups["wd"].lower()]]][1]
        nearest = "weekday"
    elif groups["dx"]:
        words = groups["dx"].lower()
    else:
        return None
    parsed = _dateparse("ru", words, base_iso)
    if parsed is None:
        return None
    return _finish(parsed, base, tense, explicit_year, nearest, part)


def _spaces(text: str | None) -> str:
    return " ".join((text or "").split())


def _finish(
    parsed: tuple[date, str], base: date, tense: str, explicit_year: bool, nearest: str, part: str
) -> Period:
    day, period = parsed
    first, last, granularity = _interval(day, period)
    guessed = False
    if nearest:
        first, last, guessed = _nearest(first, last, base, nearest, tense)
    if part:
        first, last = _part_of(first, last, part)
        granularity = "day" if granularity in ("week", "month", "day") else "month"
    return first, last, granularity, explicit_year, guessed, part


def _nearest(first: date, last: date, base: date, kind: str, tense: str) -> tuple[date, date, bool]:
    """A month or day without its year ("в марте", "3月14日") in the year that puts it
    nearest the reference, a weekday in the week that does, among those the tense allows;
    and whether that is a guess (readouts.times reads English ones so)."""
    if kind == "month":
        candidates = [_shift_years(first, last, years) for years in (-1, 0, 1, 2)]
    elif kind == "day of month":
        candidates = []
        for months in (-1, 0, 1):
            index = first.year * 12 + first.month - 1 + months
            try:
                day = date(index // 12, index % 12 + 1, first.day)
            except ValueError:
                continue
            candidates.append((day, day))
    else:
        candidates = [(first + timedelta(days=d), last + timedelta(days=d)) for d in (-7, 0, 7)]

    from readouts.times import nearest_of

    return nearest_of(candidates, base, tense)


def _zh_number(numeral: str) -> int | None:
    value = _cn2an(numeral)
    if value is None:
        # "二〇二六": digit by digit
        value = _quiet(__import__("cn2an").cn2an, numeral, "normal")
    return int(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def _zh_period(match: re.Match, base: date, tense: str) -> Period | None:
    groups = match.groupdict()
    base_iso = base.isoformat()
    part = ""
    nearest = ""
    explicit_year = False
    year: int | None = None
    written = groups["y"] or groups["y2"]
    relative_year = groups["ry"] or groups["ry2"]
    if written:
        year = _zh_number(written)
        if year is None or not 1 <= year <= 9999:
            return None
        explicit_year = True
    elif relative_year:
        year = base.year + _ZH_REL_YEARS[relative_year]
    if groups["m"]:
        month = _zh_number(groups["m"])
        day = _zh_number(groups["d"]) if groups["d"] else None
        if month is None or (groups["d"] and day is None):
            return None
        if year is None:
            nearest = "month"
        words = f"{year or base.year}年{month}月" + (f"{day}日" if day else "")
        part = _ZH_PARTS.get(groups["mp"] or "", "")
    elif year is not None:
        words = f"{year}年"
        part = _ZH_PARTS.get(groups["yp"] or groups["yh"] or "", "")
    elif groups["wd"]:
        words = f"星期{groups['wd']}"
        parsed = _dateparse("zh", words, base_iso)
        if parsed is None:
            return None
        offset = _ZH_WEEK_PREFIX.get(groups["wp"] or "")
        if offset is None:
            return _finish(parsed, base, tense, False, "weekday", "")
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=offset)
        day = monday + timedelta(days=parsed[0].weekday())
        return day, day, "day", False, False, ""
    elif groups["rm"]:
        months = _ZH_REL_MONTHS[groups["rm"]]
        index = base.year * 12 + base.month - 1 + months
        words = f"{index // 12}年{index % 12 + 1}月"
        part = _ZH_PARTS.get(groups["rmp"] or "", "")
    elif groups["rw"]:
        weeks = _ZH_REL_WEEKS[groups["rw"]]
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=weeks)
        return monday, monday + timedelta(days=6), "week", False, False, ""
    elif groups["dx"]:
        words = groups["dx"]
    elif groups["dd"]:  # "14日": that day of the month nearest the reference
        day = _zh_number(groups["dd"])
        if day is None or not 1 <= day <= 31:
            return None
        for months in (0, -1, 1):
            index = base.year * 12 + base.month - 1 + months
            try:
                found = date(index // 12, index % 12 + 1, day)
            except ValueError:
                continue
            first, last, guessed = _nearest(found, found, base, "day of month", tense)
            return first, last, "day", False, guessed, ""
        return None
    elif groups["bare"]:
        words = f"{base.year}年" if groups["bare"] == "年" else f"{base.year}年{base.month}月"
        part = _ZH_PARTS[groups["bp"]]
    elif groups["bh"]:
        words = f"{base.year}年"
        part = _ZH_PARTS[groups["bh"]]
    else:
        return None
    parsed = _dateparse("zh", words, base_iso)
    if parsed is None:
        return None
    return _finish(parsed, base, tense, explicit_year, nearest, part)


def _ru_modifier(
    text: str, first: int, clause_start: int
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The cue words just before a Russian time ("не позднее", "к", "до") as a
    readouts.times window, with their offsets; a "не" before them negates it."""
    before = [t for t in _ru_tokens(text, max(clause_start, first - 40), first) if t.kind == "word"]
    words = [t.lower for t in before]
    modifier, cue_tokens = "", []
    for cue, meaning in sorted(_RU_CUES, key=lambda item: -len(item[0])):
        if words[-len(cue) :] == list(cue):
            modifier, cue_tokens = meaning, before[-len(cue) :]
            break
    if not modifier.startswith(("not ", "no ")):
        rest = before[: len(before) - len(cue_tokens)]
        for token in reversed(rest[-3:]):
            if token.lower in _RU_NEGATIONS:
                modifier = f"not {modifier}".strip()
                cue_tokens = [token, *cue_tokens]
                break
    cues = tuple((t.start, t.end, t.text) for t in cue_tokens)
    return modifier, cues


def _zh_modifier(
    text: str, first: int, last: int, clause_start: int, clause_end: int
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The cue words around a Chinese time ("最迟" before it, "以前" after it) as a
    readouts.times window with their offsets; a negation just after ("以前不会") or
    just before negates it."""
    cues: list[tuple[int, int, str]] = []
    modifier = ""
    after_end = last
    rest = text[last:clause_end]
    for words, meaning in _ZH_CUES_AFTER:
        if rest.startswith(words) and not rest.startswith(_ZH_NOT_CUES):
            modifier = meaning
            cues.append((last, last + len(words), words))
            after_end = last + len(words)
            break
    if not modifier:
        lead = text[clause_start:first]
        for words, meaning in _ZH_CUES_BEFORE:
            if lead.endswith(words):
                modifier = meaning
                cues.insert(0, (first - len(words), first, words))
                break
    if modifier.startswith(("not ", "no ")):
        return modifier, tuple(cues)
    after = text[after_end:clause_end]
    lead_end = cues[0][0] if cues and cues[0][1] == first else first
    lead = text[max(clause_start, lead_end - 4) : lead_end]
    for words in _ZH_NEGATIONS:
        if after.startswith(words):
            return f"not {modifier}".strip(), (*cues, (after_end, after_end + len(words), words))
        position = lead.rfind(words)
        if position >= 0:
            at = lead_end - len(lead) + position
            return f"not {modifier}".strip(), ((at, at + len(words), words), *cues)
    return modifier, tuple(cues)


def _ru_tense(text: str, lo: int, hi: int, first: int, last: int) -> tuple[str, str]:
    """The tense ("future", "past", "") and normal form of the verb nearest the time in
    its clause (pymorphy3: "рассмотрит" is future, "подписано" past)."""
    best: tuple[int, str, str] | None = None
    for token in _ru_tokens(text, lo, hi):
        if token.kind != "word" or first <= token.start < last:
            continue
        pos, normal, tag = _ru_parse(token.lower)
        if pos not in ("VERB", "INFN", "PRTS"):
            continue
        distance = first - token.end if token.end <= first else token.start - last
        tense = "future" if "futr" in tag else "past" if "past" in tag else ""
        if normal == "быть":
            if tense == "future" and (best is None or not best[1]):
                best = (distance, tense, best[2] if best else "")
            continue
        if best is None or distance < best[0]:
            best = (distance, tense or (best[1] if best else ""), normal)
    if best is None:
        return "", ""
    return best[1], best[2]


def _zh_tense(text: str, lo: int, hi: int, first: int, last: int) -> tuple[str, str]:
    """The tense a Chinese clause marks ("将" future, "了"/"已" past) and its first verb
    after the time (by jieba), else before it."""
    words = _zh_words(text[lo:hi])
    said = {word for word, _, _, _ in words}
    tense = "future" if said & _ZH_FUTURE else "past" if said & _ZH_PAST else ""
    verbs = [
        (a + lo, word)
        for word, flag, a, _ in words
        if flag.startswith("v")
        and word not in ("将", "会", "要", "将于")
        and not word.startswith(_ZH_NEGATIONS)
    ]
    after = [word for at, word in verbs if at >= last]
    before = [word for at, word in verbs if at < first]
    event = after[0] if after else before[-1] if before else ""
    return tense, event
