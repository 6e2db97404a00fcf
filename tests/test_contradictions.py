"""Contradictions between claims: past against coming events, a denial of the same word,
and the rescue of pairs the match model leaves out. Every case is a sentence pair a
reader would judge at a glance."""

from __future__ import annotations

import readouts
from readouts import Document


def conflicts(first: str, second: str, backend: str = "lexical") -> list[str]:
    """The kinds of conflict found between the one-sentence claims of two documents."""
    comparison = readouts.compare(
        [
            Document(first + " The weather was fine.", label="A", date="2026-03-02"),
            Document(second + " Crowds gathered outside.", label="B", date="2026-03-02"),
        ],
        backend=backend,
    )
    return [
        conflict["kind"]
        for match in comparison.to_dict()["matches"]
        for conflict in match.get("conflicts", [])
    ]


def test_two_coming_meetings_at_times_that_cannot_both_hold():
    assert conflicts(
        "The two ministers will meet in Geneva in October to sign the fisheries accord.",
        "The two ministers will not meet in Geneva before next year, an official said.",
    ) == ["time"]


def test_a_past_round_is_not_set_against_the_next_one():
    assert conflicts(
        "Negotiators held talks in Geneva on October 13 on the fisheries accord.",
        "The next round of talks on the fisheries accord will be held in Geneva in late October.",
    ) == []


def test_is_to_speaks_of_something_to_come():
    # "is to present": the small parser reads "present" as an adjective.
    assert conflicts(
        "The resolution asks the Secretary-General to report on a drawdown by the end of March.",
        "The Secretary-General is to present options for a drawdown by the end of May.",
    ) == ["time"]


def test_a_denied_verb_is_not_against_the_noun_spelled_alike():
    assert conflicts(
        "The government did not care about the pensioners, the union said.",
        "The pensioners demanded better access to health care and higher payments.",
    ) == []


def test_a_denial_is_not_against_a_word_outside_the_predicate():
    assert conflicts(
        "The parties reached no agreement on the fishing quotas.",
        "Both parties said their obligations under the fishing quota agreement remain.",
    ) == []


def test_a_denial_of_the_stated_verb_is_a_conflict():
    assert conflicts(
        "The ministers did not sign the fisheries accord in Geneva.",
        "The ministers signed the fisheries accord in Geneva.",
    ) == ["negation"]
