"""``readouts quotes``: the JSON Lines contract, inputs (files, folders, stdin), labels,
errors, parallel parsing, and the terminal, Markdown and HTML renderings.

The golden file ``tests/golden/quotes.jsonl`` follows the extractor; when the extractor
improves, regenerate it with ``UPDATE_GOLDEN=1 python -m pytest tests/test_quotes.py -k golden``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import readouts
from readouts.attribution.model import Attribution
from readouts.cli import cli
from readouts.documents import Document
from readouts.errors import InputError, UsageError
from readouts.quotes import (
    DocumentQuotes,
    expand_paths,
    load_documents,
    quote_documents,
    worker_batch_size,
)
from readouts.render.quotes import QUOTE_FORMATS, render_jsonl, render_quotes
from readouts.render.quotes.html import render_quotes_html
from readouts.render.quotes.markdown import render_quotes_markdown
from readouts.render.quotes.terminal import render_quotes_terminal
from readouts.render.quotes.view import build_quotes_view, excerpt_bounds, role_segments
from readouts.spans import Span

GOLDEN = Path(__file__).parent / "golden" / "quotes.jsonl"
SCRIPT = "<script>alert(1)</script>"
LI = "Li said that China supports Russia."
NEWS = (
    "Li Zhanshu met Volodin in Moscow.\n\n"
    '"We will stand together," Volodin said after the talks.\n\n'
    "According to Xinhua, Li told reporters that China supports Russia."
)
# The fixed input of the golden file: two small documents in one folder.
GOLDEN_DOCUMENTS = {
    "1-duma.txt": (
        "Li Zhanshu met Vyacheslav Volodin in Moscow on Thursday.\n\n"
        "Li said that China supports Russia on Ukraine.\n\n"
        '"We are providing our assistance," Li was quoted as saying.'
    ),
    "2-xinhua.txt": (
        "According to Xinhua, Li told Volodin that ties were at their best ever.\n\n"
        "Volodin said Moscow welcomed the visit and hoped for more trade."
    ),
}
SPAN_KEYS = ["start", "end", "text"]
ATTRIBUTION_KEYS = ["source", "cue", "content", "speaker", "kind", "via"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def hand_built() -> list[DocumentQuotes]:
    """Two documents with hand-built attributions (no parser): stable input for renderers."""
    first = f"Li said that trade | energy grew. Officials said talks {SCRIPT} went well."
    second = '"We will win," Putin told reporters, according to TASS.\n\nNobody else spoke.'

    def at(text: str, words: str, start: int = 0) -> Span:
        position = text.index(words, start)
        return Span.of(text, position, position + len(words))

    return [
        DocumentQuotes(
            Document(first, label=f"Wire {SCRIPT}", path="wire.txt"),
            (
                Attribution(
                    at(first, "Li"),
                    at(first, "said"),
                    (at(first, "that trade | energy grew"),),
                    "indirect",
                    speaker="Li Zhanshu",
                ),
                Attribution(
                    at(first, "Officials"),
                    at(first, "said", 10),
                    (at(first, f"talks {SCRIPT} went well"),),
                    "indirect",
                    speaker="officials",
                ),
            ),
        ),
        DocumentQuotes(
            Document(second, label="TASS"),
            (
                Attribution(
                    at(second, "Putin"),
                    at(second, "told"),
                    (at(second, "We will win"),),
                    "direct",
                    speaker="Vladimir Putin",
                    via=("TASS",),
                ),
            ),
        ),
    ]


# --- the JSON Lines contract --------------------------------------------------------------


def assert_span(span: object, text: str) -> None:
    assert isinstance(span, dict)
    assert list(span) == SPAN_KEYS
    assert type(span["start"]) is int and type(span["end"]) is int
    assert 0 <= span["start"] <= span["end"] <= len(text)
    assert span["text"] == text[span["start"] : span["end"]]


def assert_contract(record: dict, text: str) -> None:
    assert list(record) == ["document", "attributions"]
    document = record["document"]
    assert list(document) == ["path", "label", "chars"]
    assert document["path"] is None or isinstance(document["path"], str)
    assert isinstance(document["label"], str)
    assert type(document["chars"]) is int and document["chars"] == len(text)
    assert isinstance(record["attributions"], list)
    for attribution in record["attributions"]:
        assert list(attribution) == ATTRIBUTION_KEYS
        for key in ("source", "cue"):
            if attribution[key] is not None:
                assert_span(attribution[key], text)
        assert isinstance(attribution["content"], list)
        for span in attribution["content"]:
            assert_span(span, text)
        assert attribution["speaker"] is None or isinstance(attribution["speaker"], str)
        assert attribution["kind"] in ("direct", "indirect", "mixed")
        assert isinstance(attribution["via"], list)
        assert all(isinstance(channel, str) for channel in attribution["via"])


def test_jsonl_contract(runner, tmp_path):
    path = write(tmp_path, "news.txt", NEWS)
    result = runner.invoke(cli, ["quotes", str(path)])
    assert result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    [record] = records(result)
    # Compact: exactly what json.dumps writes with the tightest separators.
    assert lines[0] == json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    assert_contract(record, NEWS)
    assert record["document"] == {"path": str(path), "label": "news.txt", "chars": len(NEWS)}
    assert record["attributions"], "the news text has attributions"


def test_li_said_that(runner, tmp_path):
    # Behaviour that must survive extractor changes: the cue "said" with the source "Li".
    [record] = records(runner.invoke(cli, ["quotes", str(write(tmp_path, "li.txt", LI))]))
    assert_contract(record, LI)
    found = [
        a
        for a in record["attributions"]
        if a["cue"] and a["cue"]["text"] == "said" and a["source"] and a["source"]["text"] == "Li"
    ]
    assert found, record
    assert found[0]["kind"] in ("indirect", "mixed")
    assert any("China supports Russia" in span["text"] for span in found[0]["content"])


def test_python_api_matches_the_command(runner, tmp_path):
    path = write(tmp_path, "news.txt", NEWS)
    [record] = records(runner.invoke(cli, ["quotes", str(path)]))
    document = readouts.load(str(path))
    assert [a.to_dict() for a in readouts.attributions(document)] == record["attributions"]
    [result] = quote_documents([document])
    assert result.to_dict() == record


def test_non_ascii_kept_and_line_separators_escaped():
    text = "Él dijo: “sí”.\u2028Next\x85line\u2029end"
    result = DocumentQuotes(
        Document(text, label="café"),
        (Attribution(None, Span.of(text, 3, 7), (Span.of(text, 0, len(text)),), "direct"),),
    )
    output = render_jsonl([result, result])
    assert "café" in output and "“sí”" in output
    assert len(output.splitlines()) == 2  # str.splitlines would split at U+2028, U+0085, U+2029
    assert [json.loads(line) for line in output.splitlines()] == [result.to_dict()] * 2


# --- inputs: folders, standard input, labels -----------------------------------------------


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "corpus"
    for name in [
        "b.txt",
        "a.md",
        "z.text",
        "notes.pdf",
        "data.json",
        "README",
        ".hidden.txt",
        ".git/x.txt",
        "sub/d.TXT",
        "sub/c.html",
        "sub/e.htm",
        "sub/deeper/f.txt",
        "sub-x.txt",
    ]:
        write(root, name, "Li said that China supports Russia.")
    return root


def test_folders_expand_recursively_sorted_and_filtered(tree):
    relative = [
        os.path.relpath(path, tree).replace(os.sep, "/") for path in expand_paths([str(tree)])
    ]
    assert relative == [
        "a.md",
        "b.txt",
        "notes.pdf",
        "sub/c.html",
        "sub/d.TXT",
        "sub/deeper/f.txt",
        "sub/e.htm",
        "sub-x.txt",
        "z.text",
    ]


def test_files_and_stdin_pass_through_in_order(tree):
    other = str(tree / "notes.pdf")  # a file named directly is kept whatever its suffix
    paths = expand_paths([other, "-", str(tree / "sub" / "deeper")])
    assert paths == [other, "-", str(tree / "sub" / "deeper" / "f.txt")]


def test_folder_on_the_command_line(runner, tmp_path):
    folder = tmp_path / "docs"
    write(folder, "b.txt", LI)
    write(folder, "a.txt", NEWS)
    write(folder, "skip.csv", "a,b")
    extra = write(tmp_path, "extra.txt", LI)
    found = records(runner.invoke(cli, ["quotes", str(folder), str(extra)]))
    assert [r["document"]["label"] for r in found] == ["a.txt", "b.txt", "extra.txt"]
    assert [r["document"]["path"] for r in found] == [
        str(folder / "a.txt"),
        str(folder / "b.txt"),
        str(extra),
    ]


def test_standard_input(runner, tmp_path):
    other = write(tmp_path, "other.txt", NEWS)
    found = records(runner.invoke(cli, ["quotes", "-", str(other)], input=LI.encode()))
    assert found[0]["document"] == {"path": None, "label": "stdin", "chars": len(LI)}
    assert found[1]["document"]["label"] == "other.txt"
    assert_contract(found[0], LI)


def test_labels_in_order(runner, tmp_path):
    folder = tmp_path / "docs"
    write(folder, "a.txt", LI)
    write(folder, "b.txt", NEWS)
    last = write(tmp_path, "c.txt", LI)
    found = records(
        runner.invoke(
            cli, ["quotes", str(folder), str(last), "--label", "Duma", "--label", "Xinhua"]
        )
    )
    assert [r["document"]["label"] for r in found] == ["Duma", "Xinhua", "c.txt"]


def test_too_many_labels_is_a_usage_error(runner, tmp_path):
    path = write(tmp_path, "a.txt", LI)
    result = runner.invoke(cli, ["quotes", str(path), "--label", "A", "--label", "B"])
    assert result.exit_code == 2
    assert "more --label" in result.stderr
    assert result.stdout == ""


def test_stdin_twice_is_a_usage_error(runner):
    result = runner.invoke(cli, ["quotes", "-", "-"], input=LI.encode())
    assert result.exit_code == 2
    assert "only once" in result.stderr


def test_load_documents_labels(tmp_path):
    a, b = write(tmp_path, "a.txt", LI), write(tmp_path, "b.txt", NEWS)
    loaded = load_documents([str(a), str(b)], ["First"], max_bytes=1000)
    assert [d.name for d in loaded.documents] == ["First", "b.txt"]
    assert loaded.failures == [] and loaded.skipped == []
    with pytest.raises(UsageError):
        load_documents([str(a)], ["A", "B"], max_bytes=1000)


# --- errors: one line naming the file, exit code 2, nothing written ------------------------


def assert_failed_cleanly(result, name: str, folder: Path, before: set[str]) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert files_in(folder) == before  # neither the output nor a temporary file


def assert_went_on(result, bad: str, problem: str, out: Path, good: int) -> None:
    """A batch with one bad input: one line names it, the rest is processed, exit 1."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert bad in lines[0] and problem in lines[0]
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == good
    assert all(record["attributions"] for record in records)


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_missing_file_with_strict(runner, tmp_path, fmt):
    good = write(tmp_path, "good.txt", LI)
    before = files_in(tmp_path)
    out = tmp_path / "out"
    arguments = [str(good), str(tmp_path / "nowhere.txt"), "--format", fmt, "-o", str(out)]
    result = runner.invoke(cli, ["quotes", *arguments, "--strict"])
    assert_failed_cleanly(result, "nowhere.txt", tmp_path, before)
    assert "no such file" in result.stderr


