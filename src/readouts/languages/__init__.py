"""Languages: which one each document is in, and the pipeline that reads it.

One registry, :data:`LANGUAGES`, says what readouts reads: English through spaCy (the
pipeline of :mod:`readouts.nlp` and :mod:`readouts.claims`, unchanged), Russian through
natasha (:mod:`readouts.languages.ru`) and Chinese through jieba
(:mod:`readouts.languages.zh`); both of those cut claims with
:mod:`readouts.languages.base`. A document's language is what it says it is
(``Document(lang=...)``, ``--lang``) or what py3langid detects; any other language is an
:class:`~readouts.errors.InputError` with one line naming it, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from readouts.errors import InputError

if TYPE_CHECKING:
    from readouts.attribution import Attribution
    from readouts.claims import Claim
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.settings import Settings


@dataclass(frozen=True)
class Language:
    """One language readouts reads: its code, its name, and the module that reads it
    (None for English, which runs through spaCy)."""

    code: str
    name: str
    module: str | None


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", None),
    "ru": Language("ru", "Russian", "readouts.languages.ru"),
    "zh": Language("zh", "Chinese", "readouts.languages.zh"),
}
SUPPORTED = tuple(LANGUAGES)
# Below this many letters a detector's guess is noise ("2024", "---", "OK"): the script
# decides (Cyrillic is Russian, Han is Chinese), else English.
MIN_LETTERS = 20
# py3langid's normalised probability below which its top guess is not trusted to name an
# unsupported language: such a text is read in the supported language it ranks highest.
SURE = 0.9
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
# Where detection looks: the first characters say the language of a document.
DETECT_CHARS = 5_000


def check_code(code: str | None, source: str) -> str | None:
    """``code`` lowercased, if it names a supported language; else an InputError."""
    if code is None:
        return None
    lowered = code.strip().lower()
    if lowered in LANGUAGES:
        return lowered
    raise InputError(source, f"language {code!r} is not supported ({_supported()})")


def _supported() -> str:
    return "readouts reads " + ", ".join(
        f"{language.name} ({code})" for code, language in LANGUAGES.items()
    )


def detect(text: str) -> str:
    """The language code of ``text``: a supported code, or the code py3langid gives an
    unsupported language it is sure of.

    >>> detect("Председатель Государственной Думы провёл переговоры в Пекине.")
    'ru'
    >>> detect("2024")
    'en'
    """
    sample = text[:DETECT_CHARS]
    letters = len(_LETTER.findall(sample))
    han = len(_HAN.findall(sample))
    if letters < MIN_LETTERS or han * 4 >= letters:
        # Short, or a text whose letters are largely Han characters: Chinese readouts
        # quote Latin names and figures, which can outweigh a short text's characters
        # in a character n-gram model.
        if han * 4 >= max(letters, 1) and han:
            return "zh"
        if len(_CYRILLIC.findall(sample)) * 2 >= max(letters, 1) and letters:
            return "ru"
        return "en"
    identifier = _identifier()
    ranked = identifier.rank(sample)
    top, probability = ranked[0]
    if top in LANGUAGES:
        return top
    if probability >= SURE:
        return top
    return next((code for code, _ in ranked if code in LANGUAGES), "en")


@lru_cache(maxsize=1)
def _identifier():  # -> py3langid.langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_of(text: str, given: str | None, source: str) -> str:
    """The supported language ``text`` is read in: ``given``, else the detected one; an
    InputError naming ``source`` when it is neither English, Russian nor Chinese."""
    if given is not None:
        return check_code(given, source) or "en"
    found = detect(text)
    if found not in LANGUAGES:
        raise InputError(
            source,
            f"the text reads as language {found!r}, which is not supported ({_supported()}); "
            "if that is wrong, give the language with --lang",
        )
    return found


def claims_of(entries: Sequence[DocumentEntry], settings: Settings) -> list[list[Claim]]:
    """Each document's claims, read in its language: the English documents parsed by
    spaCy together (each text once), the others by their language's module."""
    from importlib import import_module

    from readouts.claims import extract_claims
    from readouts.nlp import parse
    from readouts.times import set_references

    found: list[list[Claim] | None] = [None] * len(entries)
    english = [
        index for index, entry in enumerate(entries) if (entry.document.lang or "en") == "en"
    ]
    if english:
        parsed = parse(
            [entries[index].document.text for index in english],
            model=settings.spacy_model,
            batch_size=settings.batch_size,
        )
        set_references(parsed, [entries[index].document.date for index in english])
        for index, doc in zip(english, parsed):
            entry = entries[index]
            found[index] = extract_claims(entry.id, doc, entry.document.title)
    for index, entry in enumerate(entries):
        if found[index] is None:
            module = import_module(LANGUAGES[entry.document.lang or "en"].module or "")
            found[index] = module.extract_claims(entry.id, entry.document)
    return [claims or [] for claims in found]


def attributions_of(document: Document, lang: str) -> list[Attribution]:
    """Who said what in a document in ``lang`` (not English: spaCy reads that one)."""
    from datetime import date
    from importlib import import_module

    from readouts.languages.base import extract

    module = import_module(LANGUAGES[lang].module or "")
    reference = date.fromisoformat(document.date) if document.date else None
    return extract(module.READER, "A", document.text, document.title, reference)[1]


def english_only(lang: str, what: str, source: str) -> None:
    """An InputError for a step only the English pipeline has yet (``what``)."""
    if lang != "en":
        raise InputError(
            source, f"{what} reads English documents only; this one is {LANGUAGES[lang].name}"
        )
