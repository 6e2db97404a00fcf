"""The PolNeAR brat reader and scorer (benchmarks/polnear*.py) on tiny hand-made sets.

No spaCy and no ../shared here: every text and annotation is written out below.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import polnear
    from polnear import cue_errors, normalise, quote_baseline, score, shared, union
    from polnear_data import Article, GoldAttribution, attributions_of, load_split, parse_ann
finally:
    sys.path.pop(0)

TEXT = '"We will win," Mayor Lee said, "and soon." Critics disagreed.'
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890


def at(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    index = text.index(piece, start)
    return index, index + len(piece)


@dataclass(frozen=True)
class Piece:
    """A Span-like prediction role (``start``/``end``), as readouts returns."""

    start: int
    end: int


@dataclass(frozen=True)
class Guess:
    source: object
    cue: object
    content: tuple


ANN = (
    "T1\tSource 15 24\tMayor Lee\n"
    "T2\tCue 25 29\tsaid\n"
    'T3\tContent 0 14;31 42\t"We will win," "and soon."\n'
    "T4\tAttribution 25 29\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 51 60\tdisagreed\n"
    "T6\tAttribution-no-source 51 60\tdisagreed\n"
    "E2\tAttribution-no-source:T6 Cue:T5\n"
    "T7\tDiscuss 43 50\tCritics\n"
    "#1\tAnnotatorNotes T7\tis this a source?\n"
)


def gold_article(ann: str = ANN, text: str = TEXT) -> Article:
    return Article("tiny", text, attributions_of(parse_ann(ann)))


# ---------------------------------------------------------------- brat reader


def test_offsets_of_the_example_are_right():
    assert TEXT[15:24] == "Mayor Lee"
    assert TEXT[25:29] == "said"
    assert TEXT[0:14] == '"We will win,"'
    assert TEXT[31:42] == '"and soon."'
    assert TEXT[51:60] == "disagreed"


def test_brat_spans_events_and_discontinuous_fragments():
    document = parse_ann(ANN)
    assert document.spans["T3"].fragments == ((0, 14), (31, 42))
    assert document.spans["T3"].text == '"We will win," "and soon."'
    assert document.spans["T7"].label == "Discuss"
    assert [event.id for event in document.events] == ["E1", "E2"]
    assert document.events[0].trigger == ("Attribution", "T4")
    said, disagreed = attributions_of(document)
    assert said == GoldAttribution(
        source=((15, 24),), cue=((25, 29),), content=((0, 14), (31, 42)), id="E1"
    )
    assert disagreed.source == () and disagreed.content == ()
    assert disagreed.cue == ((51, 60),)


def test_brat_text_running_over_lines_and_a_blank_line():
    text = "He said: Stop.\n\nNow go. It ends."
    ann = (
        "T1\tContent 9 23\tStop.\n"
        "\n"
        "Now go.\n"
        "T2\tCue 3 7\tsaid\n"
        "E1\tAttribution:T2 Cue:T2 Content:T1\n"
    )
    document = parse_ann(ann)
    assert document.spans["T1"].text == "Stop.\n\nNow go."
    assert document.spans["T1"].text == text[9:23]
    assert set(document.spans) == {"T1", "T2"}
    assert attributions_of(document)[0].content == ((9, 23),)


def test_brat_event_without_cue_uses_the_trigger_and_content2_joins_content():
    ann = (
        "T1\tAttribution-no-source 0 4\twarn\n"
        "E1\tAttribution-no-source:T1\n"
        "T2\tContent 10 20\tx\n"
        "T3\tContent 30 40\ty\n"
        "T4\tCue 22 26\tsaid\n"
        "T5\tAttribution 22 26\tsaid\n"
        "E2\tAttribution:T5 Content:T3 Cue:T4 Content2:T2\n"
    )
    trigger_only, two_contents = attributions_of(parse_ann(ann))
    assert trigger_only.cue == ((0, 4),)
    assert trigger_only.source == trigger_only.content == ()
    assert two_contents.content == ((10, 20), (30, 40))
    assert two_contents.cue == ((22, 26),)


def test_brat_event_with_unknown_span_is_an_error():
    with pytest.raises(ValueError, match="unknown span T9"):
        attributions_of(parse_ann("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Source:T9\n"))


def test_load_split_reads_the_alphabetically_first_annotator(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a_story.txt").write_text(TEXT, "utf-8")
    (tmp_path / "dev" / "text" / "b_story.txt").write_text("Nothing said.", "utf-8")
    (tmp_path / "dev" / "attributions" / "a_story_ffff.ann").write_text(ANN, "utf-8")
    (tmp_path / "dev" / "attributions" / "a_story_0abc.ann").write_text(
        "T1\tCue 25 29\tsaid\nE1\tAttribution:T1 Cue:T1\n", "utf-8"
    )
    first, second = load_split("dev", root=tmp_path)
    assert (first.name, first.annotator, first.annotators) == ("a_story", "0abc", ("0abc", "ffff"))
    assert [a.cue for a in first.attributions] == [((25, 29),)]
    assert second.name == "b_story" and second.attributions == ()
    assert len(load_split("dev", root=tmp_path, limit=1)) == 1
    with pytest.raises(ValueError):
        load_split("test", root=tmp_path)


def test_agreement_scores_the_second_annotator_against_the_first(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a_story.txt").write_text(TEXT, "utf-8")
    (tmp_path / "dev" / "text" / "b_story.txt").write_text("Nothing said.", "utf-8")
    # the first (gold) marks both attributions; the second only "said", and no source
    (tmp_path / "dev" / "attributions" / "a_story_0abc.ann").write_text(ANN, "utf-8")
    (tmp_path / "dev" / "attributions" / "a_story_ffff.ann").write_text(
        "T1\tCue 25 29\tsaid\nE1\tAttribution-no-source:T1 Cue:T1\n", "utf-8"
    )
    (tmp_path / "dev" / "attributions" / "b_story_0abc.ann").write_text("", "utf-8")
    result = polnear.agreement("dev", root=tmp_path)
    assert result["articles"] == 1  # b_story has one annotator only
    assert (result["cue_exact_p"], result["cue_exact_r"]) == (1.0, 0.5)
    assert result["source_exact_r"] == 0.0


# ---------------------------------------------------------------- normalisation


def test_trimming_quotes_punctuation_and_whitespace():
    text = " “Hello, world!” — he said: "
    assert normalise(text, [(0, len(text))]) == (at(text, "Hello, world!” — he said"),)
    assert normalise(text, [at(text, "“Hello, world!”")]) == (at(text, "Hello, world"),)
    # all punctuation: only whitespace is trimmed, so a ":" cue stays a ":" cue
    assert normalise(text, [(len(text) - 2, len(text))]) == ((len(text) - 2, len(text) - 1),)
    assert normalise(text, [(3, 3)]) == ()


def test_fragments_are_sorted_and_merged_across_punctuation_only():
    text = '"Yes," "no." maybe "so"'
    yes, no, so = at(text, '"Yes,"'), at(text, '"no."'), at(text, '"so"')
    assert normalise(text, [no, yes]) == ((1, 10),)  # only '," "' between them
    assert normalise(text, [yes, so]) == ((1, 4), (20, 22))  # a word between them
    assert normalise(text, [(1, 4), (2, 10)]) == ((1, 10),)


# ---------------------------------------------------------------- scores


def test_perfect_prediction_scores_one():
    article = gold_article()
    result = score([article], [list(article.attributions)])
    for role in ("cue", "source", "content"):
        for name in ("exact", "overlap"):
            for measure in ("p", "r", "f1"):
                assert result[f"{role}_{name}_{measure}"] == 1.0, (role, name, measure)
    assert result["articles"] == 1 and result["gold"] == 2 and result["predicted"] == 2
    assert result["pairs"] == 2
    assert result["source_gold"] == 1  # the no-source attribution is in no denominator
    assert result["source_both_absent"] == 1


def test_empty_prediction_scores_zero_recall():
    result = score([gold_article()], [[]])
    for key, value in result.items():
        if key.endswith(("_p", "_r", "_f1")):
            assert value == 0.0, key
    assert result["cue_gold"] == 2 and result["content_chars_gold"] > 0


def test_predictions_as_a_mapping_and_missing_articles():
    article = gold_article()
    assert score([article], {"tiny": list(article.attributions)})["cue_exact_f1"] == 1.0
    assert score([article], {})["cue_exact_r"] == 0.0
    with pytest.raises(ValueError):
        score([article], [[], []])


def test_exact_match_after_trimming_quotes_and_punctuation():
    # the prediction keeps the quotation marks, a comma and spaces; the gold does not
    text = 'Lee said, "Taxes will fall."  '
    gold = Article(
        "t",
        text,
        (GoldAttribution((at(text, "Lee"),), (at(text, "said"),), (at(text, "Taxes will fall"),)),),
    )
    guess = Guess(Piece(*at(text, "Lee ")), Piece(*at(text, "said,")), (Piece(10, len(text)),))
    result = score([gold], [[guess]])
    assert result["cue_exact_f1"] == result["source_exact_f1"] == 1.0
    assert result["content_exact_f1"] == result["content_overlap_f1"] == 1.0


def test_discontinuous_content_needs_every_fragment():
    article = gold_article()
    source, cue = Piece(15, 24), Piece(25, 29)
    both = Guess(source, cue, (Piece(0, 14), Piece(31, 42)))
    inner = Guess(source, cue, (Piece(1, 12), Piece(32, 40)))  # already trimmed
    one = Guess(source, cue, (Piece(0, 14),))
    joined = Guess(source, cue, (Piece(0, 42),))  # swallows the source and cue
    for guess, exact in ((both, 1.0), (inner, 1.0), (one, 0.0), (joined, 0.0)):
        result = score([article], [[guess]])
        assert result["content_exact_p"] == exact, guess
        assert result["source_exact_p"] == 1.0
    result = score([article], [[one]])
    assert result["content_overlap_p"] == 1.0
    assert result["content_overlap_r"] == pytest.approx(11 / (11 + 8))


def test_character_overlap_worked_example():
    text = 'Mayor Lee said the budget is "balanced and fair" today.'
    gold = Article(
        "t",
        text,
        (
            GoldAttribution(
                (at(text, "Mayor Lee"),),
                (at(text, "said"),),
                (at(text, 'the budget is "balanced and fair"'),),
            ),
        ),
    )
    # gold content after trimming: 'the budget is "balanced and fair' = 32 characters
    assert normalise(text, gold.attributions[0].content) == ((15, 47),)
    # predicted: '"balanced and fair" today.' -> 'balanced and fair" today' (24 characters),
    # of which 'balanced and fair' (17) is gold; a second prediction repeats 17 of the
    # same characters, which are counted once; its source "Lee" is 3 of the 9 gold.
    wide = Guess(None, Piece(*at(text, "said")), (Piece(*at(text, '"balanced and fair" today.')),))
    narrow = Guess(Piece(*at(text, "Lee")), None, (Piece(*at(text, "balanced and fair")),))
    result = score([gold], [[wide, narrow]])
    assert result["content_chars_gold"] == 32
    assert result["content_chars_predicted"] == 24
    assert result["content_chars_shared"] == 17
    assert result["content_overlap_p"] == pytest.approx(17 / 24)
    assert result["content_overlap_r"] == pytest.approx(17 / 32)
    p, r = 17 / 24, 17 / 32
    assert result["content_overlap_f1"] == pytest.approx(2 * p * r / (p + r))
    assert (result["source_chars_shared"], result["source_chars_predicted"]) == (3, 3)
    assert result["source_overlap_p"] == 1.0
    assert result["source_overlap_r"] == pytest.approx(3 / 9)
    # cue: one of two predictions has a cue, it is exact
    assert (result["cue_exact_p"], result["cue_exact_r"]) == (1.0, 1.0)
    # "said" pairs with the gold; its content differs; "Lee" is in no pair (no cue)
    assert result["pairs"] == 1
    assert result["content_exact"] == 0 and result["source_exact"] == 0
    assert (result["source_predicted"], result["source_gold"]) == (1, 1)


def test_pairing_is_one_to_one_and_sources_need_overlapping_cues():
    article = gold_article()
    right = Guess(Piece(15, 24), Piece(25, 29), ())
    again = Guess(Piece(15, 24), Piece(25, 29), ())  # a duplicate of the same cue
    elsewhere = Guess(Piece(15, 24), Piece(51, 60), ())  # right source, other cue
    result = score([article], [[right, again]])
    assert result["cue_exact"] == 1 and result["cue_exact_p"] == 0.5
    assert result["pairs"] == 1 and result["source_exact"] == 1
    assert result["source_exact_p"] == 0.5 and result["source_exact_r"] == 1.0
    result = score([article], [[elsewhere]])
    # paired with the no-source gold: a predicted source there costs precision only
    assert result["pairs"] == 1 and result["source_exact"] == 0
    assert result["source_predicted"] == 1 and result["source_exact_r"] == 0.0


def test_pairing_prefers_the_larger_cue_overlap():
    text = "Officials were quoted as saying it rained."
    short = GoldAttribution((at(text, "Officials"),), (at(text, "were quoted"),), ())
    long = GoldAttribution((), (at(text, "as saying"),), (at(text, "it rained"),))
    guess = Guess(None, Piece(*at(text, "quoted as saying")), (Piece(*at(text, "it rained")),))
    result = score([Article("t", text, (short, long))], [[guess]])
    assert result["pairs"] == 1 and result["content_exact"] == 1
    assert result["cue_exact"] == 0  # the cue overlaps but is not exact


def test_readouts_attribution_records_are_scored():
    from readouts.attribution.model import Attribution
    from readouts.spans import Span

    article = gold_article()
    record = Attribution(
        source=Span.of(TEXT, 15, 24),
        cue=Span.of(TEXT, 25, 29),
        content=(Span.of(TEXT, 0, 14), Span.of(TEXT, 31, 42)),
        kind="direct",
    )
    result = score([article], [[record]])
    assert result["cue_exact_p"] == result["source_exact_f1"] == result["content_exact_f1"] == 1.0
    assert result["cue_exact_r"] == 0.5


def test_cue_errors_lists_missed_and_spurious_cues():
    article = gold_article()
    missed, spurious = cue_errors(
        article, [Guess(None, Piece(25, 29), ()), Guess(None, Piece(0, 3), ())]
    )
    assert missed == [((51, 60),)]
    assert spurious == [((1, 3),)]


def test_interval_helpers():
    assert union([(5, 8), (0, 2), (1, 3), (8, 9), (4, 4)]) == [(0, 3), (5, 9)]
    assert shared([(0, 10)], [(2, 4), (3, 6), (8, 12)]) == 6
    assert shared([], [(0, 1)]) == 0


def test_quote_baseline_finds_curly_and_straight_quotations():
    text = 'He said “yes.” She said "no." An "open\nquote" stays out.'
    found = quote_baseline(text)
    assert [text[f.content[0][0] : f.content[0][1]] for f in found] == ["“yes.”", '"no."']
    assert all(f.cue == () and f.source == () for f in found)
    assert polnear.summary_line("dev", score([Article("t", text, ())], [found]), "quotes")
