"""Reports go where the user meant, whole or not at all, and never over an input."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from readouts import Document, InputError, UsageError
from readouts.cli import cli, terminal_width
from readouts.documents import distinct_labels, printable, with_distinct_labels
from readouts.output import plan_output, write_atomically

LEFT = "Li Zhanshu met Volodin in Moscow.\n\nThe two sides signed 12 agreements on energy.\n"
RIGHT = "Volodin met Li Zhanshu in Moscow.\n\nThe two sides signed 9 agreements on energy.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    left, right = tmp_path / "duma.txt", tmp_path / "xinhua.txt"
    left.write_text(LEFT, encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    return left, right


def compare(runner, *arguments: str):
    return runner.invoke(cli, ["compare", *arguments, "--backend", "lexical"])


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- the format follows the extension --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "marker"),
    [("r.html", "<!DOCTYPE html>"), ("r.md", "| A | duma.txt |"), ("r.json", '"documents"')],
)
def test_output_extension_picks_the_format(runner, pair, tmp_path, name, marker):
    out = tmp_path / name
    result = compare(runner, str(pair[0]), str(pair[1]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_format_option_beats_the_extension(runner, pair, tmp_path):
    out = tmp_path / "r.html"
    result = compare(runner, str(pair[0]), str(pair[1]), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["documents"]


def test_unknown_extension_keeps_the_default(runner, pair, tmp_path):
    out = tmp_path / "report.out"
    result = compare(runner, str(pair[0]), str(pair[1]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("readouts · 2 accounts compared")


def test_quotes_output_extension(runner, pair, tmp_path):
    out = tmp_path / "quotes.html"
    result = runner.invoke(cli, ["quotes", str(pair[0]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- never lose data ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["compare", "quotes"])
def test_output_onto_an_input_is_refused(runner, pair, tmp_path, command):
    before = pair[0].read_bytes()
    arguments = [command, str(pair[0]), str(pair[1]), "--format", "html", "-o", str(pair[0])]
    line = one_error_line(runner.invoke(cli, arguments))
    assert "is also an input" in line and "duma.txt" in line
    assert pair[0].read_bytes() == before


def test_output_onto_an_input_through_a_symlink_is_refused(runner, pair, tmp_path):
    link = tmp_path / "link.html"
    link.symlink_to(pair[1])
    before = pair[1].read_bytes()
    line = one_error_line(compare(runner, str(pair[0]), str(pair[1]), "-o", str(link)))
    assert "is also an input" in line
    assert pair[1].read_bytes() == before and link.is_symlink()


def test_output_onto_a_file_inside_an_input_folder_is_refused(runner, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(LEFT, encoding="utf-8")
    before = (folder / "a.txt").read_bytes()
    arguments = ["quotes", str(folder), "-o", str(folder / "a.txt")]
    assert "is also an input" in one_error_line(runner.invoke(cli, arguments))
    assert (folder / "a.txt").read_bytes() == before


def test_output_writes_through_a_symlink(runner, pair, tmp_path):
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = compare(runner, str(pair[0]), str(pair[1]), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["documents"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["latest.json"]


def test_output_keeps_the_mode_of_the_file_it_replaces(pair, tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomically("new", str(target))
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("failing", ["fsync", "replace", "chmod"])
def test_a_failed_write_leaves_nothing_behind(runner, pair, tmp_path, monkeypatch, failing):
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "report.json"
    out.write_text("the previous report", encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(f"readouts.output.os.{failing}", full_disk)
    line = one_error_line(compare(runner, str(pair[0]), str(pair[1]), "-o", str(out)))
    assert "report.json: cannot write the report (No space left on device)" in line
    assert sorted(p.name for p in out_folder.iterdir()) == ["report.json"]
    assert out.read_text(encoding="utf-8") == "the previous report"


def test_an_interrupted_write_leaves_nothing_behind(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("readouts.output.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically("text", str(tmp_path / "r.txt"))
    assert list(tmp_path.iterdir()) == []


def test_a_real_full_disk(runner, pair, tmp_path):
    # A 64 KB tmpfs where the platform lets us mount one (root on Linux); skipped elsewhere.
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (mount / "filler").write_bytes(b"x" * 60_000)
        out = mount / "report.html"
        line = one_error_line(compare(runner, str(pair[0]), str(pair[1]), "-o", str(out)))
        assert "cannot write the report" in line
        assert sorted(p.name for p in mount.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize(
    ("target", "problem"),
    [("missing/r.json", "no such folder"), (".", "it is a folder")],
)
def test_bad_output_is_reported_before_any_work(runner, tmp_path, target, problem):
    # The inputs do not even exist: the output is checked first, so that is what fails.
    arguments = ["compare", "nowhere-a.txt", "nowhere-b.txt", "-o", str(tmp_path / target)]
    line = one_error_line(runner.invoke(cli, arguments))
    assert problem in line


def test_settings_are_checked_before_any_work(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("READOUTS_BATCH_SIZE", "0")
    line = one_error_line(runner.invoke(cli, ["compare", "nowhere-a.txt", "nowhere-b.txt"]))
    assert "READOUTS_BATCH_SIZE" in line


def test_plan_output_directly(tmp_path):
    plan = plan_output(str(tmp_path / "r.md"), None, formats=("terminal", "markdown"),
                       default="terminal")
    assert (plan.fmt, plan.target) == ("markdown", str(tmp_path / "r.md"))
    with pytest.raises(UsageError, match="no such folder"):
        plan_output(str(tmp_path / "x" / "r.md"), None, formats=("markdown",), default="markdown")


# --- labels ------------------------------------------------------------------------------


def test_same_file_names_get_distinct_labels(runner, tmp_path):
    for folder, text in (("ru", LEFT), ("cn", RIGHT)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "readout.txt").write_text(text, encoding="utf-8")
    result = compare(
        runner, str(tmp_path / "ru" / "readout.txt"), str(tmp_path / "cn" / "readout.txt"),
        "--format", "json",
    )
    assert result.exit_code == 0, result.output
    labels = [d["label"] for d in json.loads(result.stdout)["documents"]]
    assert labels == ["ru/readout.txt", "cn/readout.txt"]


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["a.txt", "b.txt"], ["a.txt", "b.txt"]),
        (["x/a.txt", "y/a.txt"], ["x/a.txt", "y/a.txt"]),
        (["p/x/a.txt", "q/x/a.txt", "b.txt"], ["p/x/a.txt", "q/x/a.txt", "b.txt"]),
        (["a.txt", "a.txt"], ["a.txt", "a.txt"]),
        (["./a.txt", "d/a.txt"], ["a.txt", "d/a.txt"]),
    ],
)
def test_distinct_labels(paths, expected):
    assert distinct_labels(paths) == expected


def test_api_documents_without_labels_are_numbered():
    documents = with_distinct_labels([Document(LEFT), Document(RIGHT, label="Xinhua")])
    assert [d.name for d in documents] == ["document 1", "Xinhua"]


# --- names and text that are not valid Unicode -------------------------------------------


def test_undecodable_file_name_is_shown_escaped(runner, tmp_path):
    name = os.fsdecode(b"r\xe9sum\xe9.txt")  # Latin-1 bytes: not UTF-8
    (tmp_path / name).write_text(LEFT, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(RIGHT, encoding="utf-8")
    for fmt in ("html", "terminal", "markdown", "json"):
        out = tmp_path / f"report-{fmt}"
        result = compare(runner, str(tmp_path / name), str(other), "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, (fmt, result.output)
        written = out.read_text(encoding="utf-8")
        if fmt == "json":
            document = json.loads(written)["documents"][0]
            assert document["label"] == r"r\xe9sum\xe9.txt"
            assert document["path"].endswith(r"r\xe9sum\xe9.txt")
        else:
            # Markdown escapes the backslash itself, so that it renders as one.
            shown = r"r\\xe9sum\\xe9.txt" if fmt == "markdown" else r"r\xe9sum\xe9.txt"
            assert shown in written, fmt


def test_undecodable_name_of_a_missing_file_is_one_line(runner, tmp_path):
    name = os.fsdecode(b"nowhere-\xff.txt")
    line = one_error_line(compare(runner, str(tmp_path / name), str(tmp_path / "b.txt")))
    assert "nowhere-\\xff.txt" in line


def test_printable():
    assert printable("Москва 北京") == "Москва 北京"
    assert printable("a\udcff") == "a\\xff"
    assert printable("a\ud800") == "a\\ud800"


@pytest.mark.parametrize("text", ["Li met\ud800 Volodin.", "\udce9"])
def test_lone_surrogates_in_api_text_are_a_library_error(text):
    with pytest.raises(InputError, match="lone surrogate at offset"):
        Document(text, label="pasted")


# --- no statements -----------------------------------------------------------------------


def test_a_document_without_statements_is_reported_as_such(tmp_path):
    import readouts

    result = readouts.compare(
        [Document(LEFT, label="Duma"), Document(RIGHT, label="Xinhua"),
         Document("----------", label="Rule")],
        backend="lexical",
    )
    rule = result.to_dict()["documents"][2]
    assert (rule["claims"], rule["note"]) == (0, "no statements found")
    assert result.matches  # the other two are still compared


@pytest.mark.parametrize("text", ["Kyiv", "----------", "2024"])
def test_nothing_to_compare_is_one_line(runner, pair, tmp_path, text):
    lone = tmp_path / "lone.txt"
    lone.write_text(text, encoding="utf-8")
    line = one_error_line(compare(runner, str(lone), str(pair[1])))
    assert line == f"readouts: error: {lone}: no statements found (nothing to compare)"


# --- width -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "terminal", "columns", "expected"),
    [
        (72, True, "", 72),
        (None, False, "", 80),
        (None, False, "132", 132),
        (None, False, "junk", 80),
        (None, False, "500", 160),
        (None, False, "10", 40),
    ],
)
def test_terminal_width(monkeypatch, width, terminal, columns, expected):
    monkeypatch.setenv("COLUMNS", columns)
    assert terminal_width(width, is_terminal=terminal) == expected


def test_piped_terminal_view_follows_columns(runner, pair, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = compare(runner, str(pair[0]), str(pair[1]))
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_every_view_says_which_document_has_no_statements(fmt):
    import readouts
    from readouts.render import render

    result = readouts.compare(
        [Document(LEFT, label="Duma"), Document(RIGHT, label="Xinhua"),
         Document("2024", label="Figures")],
        backend="lexical",
    )
    assert "no statements found" in render(result, fmt, width=100)
