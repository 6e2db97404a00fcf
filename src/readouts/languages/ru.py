"""Russian: natasha's news models (words, sentences, morphology, syntax, names), lemmas
from pymorphy3, and the words Russian readouts report speech with.

"Павел Воронин отметил, что ...", "«...», — заявил Ли Вэньцин.", "По словам Ли Вэньцина,
...", "по данным ТАСС": the reporting verb is found by its lemma, its speaker as the verb's
subject in natasha's parse, a name after "по словам"/"по данным" as its nominative.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from readouts.languages.base import (
    Analysis,
    Lexicon,
    Name,
    Reader,
    Reported,
    Word,
    extract,
    in_full,
)

if TYPE_CHECKING:
    from readouts.claims import Claim
    from readouts.documents import Document

LEXICON = Lexicon(
    code="ru",
    negations=frozenset({"не", "ни", "нет", "никогда", "нельзя"}),
    negating=frozenset({"отказаться", "отказ", "отклонить", "отрицать", "опровергнуть"}),
    support=frozenset(
        "поддерживать поддержать поддержка приветствовать одобрить одобрять "
        "выступать_за понимать понять".split()
    ),
    oppose=frozenset(
        "осудить осуждать осуждение отвергнуть отвергать выступить_против протестовать "
        "возражать возразить критиковать раскритиковать".split()
    ),
    strong=frozenset(
        "твёрдо твердо решительно полностью категорически немедленно безусловно "
        "неизменно всецело непоколебимо настоятельно призвать призывать потребовать "
        "требовать".split()
    ),
    hedge=frozenset(
        "возможно вероятно надеяться надежда рассмотреть рассматривать изучить "
        "попытаться стремиться готовый готовность мочь".split()
    ),
    future=frozenset(
        "будет будут планировать намереваться собираться предстоящий предстоять "
        "планироваться намерен".split()
    ),
    cues=frozenset(
        "заявить сказать отметить подчеркнуть сообщить заверить указать добавить "
        "пояснить признать напомнить констатировать уточнить рассказать выразить "
        "говорить заявлять отмечать подчёркивать подчеркивать сообщать считать "
        "полагать назвать предложить предлагать призвать призывать поблагодарить "
        "высказаться пообещать предупредить поддержать приветствовать осудить "
        "подтвердить заверять выступить настаивать".split()
    ),
    stop=frozenset(
        "быть это этот весь свой который такой также так как мочь стать иметь сторона".split()
    ),
)
# Titles a speaker is named by instead of a name ("Председатель Государственной Думы
# подчеркнул"): the person the document introduced with that title.
TITLES = frozenset(
    "председатель министр глава президент премьер премьер-министр спикер посол "
    "вице-премьер заместитель руководитель лидер генсек секретарь представитель "
    "официальный замминистра канцлер губернатор мэр директор".split()
)
# "По словам X", "по данным X", "как сообщает X", "по информации X": the phrase and
# whether it names a channel (a medium) rather than a speaker.
_ACCORDING = {
    ("по", "слово"): False,
    ("по", "данные"): True,
    ("по", "информация"): True,
    ("по", "мнение"): False,
    ("как", "сообщить"): True,
    ("как", "сообщать"): True,
}
_DATELINE = re.compile(
    r"[ \t]*[А-ЯЁ][А-ЯЁ\- ]+,[ \t]+\d{1,2}[ \t]+[а-яё]+\.?[ \t]*/[^/\n]{2,20}/\.?"
)
_CHUNK = 20_000


@lru_cache(maxsize=1)
def _models():
    """natasha's segmenter and news models, and a pymorphy3 analyser, once per process."""
    import pymorphy3
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    return (
        Segmenter(),
        NewsMorphTagger(embedding),
        NewsSyntaxParser(embedding),
        NewsNERTagger(embedding),
        pymorphy3.MorphAnalyzer(),
    )


# natasha's parts of speech -> pymorphy3's, to pick the lemma of the right reading.
_POS = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "NUM": {"NUMR"},
    "DET": {"NPRO", "ADJF"},
    "PRON": {"NPRO"},
}


