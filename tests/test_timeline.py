"""readouts timeline: what one speaker said over time, and every statement about one entity."""

from __future__ import annotations

import json

from click.testing import CliRunner

from readouts.cli import cli
from readouts.corpus import names_match

DOCUMENTS = [
    {
        "text": 'Duma chief in Beijing\n\n"We support each other," Volodin told reporters in '
        "Beijing.",
        "outlet": "Reuters",
        "date": "2026-03-10",
        "id": "r1",
    },
    {
        "text": "Volodin meets Li\n\nThe two parliaments will hold four rounds of consultations, "
        "Pavel Volodin said, according to TASS.",
        "outlet": "TASS",
        "date": "2026-03-14",
        "id": "t1",
    },
    {
        "text": "Li meets Volodin\n\nLi Wenqing met Pavel Volodin in Beijing. Li said China valued "
        "the talks.",
        "outlet": "Xinhua",
        "date": "2026-03-15",
        "id": "x1",
    },
]


def corpus(tmp_path) -> str:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in DOCUMENTS) + "\n")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_a_speakers_statements_come_in_date_order_with_their_channel(tmp_path):
    db = corpus(tmp_path)
    result = CliRunner().invoke(cli, ["timeline", "--speaker", "Volodin", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["day"], e["outlet"]) for e in entries] == [
        ("2026-03-10", "Reuters"),
        ("2026-03-14", "TASS"),
    ]
    assert entries[0]["text"].startswith('"We support each other,"')
    assert entries[1]["via"] == ["TASS"]
    assert all("Li said" not in e["text"] for e in entries)
    for entry, document in zip(entries, (DOCUMENTS[0], DOCUMENTS[1]), strict=True):
        assert document["text"][entry["start"] : entry["end"]] == entry["text"]
        assert entry["title"] == document["text"].split("\n")[0]
    shown = CliRunner().invoke(cli, ["timeline", "--speaker", "Volodin", "--db", db])
    assert shown.stdout.splitlines()[0] == "2 statements said by Volodin"
    assert "via TASS" in shown.stdout


def test_statements_about_an_entity_across_outlets(tmp_path):
    db = corpus(tmp_path)
    result = CliRunner().invoke(cli, ["timeline", "--about", "Beijing", "--db", db, "--json"])
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["outlet"] for e in entries} == {"Reuters", "Xinhua"}


def test_timeline_needs_one_question_and_a_store(tmp_path):
    runner = CliRunner()
    for arguments, wanted in (
        (["timeline", "--db", str(tmp_path / "x.db")], "one of --speaker and --about"),
        (["timeline", "--speaker", "Li", "--db", str(tmp_path / "x.db")], "no such store"),
    ):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2 and wanted in result.stderr


def test_names_match_on_whole_words():
    assert names_match("Volodin", "Pavel Volodin")
    assert names_match("pavel volodin", "Pavel Volodin")
    assert not names_match("Li", "Lin Hui")
    assert not names_match("Pavel Volodin", "Volodin")
    assert not names_match("", "Volodin") and not names_match("Li", None)
