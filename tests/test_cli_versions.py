"""`readouts split` and `readouts compare --within` from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from tests.test_versions import ARTICLE

from readouts.cli import cli


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_split_lists_versions_as_json(article):
    result = CliRunner().invoke(cli, ["split", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document"]["chars"] == len(ARTICLE)
    labels = [version["label"] for version in data["versions"]]
    assert "Reyes via Norvalian foreign ministry" in labels
    for version in data["versions"]:
        for attribution in version["attributions"]:
            for span in attribution["content"]:
                assert ARTICLE[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_split_renders_for_people(article, fmt):
    result = CliRunner().invoke(cli, ["split", str(article), "--format", fmt, "--width", "60"])
    assert result.exit_code == 0, result.output
    assert "Reyes" in result.output and "Norvalian foreign ministry" in result.output
    if fmt == "terminal":
        assert all(len(line) <= 60 for line in result.output.splitlines())


def test_compare_within_writes_a_comparison(article, tmp_path):
    out = tmp_path / "within.json"
    result = CliRunner().invoke(
        cli, ["compare", "--within", str(article), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["label"].split(" via ")[0] for d in data["documents"]] == ["Reyes", "Reyes"]
    assert data["matches"], "the two versions of the statement should match"


def test_compare_within_refuses_extra_documents(article):
    result = CliRunner().invoke(cli, ["compare", "--within", str(article), str(article)])
    assert result.exit_code == 2
    assert "--within takes one article" in result.output


def test_speaker_needs_within(article):
    result = CliRunner().invoke(cli, ["compare", str(article), str(article), "--speaker", "X"])
    assert result.exit_code == 2
    assert "--speaker works only with --within" in result.output


def test_split_of_a_missing_file_is_one_line_and_exit_2(tmp_path):
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(cli, ["split", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output and "no such file" in result.output