def test_missing_file_goes_on_with_the_rest(runner, tmp_path):
    good = write(tmp_path, "good.txt", LI)
    out = tmp_path / "q.jsonl"
    result = runner.invoke(cli, ["quotes", str(good), str(tmp_path / "nowhere.txt"), "-o", str(out)])
    assert_went_on(result, "nowhere.txt", "no such file", out, good=1)


def test_only_bad_inputs_is_exit_2_and_nothing_written(runner, tmp_path):
    before = files_in(tmp_path)
    result = runner.invoke(
        cli, ["quotes", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "q.jsonl")]
    )
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2  # one line per file
    assert files_in(tmp_path) == before


def test_folder_without_documents(runner, tmp_path):
    folder = tmp_path / "empty-folder"
    write(folder, "data.csv", "a,b")
    (folder / "sub").mkdir()
    good = write(tmp_path, "good.txt", LI)
    out = tmp_path / "q.jsonl"
    result = runner.invoke(cli, ["quotes", str(good), str(folder), "-o", str(out)])
    assert_went_on(result, "empty-folder", ".txt", out, good=1)
    with pytest.raises(InputError, match="empty-folder"):
        expand_paths([str(folder)])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_binary_file_among_six_in_a_folder(runner, tmp_path, jobs):
    folder = tmp_path / "docs"
    for name in ("a.txt", "b.txt", "d.txt", "e.txt", "f.txt"):
        write(folder, name, LI)
    (folder / "c.txt").write_bytes(b"Li met\x00Volodin.")
    out = tmp_path / "q.jsonl"
    result = runner.invoke(cli, ["quotes", str(folder), "--jobs", jobs, "-o", str(out)])
    assert_went_on(result, "c.txt", "binary", out, good=5)