@lru_cache(maxsize=65536)
def lemma(word: str, pos: str) -> str:
    """The lemma of ``word`` read as ``pos``: "заявил" -> "заявить", "России" -> "россия"."""
    morph = _models()[4]
    parses = morph.parse(word)
    wanted = _POS.get(pos, set())
    for parse in parses:
        if parse.tag.POS in wanted:
            return parse.normal_form.replace("ё", "е")
    return (parses[0].normal_form if parses else word.lower()).replace("ё", "е")


_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def nominative(
    words: list[Word],
    feats: list[dict[str, str]],
    label: str = "PER",
    text: str = "",
    offset: int = 0,
) -> str:
    """A name in the nominative: "Ли Вэньцина" -> "Ли Вэньцин", "Государственной Думы"
    -> "Государственная Дума". Each word is inflected from the case natasha tagged it
    with; a word pymorphy3 cannot read in that case stays as written."""
    morph = _models()[4]
    out = []
    for word, feat in zip(words, feats):
        case = _CASES.get(feat.get("Case", ""), "")
        form = word.text
        if case and case != "nomn" and word.text[:1].isalpha():
            gender = {"Masc": "masc", "Fem": "femn"}.get(feat.get("Gender", ""))
            for parse in morph.parse(word.text):
                tag = parse.tag
                if tag.case != case or (gender and tag.gender and tag.gender != gender):
                    continue
                if label == "PER" and not ({"Name", "Surn", "Patr"} & set(tag.grammemes)):
                    continue
                inflected = parse.inflect({"nomn"})
                if inflected is not None:
                    form = _cased(inflected.word, word.text)
                    break
        out.append(form)
    if not text:
        return " ".join(out)
    # The words joined as the text joins them: "С.В.Рябинин" stays one word.
    joined = out[0]
    for previous, word, form in zip(words, words[1:], out[1:]):
        joined += text[previous.end - offset : word.start - offset] + form
    return joined


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def analyse(text: str) -> Analysis:
    """Words, sentences and names of a Russian text, in pieces of at most 20,000
    characters (natasha's models take a whole text at once)."""
    from readouts.nlp import chunks

    words: list[Word] = []
    sentence_starts: set[int] = set()
    names: list[Name] = []
    offset = 0
    for piece in chunks(text, _CHUNK):
        _analyse_piece(piece, offset, words, sentence_starts, names)
        offset += len(piece)
    sentences = _sentences(text, words, sentence_starts)
    return Analysis(text, tuple(words), tuple(sentences), tuple(names))


def _analyse_piece(
    piece: str, offset: int, words: list[Word], starts: set[int], names: list[Name]
) -> None:
    from natasha import Doc

    segmenter, tagger, parser, ner, _ = _models()
    doc = Doc(piece)
    doc.segment(segmenter)
    if not doc.tokens:
        return  # blank: natasha's parser fails on a sentence without tokens
    doc.tag_morph(tagger)
    doc.parse_syntax(parser)
    doc.tag_ner(ner)
    base = len(words)
    ids = {token.id: base + index for index, token in enumerate(doc.tokens)}
    features: list[dict[str, str]] = []
    for token in doc.tokens:
        feats = dict(token.feats or {})
        features.append(feats)
        words.append(
            Word(
                start=offset + token.start,
                end=offset + token.stop,
                text=token.text,
                pos=token.pos or "X",
                lemma=lemma(token.text, token.pos or "X")
                if token.text[:1].isalnum()
                else token.text,
                head=ids.get(token.head_id, -1),
                dep=token.rel or "",
                feats=frozenset(f"{key}={value}" for key, value in feats.items()),
            )
        )
    for sentence in doc.sents:
        if sentence.tokens:
            starts.add(ids[sentence.tokens[0].id])
    by_start = {word.start: index for index, word in enumerate(words) if index >= base}
    by_end = {word.end: index for index, word in enumerate(words) if index >= base}
    for span in doc.spans:
        first, last = by_start.get(offset + span.start), by_end.get(offset + span.stop)
        if first is None or last is None:
            continue
        first = _after_line_breaks(piece, offset, words, first, last)
        if span.type == "PER":
            first = _name_start(words, first, last)
        own = words[first : last + 1]
        canonical = nominative(
            own, features[first - base : last + 1 - base], span.type, piece, offset
        )
        key = " ".join(word.lemma for word in own)
        names.append(Name(first, last + 1, span.type, canonical, key))


