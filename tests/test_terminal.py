"""The commands as a person runs them: in a real pseudo-terminal, at 80 and 120 columns.

CliRunner's output is never a terminal, so it cannot catch what only happens in one (the
Click 8.2 removal of ``click.get_terminal_size`` ended every terminal run in a traceback
while CliRunner tests passed). Each run here spawns ``readouts`` in a pty with pexpect and
checks the exit code, that no traceback was printed, and that no line is wider than the
terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from rich.cells import cell_len
from tests.test_versions import ARTICLE

READOUTS = shutil.which("readouts", path=os.path.dirname(sys.executable)) or shutil.which(
    "readouts"
)
pytestmark = pytest.mark.skipif(READOUTS is None, reason="the readouts command is not installed")

# CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks) that rich writes.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

LEFT = (
    "Li Zhanshu met Volodin in Moscow on Tuesday.\n\n"
    "The two sides signed 12 agreements on energy and trade.\n\n"
    "Li said that China supports the plan for a new pipeline."
)
RIGHT = (
    "Volodin met Li Zhanshu in Moscow on Tuesday.\n\n"
    "The two sides signed 9 agreements on energy and trade.\n\n"
    "Volodin raised the situation in Ukraine and thanked China for its assistance."
)


def run_in_terminal(arguments: list[str], *, columns: int, cwd: Path) -> tuple[int, str]:
    """Run ``readouts ARGUMENTS`` in a pty ``columns`` wide; (exit status, visible text)."""
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "READOUTS_BACKEND": "lexical",
        "COLUMNS": "",  # the width must come from the terminal itself
        "LINES": "",
    }
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        READOUTS,
        arguments,
        cwd=str(cwd),
        env=env,
        dimensions=(50, columns),
        encoding="utf-8",
        codec_errors="replace",
        timeout=300,
    )
    output = child.read()
    child.close()
    return child.exitstatus, ANSI.sub("", output).replace("\r\n", "\n")


def too_wide(text: str, columns: int) -> list[str]:
    return [line for line in text.split("\n") if cell_len(line.rstrip("\r")) > columns]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("terminal")
    (folder / "duma.txt").write_text(LEFT, encoding="utf-8")
    (folder / "xinhua.txt").write_text(RIGHT, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


COMMANDS = {
    "demo": ["demo", "-o", "demo.html"],
    "compare": ["compare", "duma.txt", "xinhua.txt"],
    "quotes": ["quotes", "duma.txt", "xinhua.txt", "--format", "terminal"],
    "split": ["split", "article.txt"],
    "within": ["compare", "--within", "article.txt"],
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_in_a_real_terminal(files, command, columns):
    status, text = run_in_terminal(COMMANDS[command], columns=columns, cwd=files)
    assert "Traceback" not in text, text
    assert status == 0, text
    assert text.strip(), "nothing was printed"
    assert not too_wide(text, columns), too_wide(text, columns)


def test_terminal_view_uses_the_terminal_width(files):
    # The summary's prose wraps at the terminal's width: some line of a 120-column run is
    # longer than any line of an 80-column run.
    _, narrow = run_in_terminal(COMMANDS["compare"], columns=80, cwd=files)
    _, wide = run_in_terminal(COMMANDS["compare"], columns=120, cwd=files)
    longest = max(cell_len(line) for line in wide.split("\n"))
    assert 80 < longest <= 120
    assert max(cell_len(line) for line in narrow.split("\n")) <= 80


def test_colour_in_a_terminal_unless_no_color(files):
    env_free = run_in_terminal(COMMANDS["compare"], columns=100, cwd=files)
    assert env_free[0] == 0
    child = pexpect.spawn(
        READOUTS,
        COMMANDS["compare"],
        cwd=str(files),
        env={**os.environ, "TERM": "xterm", "READOUTS_BACKEND": "lexical", "NO_COLOR": "1"},
        dimensions=(50, 100),
        encoding="utf-8",
        timeout=300,
    )
    raw = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[" not in raw


def test_broken_pipe_is_quiet():
    # `readouts ... | head -c 1`: the reader leaves before the report (1 MB, more than a
    # pipe holds) is written; the writer stops quietly, with no traceback on stderr.
    import subprocess

    writer = "from readouts.cli import _write_stdout; _write_stdout('x' * 1_000_000)"
    result = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -c \"{writer}\" | head -c 1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout == "x"
    assert result.stderr == ""


def test_long_work_shows_progress_on_the_terminal(files):
    # About 40 KB of varied sentences: several seconds of parsing, so the bar shows on
    # stderr (the pty) and is erased when done; the report itself is unchanged.
    sentences = [
        f"Delegation {i} said that talks on the {i}th agreement would resume in {1990 + i}."
        for i in range(500)
    ]
    (files / "long.txt").write_text("\n\n".join(sentences), encoding="utf-8")
    child = pexpect.spawn(
        READOUTS,
        ["compare", "long.txt", "duma.txt", "-o", "long-report.json"],
        cwd=str(files),
        env={**os.environ, "TERM": "xterm", "READOUTS_BACKEND": "lexical"},
        dimensions=(50, 100),
        encoding="utf-8",
        timeout=300,
    )
    raw = child.read()
    child.close()
    assert child.exitstatus == 0, raw
    assert "Parsing" in raw
    assert "Traceback" not in raw
    assert (files / "long-report.json").read_text(encoding="utf-8").startswith("{")


def test_no_progress_when_stderr_is_not_a_terminal(files):
    import subprocess

    sentences = [f"Delegation {i} said that talks would resume in {1990 + i}." for i in range(500)]
    (files / "long2.txt").write_text("\n\n".join(sentences), encoding="utf-8")
    result = subprocess.run(
        [READOUTS, "compare", "long2.txt", "duma.txt", "--format", "json"],
        cwd=files,
        capture_output=True,
        text=True,
        env={**os.environ, "READOUTS_BACKEND": "lexical"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