def test_oversized_file(runner, tmp_path):
    path = write(tmp_path, "big.txt", NEWS)
    before = files_in(tmp_path)
    result = runner.invoke(
        cli, ["quotes", str(path), "--max-bytes", "10", "-o", str(tmp_path / "q.jsonl")]
    )
    assert_failed_cleanly(result, "big.txt", tmp_path, before)
    assert "too large" in result.stderr


def test_help_has_input_options_but_no_backend(runner):
    result = runner.invoke(cli, ["quotes", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--output", "--jobs", "--label", "--spacy-model", "--max-bytes"):
        assert option in result.stdout
    assert "--backend" not in result.stdout
    for command in ("compare", "demo"):
        assert "--backend" in runner.invoke(cli, [command, "--help"]).stdout


# --- parallel parsing ----------------------------------------------------------------------


def test_two_jobs_give_the_same_json(runner, tmp_path):
    a, b = write(tmp_path, "a.txt", NEWS), write(tmp_path, "b.txt", LI)
    one = runner.invoke(cli, ["quotes", str(a), str(b), "--jobs", "1"])
    two = runner.invoke(cli, ["quotes", str(a), str(b), "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    assert len(two.stdout.splitlines()) == 2


def test_worker_processes_return_usable_docs():
    # Docs rebuilt from worker bytes must still work with readouts.nlp's per-Doc caches.
    documents = [Document(NEWS, label="a"), Document(LI, label="b")]
    serial = [r.to_dict() for r in quote_documents(documents, jobs=1)]
    parallel = [r.to_dict() for r in quote_documents(documents, jobs=2)]
    assert parallel == serial
    assert parallel[1]["attributions"]


@pytest.mark.parametrize(
    ("documents", "jobs", "batch_size", "expected"),
    [(2, 2, 16, 1), (3, 2, 16, 2), (100, 2, 16, 16), (1, 4, 16, 1), (10, 1, 4, 4)],
)
def test_batches_spread_over_the_workers(documents, jobs, batch_size, expected):
    assert worker_batch_size(documents, jobs, batch_size) == expected


def test_jobs_must_be_positive(runner, tmp_path):
    with pytest.raises(UsageError):
        quote_documents([Document(LI)], jobs=0)
    result = runner.invoke(cli, ["quotes", str(write(tmp_path, "a.txt", LI)), "--jobs", "0"])
    assert result.exit_code == 2


def test_no_documents_no_parse():
    assert quote_documents([], jobs=2) == []
    assert render_jsonl([]) == ""


# --- golden file ---------------------------------------------------------------------------


def test_golden_jsonl(runner, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    for name, text in GOLDEN_DOCUMENTS.items():
        write(folder, name, text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["quotes", "docs"])
    assert result.exit_code == 0, result.output
    actual = result.stdout.replace("docs\\\\", "docs/")  # the same file on Windows
    for record, text in zip(records(result), GOLDEN_DOCUMENTS.values()):
        assert_contract(record, text)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing; run with UPDATE_GOLDEN=1 to create it"
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual == expected, (
        "quotes.jsonl changed; if the extractor improved, regenerate with "
        "UPDATE_GOLDEN=1 python -m pytest tests/test_quotes.py -k golden"
    )


# --- the view: segments by role --------------------------------------------------------------


def test_role_segments_cover_the_text_and_prefer_the_cue():
    text = "He said: we will win, he said."
    spans = [
        (Span.of(text, 0, 2), "source"),
        (Span.of(text, 3, 7), "cue"),
        (Span.of(text, 0, 20), "content"),  # overlaps both: the narrower roles show
        (Span.of(text, 100, 120), "content"),  # outside: dropped
    ]
    segments = role_segments(text, spans)
    assert "".join(segment for segment, _ in segments) == text
    assert segments[:4] == [
        ("He", "source"),
        (" ", "content"),
        ("said", "cue"),
        (": we will win", "content"),
    ]
    assert segments[-1] == (", he said.", None)


def test_role_segments_window_and_breaks():
    text = "Li said that China supports Russia."
    spans = [(Span.of(text, 0, 2), "source"), (Span.of(text, 8, 34), "content")]
    segments = role_segments(text, spans, start=3, end=20, breaks=[13])
    assert "".join(s for s, _ in segments) == text[3:20]
    assert segments == [("said ", None), ("that ", "content"), ("China s", "content")]


def test_excerpt_takes_in_quotation_marks_and_punctuation():
    text = 'Intro. "We will win," Putin said. Next.'
    attribution = Attribution(
        Span.of(text, 22, 27), Span.of(text, 28, 32), (Span.of(text, 8, 19),), "direct"
    )
    start, end = excerpt_bounds(text, attribution)
    assert text[start:end] == '"We will win," Putin said.'
    assert excerpt_bounds(text, Attribution(None, None, (), "indirect")) is None


def test_document_body_numbers_each_attribution_where_it_starts():
    view = build_quotes_view(hand_built())
    first = view.documents[0]
    assert "".join(text for text, _, _ in first.body) == first.document.text
    starts = {rows[0].number: text for text, _, rows in first.body if rows}
    assert starts == {1: "Li", 2: "Officials"}
    assert view.attribution_count == 3
    assert view.kind_counts() == {"direct": 1, "indirect": 2, "mixed": 0}


# --- renderings ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 60])
def test_terminal_fits_the_width_without_colour(width):
    output = render_quotes_terminal(hand_built(), width=width, color=False)
    assert "\x1b[" not in output
    assert max(len(line) for line in output.splitlines()) <= width
    assert "⟦Li⟧ «said» ⟨that trade | energy grew⟩." in output
    assert "Vladimir Putin via TASS · direct" in output
    assert '"⟨We will win⟩," ⟦Putin⟧ «told» reporters' in output
    assert "wire.txt" in output and "TASS" in output


def test_terminal_colour_styles_the_roles_and_neutralises_escapes():
    results = hand_built()
    text = "Evil \x1b[2J\x1b]0;title\x07 said it."
    evil = DocumentQuotes(
        Document(text, label="evil\x1b[31m"),
        (Attribution(Span.of(text, 0, 4), Span.of(text, 20, 24), (), "indirect"),),
    )
    output = render_quotes_terminal([*results, evil], width=80, color=True)
    assert "\x1b[" in output  # styled
    assert "⟦" not in output  # colour replaces the brackets
    assert "\x1b[2J" not in output and "\x1b]0" not in output and "\x07" not in output
    assert "evil\x1b" not in output


def test_markdown_escapes_pipes_and_html():
    output = render_quotes_markdown(hand_built())
    assert output.startswith("# Quotes: Wire &lt;script&gt;")
    assert "## 1. Wire &lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "## 2. TASS" in output
    assert "| # | Speaker | Via | Kind | Source | Cue | Content |" in output
    assert "that trade \\| energy grew" in output
    assert "trade | energy" not in output
    assert "<script" not in output
    rows = [line for line in output.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 3
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 8, row  # 7 columns
    assert "| 1 | Vladimir Putin | TASS | direct | Putin | told | We will win |" in output


def test_html_escapes_and_is_self_contained():
    html = render_quotes_html(hand_built())
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html
    assert "src=" not in html and "@import" not in html and "url(" not in html
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        'content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;">' in html
    )
    assert "<title>Quotes: Wire &lt;script&gt;alert(1)&lt;/script&gt; · TASS</title>" in html


def test_html_highlights_three_roles_and_links_text_and_table():
    html = render_quotes_html(hand_built())
    assert '<mark class="m-source">Li</mark>' in html
    assert '<mark class="m-cue">said</mark>' in html
    assert '<mark class="m-content">that trade | energy grew</mark>' in html
    for role in ("source", "cue", "content"):
        assert f'<li><mark class="m-{role}">{role}</mark>' in html  # the legend
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {"quote-d1-1", "text-d1-1", "quote-d2-1", "document-1"} <= targets
    assert targets <= ids
    assert '<span class="via">TASS</span>' in html
    assert '<span class="badge kind-direct"' in html
    # Document text keeps its line breaks inside the pre-wrapped text block.
    assert "Nobody else spoke." in html and "TASS.\n\nNobody" in html


def test_html_shows_documents_without_attributions():
    html = render_quotes_html([DocumentQuotes(Document("Nothing was said.", label="quiet"), ())])
    assert "No attributions found." in html
    assert "0 attributions" in html


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("terminal", "⟦Li⟧ «said»"),
        ("markdown", "| 1 | Li |"),
        ("html", '<mark class="m-cue">said</mark>'),
    ],
)
def test_every_format_from_the_command(runner, tmp_path, fmt, marker):
    path = write(tmp_path, "li.txt", LI)
    out = tmp_path / f"quotes.{fmt}"
    result = runner.invoke(
        cli, ["quotes", str(path), "--format", fmt, "-o", str(out), "--width", "60"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert marker in out.read_text(encoding="utf-8")
    assert not [name for name in files_in(tmp_path) if name.endswith(".tmp")]


def test_render_quotes_dispatches():
    results = hand_built()
    assert render_quotes(results, "jsonl") == render_jsonl(results)
    assert render_quotes(results, "terminal", width=70) == render_quotes_terminal(
        results, width=70, color=False
    )
    assert render_quotes(results, "markdown") == render_quotes_markdown(results)
    assert render_quotes(results, "html") == render_quotes_html(results)
    assert QUOTE_FORMATS[0] == "jsonl"
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        render_quotes(results, "pdf")


def test_importing_quote_renderers_is_light():
    code = (
        "import sys, readouts.render.quotes, readouts.quotes; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'jinja2', 'spacy')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