def _after_line_breaks(piece: str, offset: int, words: list[Word], first: int, last: int) -> int:
    """A name never runs over a line break: its words after the last one."""
    for index in range(last, first, -1):
        if "\n" in piece[words[index - 1].end - offset : words[index].start - offset]:
            return index
    return first


def _name_start(words: list[Word], first: int, last: int) -> int:
    """Where a person's name starts inside what the tagger marked: the word its
    ``flat:name`` parts hang on ("Премьер-министром Эстмарка Йохан Лундом" is "Йохан
    Лундом")."""
    for index in range(first, last + 1):
        head = words[index].head
        if words[index].dep == "flat:name" and first <= head < index:
            return head
    return first


def _sentences(text: str, words: list[Word], starts: set[int]) -> list[tuple[int, int]]:
    """natasha's sentences, also cut at every line break, and a TASS dateline joined to
    the sentence after it."""
    cuts = set(starts) | {0}
    for index in range(1, len(words)):
        if "\n" in text[words[index - 1].end : words[index].start]:
            cuts.add(index)
    for found in re.finditer(r"(?m)^" + _DATELINE.pattern, text):
        for index, word in enumerate(words):
            if (
                found.start() < word.start < found.end() + 1
                and index in cuts
                and "\n" not in text[found.end() : word.start]
            ):
                cuts.discard(index)
            if word.start >= found.end():
                if "\n" not in text[found.end() : word.start]:
                    cuts.discard(index)
                break
    ordered = sorted(cut for cut in cuts if cut < len(words))
    return [(a, b) for a, b in zip(ordered, [*ordered[1:], len(words)]) if a < b]


def dateline(analysis: Analysis, first: int, last: int) -> int:
    """The first word after a TASS dateline at the start of the sentence."""
    words = analysis.words
    line_start = analysis.text.rfind("\n", 0, words[first].start) + 1
    found = _DATELINE.match(analysis.text, line_start)
    if found is None or found.end() <= words[first].start:
        return first
    return next((i for i in range(first, last) if words[i].start >= found.end()), last)


def reported(analysis: Analysis, first: int, last: int) -> Reported | None:
    """The reporting words of sentence ``[first, last)``, if it has any."""
    words = analysis.words
    for i in range(first, last - 1):
        pair = (words[i].lower() if False else words[i].text.lower(), words[i + 1].lemma)
        if pair in _ACCORDING:
            channel = _ACCORDING[pair]
            source = _following_name(analysis, i + 2, last)
            if (
                source is None
                and i + 2 < last
                and words[i + 2].lemma in ("он", "она", "они", "его", "её", "их")
            ):
                source = (i + 2, i + 3)
                speaker = None
            else:
                speaker = _speaker(analysis, source) if source else None
            comma = next(
                (k for k in range((source or (i, i + 2))[1], last) if words[k].text == ","), None
            )
            if comma is not None and comma == (source or (i, i + 2))[1]:
                content = ((comma + 1, last),)
            elif i > first:
                content = ((first, i),)
            else:
                content = ((comma + 1, last),) if comma is not None else ()
            return Reported(source, (i, i + 2), content, speaker, channel=channel)
    for i in range(first, last):
        word = words[i]
        if word.pos != "VERB" or word.lemma not in LEXICON.cues:
            continue
        subject = next(
            (
                k
                for k in range(first, last)
                if words[k].head == i and words[k].dep.startswith("nsubj")
            ),
            None,
        )
        if subject is None:
            continue
        source = _name_around(analysis, subject, first, last)
        speaker = _speaker(analysis, source)
        quote = _quotation(analysis, first, last)
        if quote is not None and quote[1] <= source[0]:
            return Reported(source, (i, i + 1), (quote,), speaker, direct=True)
        after = max(i + 1, source[1]) if source[0] > i else i + 1
        while after < last and words[after].text in (",", ":", "что", "—", "-"):
            after += 1
        content = ((after, last),) if after < last else ()
        return Reported(source, (i, i + 1), content, speaker)
    return None


