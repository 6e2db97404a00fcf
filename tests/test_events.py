"""readouts.events: documents grouped into events, and BCubed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readouts.events import Profile, bcubed, candidate_pairs, group, profile, similarity


def doc(doc_id: str, day: str | None, *names: str, words: tuple[str, ...] = ()) -> Profile:
    terms = {f"entity:{name}": 4.0 for name in names} | {f"word:{word}": 2.0 for word in words}
    return Profile(doc_id, day, terms, frozenset(names))


MEETING = ("li wenqing", "pavel volodin", "beijing")
FISHING = ("lin hui", "norvalia", "lu yuan yu 318")


def test_two_stories_come_back_whole_and_apart():
    profiles = [
        doc("tass", "2026-03-14", *MEETING, words=("parliament", "consultation")),
        doc("xinhua", "2026-03-14", *MEETING, words=("parliament", "exchange")),
        doc("ap", "2026-06-12", *FISHING, words=("crew", "seize")),
        doc("mfa", "2026-06-12", *FISHING, words=("crew", "release")),
    ]
    events = group(profiles)
    assert [event.members for event in events] == [("tass", "xinhua"), ("ap", "mfa")]
    assert set(events[0].shared_names) == set(MEETING)
    assert (events[0].first_day, events[0].last_day) == ("2026-03-14", "2026-03-14")
    assert 0 < events[0].weakest <= 1


def test_documents_far_apart_in_time_are_never_paired():
    profiles = [doc("a", "2026-03-14", *MEETING), doc("b", "2026-09-14", *MEETING)]
    assert candidate_pairs(profiles) == set()
    assert [event.members for event in group(profiles)] == [("a",), ("b",)]
    undated = [doc("a", None, *MEETING), doc("b", "2026-09-14", *MEETING)]
    assert candidate_pairs(undated) == {(0, 1)}


def test_a_name_every_document_has_proposes_no_pair():
    profiles = [doc(str(i), "2026-03-14", "united states", f"person {i}") for i in range(60)]
    assert candidate_pairs(profiles, max_block=50) == set()


def test_one_strong_pair_does_not_chain_two_stories():
    # b is like a and like c; a and c share nothing: average linkage keeps a+b apart from c
    a = Profile("a", "2026-03-14", {"entity:x": 1.0, "entity:y": 1.0}, frozenset({"x", "y"}))
    b = Profile(
        "b", "2026-03-14", {"entity:x": 1.0, "entity:y": 1.0, "entity:z": 1.0}, frozenset("xyz")
    )
    c = Profile("c", "2026-03-14", {"entity:z": 1.0, "entity:w": 1.0}, frozenset({"z", "w"}))
    assert similarity(a, c) == 0
    events = group([a, b, c], threshold=0.4)
    assert sorted(event.members for event in events) == [("a", "b"), ("c",)]


def test_a_users_decisions_are_kept():
    profiles = [
        doc("tass", "2026-03-14", *MEETING),
        doc("xinhua", "2026-03-14", *MEETING),
        doc("ap", "2026-06-12", *FISHING),
    ]
    apart = group(profiles, apart=[("tass", "xinhua")])
    assert sorted(event.members for event in apart) == [("ap",), ("tass",), ("xinhua",)]
    together = group(profiles, together=[("tass", "ap")])
    assert [sorted(event.members) for event in together] == [["ap", "tass", "xinhua"]]


def test_profiles_count_each_term_once(claims_of):
    claims = claims_of(
        "Li Wenqing met Pavel Volodin in Beijing. Li Wenqing said Beijing valued the talks."
    )
    found = profile("A", claims, "2026-03-14")
    assert "li wenqing" in found.names and "beijing" in found.names
    assert found.terms["entity:li wenqing"] > 0


def test_bcubed_of_known_groupings():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert bcubed([["a", "b"], ["c", "d"]], gold) == (1.0, 1.0, 1.0)
    precision, recall, f1 = bcubed([["a", "b", "c", "d"]], gold)
    assert (precision, recall) == (0.5, 1.0) and f1 == pytest.approx(2 / 3)
    precision, recall, _ = bcubed([["a"], ["b"], ["c"], ["d"]], gold)
    assert (precision, recall) == (1.0, 0.5)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2026-03-14", "2026-03-15", "2026-05-01", None]),
            st.sets(st.sampled_from(list("abcdefgh")), max_size=4),
        ),
        max_size=12,
    ),
    st.floats(min_value=0.05, max_value=0.95),
)
def test_every_document_is_in_exactly_one_event(items, threshold):
    profiles = [doc(str(i), day, *names) for i, (day, names) in enumerate(items)]
    events = group(profiles, threshold=threshold)
    members = [member for event in events for member in event.members]
    assert sorted(members) == sorted(p.id for p in profiles)
    for event in events:
        assert event.weakest >= threshold or len(event.members) == 1
