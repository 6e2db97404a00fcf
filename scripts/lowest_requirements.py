"""Pin every direct dependency to its declared lower bound, for the oldest-versions test job.

A lower bound in pyproject.toml is a promise: ``pip install readouts`` may pick exactly that
version when something else in the environment holds a package back. ``make test-oldest``
keeps the promise honest by installing readouts with the constraints this script writes
(``name==lower``, one a line) and running the tests there. It covers
``[project.dependencies]`` and the extras named with ``--extra`` (``test`` by default),
and never the ``semantic`` extra, so that job is also the plain ``pip install readouts``
check.

Run: ``python scripts/lowest_requirements.py --extra test -o constraints.txt``.
A requirement without a lower bound is refused with one line naming it.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# Operators whose version is the lowest one the clause admits.
LOWER_BOUND_OPERATORS = (">=", "==", "~=", "===")


class NoLowerBound(ValueError):
    """A requirement admits every version below some point, so there is no lowest to test."""


def read_pyproject(path: Path = PYPROJECT) -> dict[str, Any]:
    """The parsed pyproject.toml."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def requirements(pyproject: dict[str, Any], extras: Iterable[str] = ()) -> list[Requirement]:
    """The core dependencies followed by those of each extra in ``extras``, parsed."""
    project = pyproject["project"]
    texts = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise KeyError(f"pyproject.toml has no extra named {extra!r}")
        texts.extend(optional[extra])
    return [Requirement(text) for text in texts]


def lower_bound(requirement: Requirement) -> Version:
    """The lowest version ``requirement`` admits: the highest of its lower-bound clauses.

    ``>`` is not a bound here (no lowest version follows from it), nor is a wildcard
    (``==3.8.*``); the bound must also pass every other clause (``>=2,!=2.0`` does not).
    """
    bounds = [
        Version(clause.version)
        for clause in requirement.specifier
        if clause.operator in LOWER_BOUND_OPERATORS and "*" not in clause.version
    ]
    if not bounds:
        raise NoLowerBound(f"{requirement} has no lower bound (add >=VERSION)")
    lowest = max(bounds)
    if not requirement.specifier.contains(lowest, prereleases=True):
        raise NoLowerBound(f"{requirement}: its lower bound {lowest} is excluded by another clause")
    return lowest


def constraint_lines(found: Sequence[Requirement]) -> list[str]:
    """``name==lower`` for each requirement (extras dropped, markers kept), in order."""
    lines = []
    for requirement in found:
        line = f"{requirement.name}=={lower_bound(requirement)}"
        if requirement.marker is not None:
            line += f"; {requirement.marker}"
        lines.append(line)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=PYPROJECT)
    parser.add_argument(
        "--extra",
        dest="extras",
        action="append",
        help="an extra whose requirements to pin too (repeatable; default: test)",
    )
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    arguments = parser.parse_args(argv)
    extras = arguments.extras if arguments.extras is not None else ["test"]
    try:
        lines = constraint_lines(requirements(read_pyproject(arguments.pyproject), extras))
    except (NoLowerBound, KeyError) as error:
        print(f"{arguments.pyproject}: {error.args[0]}", file=sys.stderr)
        return 1
    text = "".join(line + "\n" for line in lines)
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        arguments.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