def _quotation(analysis: Analysis, first: int, last: int) -> tuple[int, int] | None:
    words = analysis.words
    opening = next((k for k in range(first, last) if words[k].text in ("«", "“", '"')), None)
    if opening is None:
        return None
    closing = next((k for k in range(opening + 1, last) if words[k].text in ("»", "”", '"')), None)
    return None if closing is None else (opening + 1, closing)


def _following_name(analysis: Analysis, index: int, last: int) -> tuple[int, int] | None:
    for name in analysis.names:
        if name.first == index and name.last <= last:
            return (name.first, name.last)
    return None


def _name_around(analysis: Analysis, subject: int, first: int, last: int) -> tuple[int, int]:
    """The subject's words: the name it is part of, else the subject with the names and
    words that depend on it ("Председатель Госдумы Вячеслав Володин")."""
    for name in analysis.names:
        if name.first <= subject < name.last:
            return (name.first, name.last)
    words = analysis.words
    members = {subject}
    changed = True
    while changed:
        changed = False
        for k in range(first, last):
            if (
                k not in members
                and words[k].head in members
                and words[k].dep in ("appos", "flat:name", "nmod", "amod", "flat", "det")
            ):
                members.add(k)
                changed = True
    return (min(members), max(members) + 1)


def _speaker(analysis: Analysis, source: tuple[int, int] | None) -> str | None:
    """The speaker's name: the last person (else organisation) named in ``source``, in
    the nominative; else the source's head word's lemma ("министр")."""
    if source is None:
        return None
    inside = [name for name in analysis.names if source[0] <= name.first and name.last <= source[1]]
    head = analysis.words[source[0]]
    if head.pos == "NOUN" and head.lemma in TITLES and not any(n.label == "PER" for n in inside):
        return head.lemma  # "Председатель Государственной Думы": a title, not the Duma
    for label in ("PER", "ORG", "LOC"):
        found = [name for name in inside if name.label == label]
        if found:
            return found[-1].canonical
    words = analysis.words[source[0] : source[1]]
    if not words:
        return None
    if words[0].pos == "PRON":
        return None
    return words[0].lemma


def negated(analysis: Analysis, index: int) -> int | None:
    """The word a negation negates: its syntactic head ("не поддержал"), else the next
    verb or noun; "отказался от участия" negates itself."""
    word = analysis.words[index]
    if word.lemma in LEXICON.negating:
        return index
    if 0 <= word.head < len(analysis.words) and analysis.words[word.head].pos in (
        "VERB",
        "NOUN",
        "ADJ",
        "AUX",
        "PROPN",
    ):
        return word.head
    for k in range(index + 1, min(len(analysis.words), index + 3)):
        if analysis.words[k].pos in ("VERB", "NOUN", "ADJ"):
            return k
    return None


def core(analysis: Analysis, index: int) -> bool:
    """A predicate, or a predicate's subject or object."""
    word = analysis.words[index]
    if word.pos == "VERB":
        return True
    return word.dep in (
        "nsubj",
        "nsubj:pass",
        "obj",
        "iobj",
        "root",
        "ccomp",
        "xcomp",
        "conj",
    ) and (word.head < 0 or analysis.words[word.head].pos in ("VERB", "ADJ", "NOUN"))


READER = Reader(
    lexicon=LEXICON,
    analyse=analyse,
    reported=reported,
    dateline=dateline,
    negated=negated,
    core=core,
)


def extract_claims(doc_id: str, document: Document) -> list[Claim]:
    """The claims of a Russian ``document``."""
    reference = date.fromisoformat(document.date) if document.date else None
    claims, _ = extract(READER, doc_id, document.text, document.title, reference)
    return in_full(claims)
