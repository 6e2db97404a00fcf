"""readouts.compare end to end: ids, exact evidence, the JSON contract, the demo's findings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import readouts
from readouts import Document, InputError, UsageError

GOLDEN = Path(__file__).parent / "golden" / "demo.json"

LEFT = (
    "Li Zhanshu met Volodin in Moscow.\n\n"
    "The two sides signed 12 agreements on energy.\n\n"
    "Li said China supports the plan."
)
RIGHT = (
    "Volodin met Li Zhanshu in Moscow.\r\n\r\n"
    "The two sides signed 9 agreements on energy.\r\n\r\n"
    "Volodin raised the situation in Ukraine and the blockade of the port."
)


@pytest.fixture(scope="module")
def small():
    return readouts.compare([Document(LEFT, label="Duma"), Document(RIGHT, path="x/xinhua.txt")])


def all_spans(data: dict):
    """(document id, span dict) for every span anywhere in ``to_dict()`` output."""
    doc_of = {claim["id"]: claim["doc"] for claim in data["claims"]}
    for claim in data["claims"]:
        for key in ("source", "cue"):
            if claim[key]:
                yield claim["doc"], claim[key]
        for term in claim["terms"]:
            yield claim["doc"], term
    for match in data["matches"]:
        for claim_id, spans in match["evidence"].items():
            for span in spans:
                yield doc_of[claim_id], span
        for conflict in match.get("conflicts", []):
            for claim_id, spans in conflict["spans"].items():
                for span in spans:
                    yield doc_of[claim_id], span
        if "shift" in match:
            for claim_id, spans in match["shift"]["markers"].items():
                for span in spans:
                    yield doc_of[claim_id], span
    for finding in data["summary"]:
        for span in finding["spans"]:
            yield doc_of[span["claim"]], span


def assert_exact_evidence(comparison) -> None:
    data = comparison.to_dict()
    texts = {entry.id: entry.document.text for entry in comparison.documents}
    for claim in data["claims"]:
        assert claim["text"] == texts[claim["doc"]][claim["start"] : claim["end"]]
    count = 0
    for doc_id, span in all_spans(data):
        assert span["text"] == texts[doc_id][span["start"] : span["end"]], (doc_id, span)
        assert span["start"] < span["end"]
        count += 1
    assert count > 0


def test_ids_and_labels(small):
    assert [entry.id for entry in small.documents] == ["A", "B"]
    assert [entry.label for entry in small.documents] == ["Duma", "xinhua.txt"]
    assert [c.id for c in small.claims_of("A")] == ["A1", "A2", "A3"]
    assert [c.id for c in small.claims_of("B")] == ["B1", "B2", "B3"]


def test_claim_text_and_every_span_index_the_documents(small):
    assert_exact_evidence(small)


def test_small_comparison_findings(small):
    relations = {match.claims: match.relation for match in small.matches}
    assert relations[("A2", "B2")] == "conflict"
    conflict = next(m for m in small.matches if m.claims == ("A2", "B2")).conflicts[0]
    assert conflict.kind == "number"
    assert {cid: [s.text for s in spans] for cid, spans in conflict.spans.items()} == {
        "A2": ["12"],
        "B2": ["9"],
    }
    assert "B3" in small.unmatched


def test_to_dict_contract(small):
    data = small.to_dict()
    assert {"documents", "claims", "matches", "unmatched", "summary"} <= set(data)
    assert json.loads(json.dumps(data)) == data  # plain JSON data only
    for document in data["documents"]:
        assert {"id", "label", "path", "chars"} <= set(document)
    first, second = data["documents"]
    assert (first["id"], first["label"], first["path"], first["chars"]) == (
        "A",
        "Duma",
        None,
        len(LEFT),
    )
    assert (second["id"], second["label"], second["path"], second["chars"]) == (
        "B",
        "xinhua.txt",
        "x/xinhua.txt",
        len(RIGHT),
    )
    assert first["claims"] == len([c for c in data["claims"] if c["doc"] == "A"]) > 0
    assert first["note"] is None and second["note"] is None
    for claim in data["claims"]:
        assert {"id", "doc", "start", "end", "text", "speaker"} <= set(claim)
        assert isinstance(claim["start"], int) and isinstance(claim["end"], int)
        assert claim["speaker"] is None or isinstance(claim["speaker"], str)
    claim_ids = {claim["id"] for claim in data["claims"]}
    for match in data["matches"]:
        assert {"claims", "relation", "score", "differences"} <= set(match)
        assert set(match["claims"]) <= claim_ids and len(match["claims"]) >= 2
        assert match["relation"] in ("equivalent", "partial", "conflict")
        assert 0.0 <= match["score"] <= 1.0
        assert set(match["differences"]) == set(match["claims"])
        assert all(isinstance(t, str) for terms in match["differences"].values() for t in terms)
    matched = {cid for match in data["matches"] for cid in match["claims"]}
    assert data["unmatched"] == [c["id"] for c in data["claims"] if c["id"] not in matched]
    for finding in data["summary"]:
        assert finding["kind"] in ("only", "conflict", "softening", "unique_terms")
        assert isinstance(finding["title"], str) and finding["title"]


@pytest.mark.parametrize("documents", [[], [Document("Li met Volodin in Moscow.")]])
def test_fewer_than_two_documents(documents):
    with pytest.raises(UsageError, match="at least two"):
        readouts.compare(documents)


def test_too_many_documents():
    documents = [Document("Li met Volodin in Moscow.")] * 27
    with pytest.raises(UsageError, match="at most 26"):
        readouts.compare(documents)


def test_unknown_backend():
    with pytest.raises(UsageError, match="backend"):
        readouts.compare([Document("a b"), Document("c d")], backend="telepathy")


def test_paths_are_loaded(tmp_path):
    left, right = tmp_path / "duma.txt", tmp_path / "xinhua.txt"
    left.write_bytes(LEFT.encode())
    right.write_bytes(RIGHT.encode())
    comparison = readouts.compare([str(left), str(right)])
    assert [entry.label for entry in comparison.documents] == ["duma.txt", "xinhua.txt"]
    assert comparison.documents[1].document.text == RIGHT  # CRLF kept
    assert_exact_evidence(comparison)


@pytest.mark.parametrize(
    "sentence",
    [
        "Li Zhanshu discussed the Ukraine crisis with Volodin.",
        pytest.param("We will do it again.", id="common-words-only"),
        pytest.param("What are we doing?", id="question-of-common-words"),
    ],
)
def test_a_sentence_in_both_documents_is_not_reported_as_only(sentence):
    text = f"Li met Volodin in Moscow.\n\n{sentence}"
    comparison = readouts.compare([Document(text, label="x"), Document(text, label="y")])
    assert comparison.unmatched == ()
    assert [f.title for f in comparison.summary if f.kind == "only"] == []


def test_three_documents_group_in_document_order():
    met = "Li Zhanshu met Volodin in Moscow."
    signed = "The two sides signed 12 agreements on energy."
    raised = "Volodin raised the situation in Ukraine."
    comparison = readouts.compare(
        [
            Document(f"{met}\n\n{signed}"),
            Document(f"{signed}\n\n{met}"),
            Document(f"{raised}\n\n{met}"),
        ]
    )
    assert [entry.id for entry in comparison.documents] == ["A", "B", "C"]
    assert comparison.groups == (("A1", "B2", "C2"), ("A2", "B1"))
    assert comparison.unmatched == ("C1",)
    assert {match.claims for match in comparison.matches} >= {
        ("A1", "B2"),
        ("A2", "B1"),
        ("A1", "C2"),
    }
    assert_exact_evidence(comparison)


def test_missing_path_is_an_input_error(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(InputError) as error:
        readouts.compare([Document(LEFT), missing])
    assert error.value.source == missing


# --- the demo ----------------------------------------------------------------------------


def test_demo_matches_golden(demo_comparison):
    data = demo_comparison.to_dict()
    rendered = json.dumps(data, sort_keys=False, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(rendered, encoding="utf-8")
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing; write it with UPDATE_GOLDEN=1")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(key for key in set(golden) | set(data) if golden.get(key) != data.get(key))
    assert not changed, (
        f"the demo's comparison changed in {changed}; if intended, rerun with UPDATE_GOLDEN=1"
    )


def test_demo_evidence_is_exact(demo_comparison):
    assert_exact_evidence(demo_comparison)


def test_demo_documents(demo_comparison):
    labels = {entry.id: entry.label for entry in demo_comparison.documents}
    assert labels == {"A": "Norvalia MFA", "B": "Estmark MFA"}


def estmark(comparison) -> str:
    return next(e.id for e in comparison.documents if e.label == "Estmark MFA")


def findings(comparison, kind: str):
    return [finding for finding in comparison.summary if finding.kind == kind]


def test_demo_number_conflict(demo_comparison):
    conflicts = [
        conflict
        for match in demo_comparison.matches
        for conflict in match.conflicts
        if conflict.kind == "number"
    ]
    numbers = [sorted(span.text for spans in c.spans.values() for span in spans) for c in conflicts]
    assert ["12", "9"] in numbers
    summary = findings(demo_comparison, "conflict")
    assert any({"12", "9"} <= {span.text for _, span in f.spans} for f in summary)


def test_demo_only_estmark_reports_the_fishermen(demo_comparison):
    doc = estmark(demo_comparison)
    only = [
        f
        for f in findings(demo_comparison, "only")
        if f.doc == doc and "fishermen" in demo_comparison.claim(f.claims[0]).text
    ]
    assert len(only) == 1
    assert "Estmark MFA" in only[0].title
    ((claim_id, span),) = only[0].spans
    claim = demo_comparison.claim(claim_id)
    assert (span.start, span.end, span.text) == (claim.start, claim.end, claim.text)


def test_demo_softening_of_the_dravik_claims(demo_comparison):
    softenings = [
        f
        for f in findings(demo_comparison, "softening")
        if all("Dravik" in demo_comparison.claim(cid).text for cid in f.claims)
    ]
    assert len(softenings) == 1
    stronger, softer = (demo_comparison.claim(cid) for cid in softenings[0].claims)
    assert stronger.doc != softer.doc
    assert "fully" in stronger.text
    assert softer.doc == estmark(demo_comparison)


def test_demo_unique_terms(demo_comparison):
    doc = estmark(demo_comparison)
    (unique,) = [f for f in findings(demo_comparison, "unique_terms") if f.doc == doc]
    assert "fishermen" in unique.terms
    other = [f for f in findings(demo_comparison, "unique_terms") if f.doc != doc]
    assert all("fishermen" not in f.terms for f in other)


def test_demo_groups_are_in_document_order(demo_comparison):
    position = {claim.id: i for i, claim in enumerate(demo_comparison.claims)}
    for group in demo_comparison.groups:
        assert list(group) == sorted(group, key=position.__getitem__)
    assert [position[g[0]] for g in demo_comparison.groups] == sorted(
        position[g[0]] for g in demo_comparison.groups
    )


def test_a_joint_statement_in_either_order_is_no_speaker_conflict():
    first = (
        "Xi Jinping met Vladimir Putin in Moscow. Xi and Putin agreed that the two countries "
        "would deepen cooperation on energy."
    )
    second = (
        "Vladimir Putin met Xi Jinping in Moscow. Putin and Xi agreed that the two countries "
        "would deepen cooperation on energy."
    )
    comparison = readouts.compare([Document(first, label="A"), Document(second, label="B")])
    speakers = {claim.id: claim.speaker for claim in comparison.claims}
    # Both names, whichever way the NER model reads "Xi Jinping" in a short text.
    assert speakers["A2"].startswith("Xi") and speakers["A2"].endswith(" and Vladimir Putin")
    assert speakers["B2"].startswith("Vladimir Putin and Xi")
    matched = [m for m in comparison.matches if set(m.claims) == {"A2", "B2"}]
    assert matched and not [c for m in matched for c in m.conflicts if c.kind == "speaker"]


def test_a_time_conflict_end_to_end():
    comparison = readouts.compare(
        [
            Document("The commission will meet in March.", label="A", date="2026-01-15"),
            Document("The commission will not meet before 2027.", label="B", date="2026-01-16"),
        ]
    )
    (match,) = comparison.matches
    assert match.relation == "conflict"
    (conflict,) = match.conflicts
    assert conflict.kind == "time"
    texts = {cid: [span.text for span in spans] for cid, spans in conflict.spans.items()}
    assert texts == {"A1": ["in", "March"], "B1": ["not", "before", "2027"]}
    assert_exact_evidence(comparison)


def test_an_undated_account_is_read_against_the_dated_one():
    comparison = readouts.compare(
        [
            Document("Talks were held on 10 January 2026. The commission will meet in March."),
            Document("The commission will not meet before 2027."),
        ]
    )
    kinds = [c.kind for m in comparison.matches for c in m.conflicts]
    assert "time" in kinds


def test_time_is_no_conflict_without_any_date():
    comparison = readouts.compare(
        [
            Document("The commission will meet in March."),
            Document("The commission will not meet before 2027."),
        ]
    )
    assert [c.kind for m in comparison.matches for c in m.conflicts] == []


def test_a_dozen_agreements_match_12_agreements():
    comparison = readouts.compare(
        [
            Document("The ministers signed a dozen agreements."),
            Document("The ministers signed 12 agreements."),
        ]
    )
    (match,) = comparison.matches
    assert match.relation == "equivalent"
    assert match.conflicts == ()
    assert match.differences == {"A1": (), "B1": ()}
