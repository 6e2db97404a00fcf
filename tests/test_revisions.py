"""readouts.revisions and readouts versions: what changed between versions of a document."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from readouts.cli import cli
from readouts.revisions import compare_versions, normalized
from readouts.settings import Settings

OLD = (
    "Li meets Volodin in Beijing\n"
    "By Anna Petrova\n"
    "Updated 14:05 GMT\n"
    "Li Wenqing met Pavel Volodin in Beijing on Monday.\n"
    "Volodin said the two parliaments would hold four rounds of consultations this year.\n"
    "The sides also discussed student exchanges.\n"
    "Both sides praised the talks.\n"
)
NEW = (
    "Li meets Volodin in Beijing\n"
    "By Anna Petrova and Wang Lei\n"
    "Updated 16:40 GMT\n"
    "Li Wenqing met  Pavel Volodin in Beijing on Monday\n"
    "Volodin said the two parliaments would hold two rounds of consultations this year.\n"
    "Both sides praised the talks.\n"
    "Li said China supports Russia on issues of its core interests.\n"
)


@pytest.fixture
def lexical():
    return Settings.resolve(backend="lexical")


def test_only_the_changed_claims_are_shown_each_labelled(claims_of, lexical):
    revision = compare_versions(OLD, claims_of(OLD), NEW, claims_of(NEW, "B"), lexical)
    shown = [(change.kind, (change.old or change.new).text) for change in revision.changes]
    assert shown == [
        (
            "changed",
            "Volodin said the two parliaments would hold four rounds of consultations this year.",
        ),
        ("removed", "The sides also discussed student exchanges."),
        ("added", "Li said China supports Russia on issues of its core interests."),
    ]
    changed = revision.changes[0]
    assert [conflict.kind for conflict in changed.match.conflicts] == ["number"]
    assert NEW[changed.new.start : changed.new.end] == changed.new.text
    assert OLD[changed.old.start : changed.old.end] == changed.old.text
    # spacing and a full stop, the byline and the timestamp: hidden, counted
    assert revision.trivial == 3
    assert revision.unchanged == 2  # the headline and "Both sides praised the talks."


def test_the_same_text_has_no_changes(claims_of, lexical):
    revision = compare_versions(OLD, claims_of(OLD), OLD, claims_of(OLD, "B"), lexical)
    assert revision.changes == () and revision.trivial == 0


def test_trivial_edits_are_invisible_to_normalisation():
    assert normalized("Li met  Volodin, on Monday.") == normalized("li met volodin on monday")
    assert normalized("four rounds") != normalized("two rounds")


def test_versions_command_shows_changes_and_its_json_twin(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    path = tmp_path / "story.txt"
    path.write_text(OLD)
    assert runner.invoke(cli, ["ingest", str(path), "--db", db]).exit_code == 0
    path.write_text(NEW)
    assert runner.invoke(cli, ["ingest", str(path), "--db", db]).exit_code == 0
    shown = runner.invoke(cli, ["versions", "1", "--db", db])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "version 1 → 2: 3 changed claims, 3 trivial changes hidden" in lines[0]
    assert lines[1].startswith("  changed  − Volodin said") and "four rounds" in lines[1]
    assert "two rounds" in lines[2] and "number: " in lines[3]
    assert any(line.startswith("  removed  − The sides also discussed") for line in lines)
    assert any(line.startswith("  added    + Li said China supports") for line in lines)
    twin = json.loads(runner.invoke(cli, ["versions", "1", "--db", db, "--json"]).stdout)
    assert (twin["from"], twin["to"], twin["trivial"]) == (1, 2, 3)
    assert [change["kind"] for change in twin["changes"]] == ["changed", "removed", "added"]
    assert twin["changes"][0]["conflicts"][0]["kind"] == "number"
    spans = twin["changes"][0]["conflicts"][0]["spans"]
    assert [s["text"] for s in spans["old"]] == ["four"] and [s["text"] for s in spans["new"]] == [
        "two"
    ]
    for side, text in (("old", OLD), ("new", NEW)):
        for span in spans[side] + twin["changes"][0]["evidence"].get(side, []):
            assert text[span["start"] : span["end"]] == span["text"]
    for change in twin["changes"]:
        for side, text in (("old", OLD), ("new", NEW)):
            if side in change:
                span = change[side]
                assert text[span["start"] : span["end"]] == span["text"]


def test_versions_command_errors_are_one_line(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    path = tmp_path / "story.txt"
    path.write_text(OLD)
    runner.invoke(cli, ["ingest", str(path), "--db", db])
    for arguments, wanted in (
        (["versions", "1", "--db", db], "has only one version"),
        (["versions", "9", "--db", db], "has no document 9"),
        (["versions", "1", "--db", db, "--from", "1", "--to", "4"], "has no version 4"),
        (["versions", "1", "--db", str(tmp_path / "none.db")], "no such store"),
    ):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert wanted in result.stderr and len(result.stderr.strip().splitlines()) == 1
