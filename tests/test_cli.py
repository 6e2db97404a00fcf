"""The command line: reports in every format, labels, stdin, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import readouts
from readouts.cli import cli
from readouts.load import load

LEFT = (
    "Li Zhanshu met Volodin in Moscow.\n\n"
    "The two sides signed 12 agreements on energy.\n\n"
    "Li said China supports the plan."
)
RIGHT = (
    "Volodin met Li Zhanshu in Moscow.\n\n"
    "The two sides signed 9 agreements on energy.\n\n"
    "Volodin raised the situation in Ukraine."
)
HOSTILE = "<script>alert(1)</script>"


def _has_render() -> bool:
    try:
        import readouts.render as module
    except ImportError:
        return False
    return hasattr(module, "render")


needs_render = pytest.mark.skipif(
    not _has_render(), reason="readouts.render.render is not available yet"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    left, right = tmp_path / "duma.txt", tmp_path / "xinhua.txt"
    left.write_bytes(LEFT.encode())
    right.write_bytes(RIGHT.encode())
    return left, right


def files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


# --- reports -----------------------------------------------------------------------------


@needs_render
def test_json_report_is_the_comparison(runner, pair, tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(
        cli, ["compare", str(pair[0]), str(pair[1]), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    expected = readouts.compare([load(str(pair[0])), load(str(pair[1]))]).to_dict()
    assert json.loads(out.read_text(encoding="utf-8")) == expected


@needs_render
@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("markdown", "| A | duma.txt |"), ("html", "<html"), ("terminal", "A  duma.txt")],
)
def test_reports_in_every_format(runner, pair, tmp_path, fmt, marker):
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        cli,
        ["compare", str(pair[0]), str(pair[1]), "--format", fmt, "-o", str(out), "--width", "80"],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert marker in text
    assert "xinhua.txt" in text
    assert "Li Zhanshu met Volodin in" in text  # the terminal view may wrap the rest
    assert not [name for name in files_in(tmp_path) if name.endswith(".tmp")]


@needs_render
def test_terminal_report_to_stdout_is_plain(runner, pair):
    result = runner.invoke(cli, ["compare", str(pair[0]), str(pair[1]), "--width", "80"])
    assert result.exit_code == 0, result.output
    assert "duma.txt" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def json_documents(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["documents"]


@needs_render
def test_labels_by_option(runner, pair):
    result = runner.invoke(
        cli,
        [
            "compare",
            str(pair[0]),
            str(pair[1]),
            "--label",
            "Duma",
            "--label",
            "Xinhua",
            "--format",
            "json",
        ],
    )
    assert [d["label"] for d in json_documents(result)] == ["Duma", "Xinhua"]


@needs_render
def test_labels_by_path_equals_label(runner, pair):
    result = runner.invoke(
        cli, ["compare", f"{pair[0]}=State Duma", str(pair[1]), "--format", "json"]
    )
    documents = json_documents(result)
    assert [d["label"] for d in documents] == ["State Duma", "xinhua.txt"]
    assert documents[0]["path"] == str(pair[0])


@needs_render
def test_label_option_overrides_path_label(runner, pair):
    result = runner.invoke(
        cli, ["compare", f"{pair[0]}=Ignored", str(pair[1]), "--label", "Duma", "--format", "json"]
    )
    assert [d["label"] for d in json_documents(result)] == ["Duma", "xinhua.txt"]


@needs_render
def test_standard_input(runner, pair):
    result = runner.invoke(
        cli, ["compare", "-", str(pair[1]), "--format", "json"], input=LEFT.encode()
    )
    documents = json_documents(result)
    assert documents[0] == {
        "id": "A",
        "label": "stdin",
        "path": None,
        "chars": len(LEFT),
        "lang": "en",
        "claims": 3,
        "note": None,
        "title": None,
    }
    assert documents[1]["label"] == "xinhua.txt"


@needs_render
def test_hostile_document_is_escaped_in_html(runner, tmp_path):
    left = tmp_path / "hostile.txt"
    left.write_text(
        f"Li Zhanshu met Volodin in Moscow.\n\nLi said the talks {HOSTILE} were useful.",
        encoding="utf-8",
    )
    right = tmp_path / "plain.txt"
    right.write_text(
        "Volodin met Li Zhanshu in Moscow.\n\nVolodin said the talks were useful.",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    result = runner.invoke(
        cli, ["compare", f"{left}={HOSTILE}", str(right), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the label, escaped whole
    assert "alert(1)&lt;/script" in html  # the claim text, escaped


# --- errors: one line on standard error, exit code 2, no report ---------------------------


def assert_failed_cleanly(result, name: str, folder: Path, before: set[str]) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.output
    assert files_in(folder) == before  # neither the report nor a temporary file


def test_missing_file(runner, pair, tmp_path):
    before = files_in(tmp_path)
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "report.json"
    result = runner.invoke(
        cli, ["compare", str(pair[0]), str(missing), "--format", "json", "-o", str(out)]
    )
    assert_failed_cleanly(result, "nowhere.txt", tmp_path, before)
    assert "no such file" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("binary.txt", b"Li met\x00Volodin.", "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\r\n ", "empty"),
        ("latin1.txt", "Café Kyiv".encode("latin-1"), "UTF-8"),
    ],
)
def test_unusable_file(runner, pair, tmp_path, name, data, problem):
    (tmp_path / name).write_bytes(data)
    before = files_in(tmp_path)
    out = tmp_path / "report.html"
    result = runner.invoke(
        cli, ["compare", str(pair[0]), str(tmp_path / name), "--format", "html", "-o", str(out)]
    )
    assert_failed_cleanly(result, name, tmp_path, before)
    assert problem in result.stderr


def test_oversized_file(runner, pair, tmp_path):
    before = files_in(tmp_path)
    out = tmp_path / "report.md"
    result = runner.invoke(
        cli,
        [
            "compare",
            str(pair[0]),
            str(pair[1]),
            "--max-bytes",
            "10",
            "--format",
            "markdown",
            "-o",
            str(out),
        ],
    )
    assert_failed_cleanly(result, "duma.txt", tmp_path, before)
    assert "too large" in result.stderr


def test_directory(runner, pair, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    before = files_in(tmp_path)
    result = runner.invoke(
        cli, ["compare", str(pair[0]), str(folder), "-o", str(tmp_path / "r.txt")]
    )
    assert_failed_cleanly(result, "folder", tmp_path, before)


@pytest.mark.parametrize(
    ("documents", "labels", "message"),
    [
        (1, [], "at least two"),
        (1, ["--label", "A"], "at least two"),
        (2, ["--label", "A", "--label", "B", "--label", "C"], "more --label"),
    ],
)
def test_usage_errors(runner, pair, tmp_path, documents, labels, message):
    before = files_in(tmp_path)
    paths = [str(path) for path in pair[:documents]]
    result = runner.invoke(cli, ["compare", *paths, *labels, "-o", str(tmp_path / "r.txt")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert files_in(tmp_path) == before


def test_report_into_a_missing_folder(runner, pair, tmp_path):
    out = tmp_path / "no" / "such" / "report.json"
    result = runner.invoke(
        cli, ["compare", str(pair[0]), str(pair[1]), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "report.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("READOUTS_MAX_BYTES", "lots", "READOUTS_MAX_BYTES"),
        ("READOUTS_MATCH_THRESHOLD", "2", "match_threshold"),
    ],
)
def test_bad_environment_setting(runner, pair, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    result = runner.invoke(cli, ["compare", str(pair[0]), str(pair[1]), "--format", "json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_stdin_twice_is_a_usage_error(runner):
    result = runner.invoke(cli, ["compare", "-", "-"], input=b"Li met Volodin.")
    assert result.exit_code == 2
    assert "only once" in result.stderr


def test_unknown_format_is_a_usage_error(runner, pair):
    result = runner.invoke(cli, ["compare", str(pair[0]), str(pair[1]), "--format", "pdf"])
    assert result.exit_code == 2
    assert "pdf" in result.stderr


# --- demo --------------------------------------------------------------------------------


@needs_render
def test_demo_writes_html_and_prints_summary(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["demo", "-o", "X.html", "--width", "100"])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"X.html"}
    html = (tmp_path / "X.html").read_text(encoding="utf-8")
    assert "Estmark MFA" in html and "Norvalia MFA" in html
    assert "Summary" in result.stdout
    assert "Estmark MFA" in result.stdout
    assert "12" in result.stdout and "9" in result.stdout
    assert "X.html" in result.stderr


# --- the real entry point ----------------------------------------------------------------


def test_python_dash_m_help():
    result = subprocess.run(
        [sys.executable, "-m", "readouts", "--help"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "compare" in result.stdout and "demo" in result.stdout
    assert result.stderr == ""


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert readouts.__version__ in result.stdout
