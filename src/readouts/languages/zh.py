"""Chinese: jieba's words and parts of speech (names of people, places and organisations
among them), sentences at 。！？ and line breaks, and the words Chinese readouts report
speech with ("李文清表示，…", "据新华社报道，…", "外交部发言人林慧指出：“…”").

jieba has no parser: a speaker is the name or noun just before the reporting verb, in
the same clause; a sentence with no reporting verb of its own, in the same paragraph as
one with a speaker, is that speaker's, as the account presents it.
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
    code="zh",
    negations=frozenset(
        "不 没 没有 未 无 非 别 勿 并未 从未 尚未 不会 不能 不再 未能 决不 绝不 不得 无法 "
        "不愿 并非 不是".split()
    ),
    negating=frozenset("拒绝 否认 反对派".split()) - {"反对派"},
    support=frozenset("支持 欢迎 赞赏 赞同 理解 认可 肯定 拥护 声援".split()),
    oppose=frozenset("反对 谴责 抵制 批评 抗议 不满 指责 驳斥".split()),
    strong=frozenset(
        "坚决 坚定 完全 全力 立即 强烈 务必 必须 始终 高度 全面 坚定不移 毫不动摇 "
        "呼吁 敦促 要求".split()
    ),
    hedge=frozenset("可能 也许 或许 希望 愿意 愿 考虑 研究 探讨 尽量 争取 有望 期待".split()),
    future=frozenset("将 将要 将于 即将 计划 拟 准备 明年 下月 下个月 今后 未来".split()),
    cues=frozenset(
        "表示 指出 强调 说 称 介绍 认为 提出 宣布 透露 重申 表态 回答 声称 坦言 说道 "
        "谈到 答问 告诉".split()
    ),
    stop=frozenset("的 了 是 在 和 与 同 等 有 为 对 就 也 都 还 已 并 及".split()),
)
# jieba's part-of-speech flags -> Universal Dependencies' coarse ones.
_POS = {
    "nr": "PROPN",
    "nrfg": "PROPN",
    "nrt": "PROPN",
    "ns": "PROPN",
    "nt": "PROPN",
    "nz": "PROPN",
    "n": "NOUN",
    "vn": "NOUN",
    "nv": "NOUN",
    "j": "NOUN",
    "t": "NOUN",
    "f": "NOUN",
    "s": "NOUN",
    "ng": "NOUN",
    "an": "NOUN",
    "tg": "NOUN",
    "v": "VERB",
    "vd": "VERB",
    "vi": "VERB",
    "vg": "VERB",
    "vq": "VERB",
    "i": "VERB",
    "l": "VERB",
    "a": "ADJ",
    "ad": "ADJ",
    "ag": "ADJ",
    "b": "ADJ",
    "z": "ADJ",
    "d": "ADV",
    "dg": "ADV",
    "m": "NUM",
    "mq": "NUM",
    "q": "NOUN",
    "r": "PRON",
    "rr": "PRON",
    "rz": "PRON",
    "p": "ADP",
    "c": "CCONJ",
    "u": "PART",
    "uj": "PART",
    "ul": "PART",
    "uz": "PART",
    "ug": "PART",
    "uv": "PART",
    "ud": "PART",
    "y": "PART",
    "e": "INTJ",
    "o": "INTJ",
    "eng": "PROPN",
    "x": "X",
}
_NAME_FLAGS = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}
_PUNCT = re.compile(r"^[\s\W_]+$")
_END = "。！？!?"
_CLOSE = '”」』）)’"»'
_DATELINE = re.compile(r"[ \t]*新华社[^\n电]{0,24}电(?:[（(][^）)\n]{0,30}[）)])?")
# Words after 据 that make it a report: "据新华社报道", "据外交部消息".
_REPORTED_BY = frozenset("报道 消息 介绍 透露 称 报 电 统计 了解".split())
# Who speaks for a side: "中方", "俄方", "双方" before a reporting verb.
_SIDES = re.compile(r"^.{1,3}方$")


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba's part-of-speech tokenizer, loaded once and quietly."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.POSTokenizer(jieba.dt)


def analyse(text: str) -> Analysis:
    """Words, sentences and names of a Chinese text."""
    tokenizer = _tokenizer()
    words: list[Word] = []
    flags: list[str] = []
    offset = 0
    for pair in tokenizer.cut(text):
        piece, flag = pair.word, pair.flag
        start = text.find(piece, offset) if piece else -1
        if start < 0:
            continue
        offset = start + len(piece)
        if not piece.strip():
            continue
        pos = "PUNCT" if _PUNCT.match(piece) else _POS.get(flag, _POS.get(flag[:1], "X"))
        if pos == "X" and piece.isdigit():
            pos = "NUM"
        words.append(Word(start, start + len(piece), piece, pos, piece.lower()))
        flags.append(flag)
    return Analysis(text, tuple(words), tuple(_sentences(text, words)), tuple(_names(words, flags)))


def _names(words: list[Word], flags: list[str]) -> list[Name]:
    names: list[Name] = []
    index = 0
    while index < len(words):
        label = _NAME_FLAGS.get(flags[index])
        if label is None:
            index += 1
            continue
        last = index + 1
        while (
            last < len(words)
            and _NAME_FLAGS.get(flags[last]) == label
            and words[last].start == words[last - 1].end
            and label == "PER"
        ):
            last += 1
        canonical = "".join(word.text for word in words[index:last])
        names.append(Name(index, last, label, canonical))
        index = last
    return names


def _sentences(text: str, words: list[Word]) -> list[tuple[int, int]]:
    """Sentences end after 。！？ (and any closing quotes) and at line breaks."""
    sentences = []
    first = 0
    for index, word in enumerate(words):
        ends = word.text[-1:] in _END and not (
            index + 1 < len(words) and words[index + 1].text[:1] in _CLOSE
        )
        if (
            not ends
            and word.text[:1] in _CLOSE
            and index > 0
            and words[index - 1].text[-1:] in _END
        ):
            ends = True
        breaks = index + 1 < len(words) and "\n" in text[word.end : words[index + 1].start]
        if ends or breaks or index + 1 == len(words):
            sentences.append((first, index + 1))
            first = index + 1
    return sentences


def dateline(analysis: Analysis, first: int, last: int) -> int:
    """The first word after a Xinhua dateline ("新华社北京5月20日电（记者林晓）")."""
    words = analysis.words
    line_start = analysis.text.rfind("\n", 0, words[first].start) + 1
    found = _DATELINE.match(analysis.text, line_start)
    if found is None or found.end() <= words[first].start:
        return first
    return next((i for i in range(first, last) if words[i].start >= found.end()), last)


def reported(analysis: Analysis, first: int, last: int) -> Reported | None:
    """The reporting words of sentence ``[first, last)``, if it has any."""
    words = analysis.words
    if words[first].text == "据":
        end = next(
            (k for k in range(first + 1, min(last, first + 8)) if words[k].text in _REPORTED_BY),
            None,
        )
        if end is not None:
            source = (first + 1, end)
            speaker = _speaker(analysis, source)
            after = end + 1
            while after < last and words[after].pos == "PUNCT":
                after += 1
            return Reported(source, (first, first + 1), ((after, last),), speaker, channel=True)
    clause = first
    for i in range(first, last):
        word = words[i]
        if word.text in ("，", "：", "；", ",", ":"):
            clause = i + 1
            continue
        if word.text not in LEXICON.cues or word.pos != "VERB" or i == clause:
            continue
        source = (clause, i)
        speaker = _name_before(analysis, clause, i) or _speaker(analysis, source)
        if speaker is None:
            continue
        after = i + 1
        direct = False
        while after < last and words[after].pos == "PUNCT":
            direct = direct or words[after].text in ("“", "「", '"')
            after += 1
        return Reported(source, (i, i + 1), ((after, last),), speaker, direct=direct)
    return None


# Parts of speech a single character cut off a foreign name by jieba never has
# ("里亚宾" + "宁", "林" + "德格伦" are one name each).
_NOT_NAME_POS = frozenset({"ADP", "PART", "ADV", "CCONJ", "PUNCT", "NUM", "PRON", "VERB"})


def _name_before(analysis: Analysis, clause: int, cue: int) -> str | None:
    """The name written just before a reporting verb, whole: jieba cuts transliterated
    foreign names apart ("里亚宾" "宁" 表示), so a name there takes the single
    characters next to it."""
    words = analysis.words
    run: list[Word] = []
    k = cue - 1
    while k >= clause:
        word = words[k]
        single = len(word.text) == 1 and _han_char(word.text) and word.pos not in _NOT_NAME_POS
        if word.pos != "PROPN" and not single:
            break
        if run and word.end != run[0].start:
            break
        run.insert(0, word)
        k -= 1
    if len(run) < 2 or not any(word.pos == "PROPN" for word in run):
        return None
    if not any(len(word.text) == 1 and word.pos != "PROPN" for word in run):
        return None  # names jieba kept whole: the name labels decide (``_speaker``)
    return "".join(word.text for word in run)


def _han_char(text: str) -> bool:
    return "\u4e00" <= text <= "\u9fff"


def _speaker(analysis: Analysis, source: tuple[int, int]) -> str | None:
    """The last person named in ``source``, else its last organisation or place, else a
    side ("中方"), else a titled noun ("发言人"); None for a pronoun alone."""
    inside = [name for name in analysis.names if source[0] <= name.first and name.last <= source[1]]
    for label in ("PER", "ORG", "LOC"):
        found = [name for name in inside if name.label == label]
        if found:
            return found[-1].canonical
    words = analysis.words[source[0] : source[1]]
    if not words:
        return None
    last = words[-1]
    if last.pos == "PRON":
        return None
    if _SIDES.match(last.text) or last.pos in ("NOUN", "PROPN"):
        return last.text
    return None


def inherits(analysis: Analysis, first: int, last: int) -> bool:
    return True


def negated(analysis: Analysis, index: int) -> int | None:
    """The verb, adjective or noun a negation word negates: the next one, past adverbs;
    "拒绝" and "否认" negate themselves."""
    words = analysis.words
    if words[index].text in LEXICON.negating:
        return index
    for k in range(index + 1, min(len(words), index + 4)):
        if words[k].pos in ("VERB", "ADJ", "NOUN"):
            return k
        if words[k].pos not in ("ADV", "PART"):
            break
    return None


def core(analysis: Analysis, index: int) -> bool:
    """Without a parser, every verb, noun and adjective counts as the claim's core."""
    return analysis.words[index].pos in ("VERB", "NOUN", "ADJ", "PROPN")


READER = Reader(
    lexicon=LEXICON,
    analyse=analyse,
    reported=reported,
    dateline=dateline,
    inherits=inherits,
    negated=negated,
    core=core,
)


def extract_claims(doc_id: str, document: Document) -> list[Claim]:
    """The claims of a Chinese ``document``."""
    reference = date.fromisoformat(document.date) if document.date else None
    claims, _ = extract(READER, doc_id, document.text, document.title, reference)
    return in_full(claims)
