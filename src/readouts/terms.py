"""Key terms of a claim: named entities, numbers with their units, content-word lemmas.

Pure data and normalisation; the spaCy-dependent extraction lives in :mod:`readouts.claims`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

TermKind = Literal["entity", "number", "word"]

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Term:
    """A key term with its exact place in the document.

    ``key`` is what terms are matched on (a lowercased lemma, a normalised entity name, or
    a number's value); ``text`` is what the reader sees (``document.text[start:end]``).
    For a number, ``unit`` is the thing counted ("kilometers", "MONEY") and ``value`` its
    magnitude.
    """

    kind: TermKind
    key: str
    text: str
    start: int
    end: int
    label: str = ""
    value: float | None = None
    unit: str | None = None

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
        return data


def entity_key(text: str) -> str:
    """'the United States' and 'United States’' both become 'united states'."""
    key = _SPACE.sub(" ", text.strip()).lower()
    key = _ARTICLE.sub("", key)
    key = _POSSESSIVE.sub("", key)
    return key.strip(" .,;:\"'“”‘’")


@lru_cache(maxsize=65536)
def weight(key: str) -> float:
    """How informative a lemma is: rare words weigh more (from wordfreq's Zipf scale).

    Zipf 7 ('the') gives 0.5; an unseen name gives 8.
    """
    from wordfreq import zipf_frequency

    zipf = max((zipf_frequency(part, "en") for part in key.split()), default=0.0)
    return max(0.5, 8.0 - zipf)


NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "half": 0.5,
}
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


def parse_number(words: list[str]) -> float | None:
    """The value of a number's words: ['3,000'] -> 3000, ['2.5', 'billion'] -> 2.5e9,
    ['two', 'thousand', 'five', 'hundred'] -> 2500.

    Returns None when the words hold no number.
    """
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        word = raw.lower().strip("$€£¥%+~")
        if not word:
            continue
        if _NUMERIC.fullmatch(word):
            cleaned = word.replace(",", "") if _looks_grouped(word) else word.replace(",", ".")
            try:
                number = float(cleaned)
            except ValueError:
                continue
            current = number if current is None else current + number
            seen = True
        elif word in NUMBER_WORDS:
            current = NUMBER_WORDS[word] if current is None else current + NUMBER_WORDS[word]
            seen = True
        elif word in SCALES and current is not None:
            if SCALES[word] < 1e3:
                current *= SCALES[word]  # "five hundred" scales only what precedes it
            else:
                total += current * SCALES[word]
                current = None
    if not seen:
        return None
    value = total + (current or 0.0)
    if math.isinf(value) or math.isnan(value):
        return None
    return value


def _looks_grouped(word: str) -> bool:
    """'3,000' and '1,250,000' are thousands groupings; '2,5' is a decimal comma."""
    return bool(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", word)) or "," not in word


def format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"
