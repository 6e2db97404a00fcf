"""Disk size of a default install (no extras), in total and by distribution.

    python benchmarks/install_size.py --create   # fresh venv at /tmp/sizevenv, then measure
    python benchmarks/install_size.py [--venv /tmp/sizevenv] [--top 30]

``--create`` runs ``python3 -m venv VENV && VENV/bin/pip install ROOT`` (non-editable, no
extras; pip compiles ``.pyc`` files by default, so ``__pycache__`` is part of the install).
The total is what ``du -sm VENV/lib/pythonX.Y/site-packages`` prints (allocated blocks,
rounded up to MiB); this script computes it the same way and prints ``du``'s own figure
beside it when ``du`` is there. Target for a default install: <= 900 MB.

Each distribution's share is the allocated size of the files its RECORD lists (``.pyc``
files apart), so the rows add up to the total less the directories themselves. "needed by"
names the installed distributions whose requirements (extras left out) pull it in.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path("/tmp/sizevenv")
MIB = 2**20
# What `python3 -m venv` puts in site-packages before anything is installed.
BARE_VENV = ("pip", "setuptools")


@dataclass(frozen=True)
class Share:
    """One distribution's files on disk: bytes allocated to code and data, and to .pyc."""

    name: str
    files: int
    compiled: int
    needed_by: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.files + self.compiled


def allocated(path: Path) -> int:
    """Bytes allocated on disk (what du counts), 0 for a missing file."""
    try:
        return path.lstat().st_blocks * 512
    except FileNotFoundError:
        return 0


def tree_size(root: Path) -> tuple[int, int]:
    """Allocated bytes under ``root`` (files and directories, each inode once), and the
    part of them inside ``__pycache__`` directories."""
    seen: set[tuple[int, int]] = set()
    total = compiled = 0
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files, "."]:
            path = Path(folder, name)
            stat = path.lstat()
            if (stat.st_dev, stat.st_ino) in seen:
                continue
            seen.add((stat.st_dev, stat.st_ino))
            size = stat.st_blocks * 512
            total += size
            if "__pycache__" in path.parts:
                compiled += size
    return total, compiled


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _requirement(text: str) -> str | None:
    """The distribution a requirement string names, or None when only an extra asks."""
    spec, _, marker = text.partition(";")
    if "extra" in marker:
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return _name(match.group(1)) if match else None


def shares(site: Path) -> list[Share]:
    """Every distribution installed in ``site``, largest first."""
    distributions = list(importlib.metadata.distributions(path=[str(site)]))
    needed_by: dict[str, set[str]] = defaultdict(set)
    for dist in distributions:
        for requirement in dist.requires or []:
            name = _requirement(requirement)
            if name:
                needed_by[name].add(dist.metadata["Name"])
    result = []
    for dist in distributions:
        files = compiled = 0
        for entry in dist.files or []:
            size = allocated(Path(dist.locate_file(entry)))
            if entry.suffix == ".pyc":
                compiled += size
            else:
                files += size
        name = dist.metadata["Name"]
        result.append(Share(name, files, compiled, tuple(sorted(needed_by[_name(name)]))))
    return sorted(result, key=lambda share: -share.total)


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages"))
    if not found:
        raise SystemExit(f"no site-packages under {venv}")
    return found[0]


def create(venv: Path) -> None:
    """A fresh venv with this project installed as a user would: no extras, not editable."""
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)]
    done = subprocess.run(pip, check=False, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(pip)} failed ({done.returncode})")


def _mib(size: int) -> str:
    return f"{size / MIB:7.1f}"


def report(venv: Path, top: int) -> None:
    site = site_packages(venv)
    total, compiled = tree_size(site)
    print(f"site-packages: {site}")
    du = ""
    if shutil.which("du"):
        shown = subprocess.run(
            ["du", "-sm", str(site)], check=True, capture_output=True, text=True
        ).stdout
        du = f"  (du -sm: {shown.split()[0]})"
    print(f"total: {-(-total // MIB)} MB{du}   target <= 900 MB")
    without = (total - compiled) / MIB
    print(f"of which __pycache__: {compiled / MIB:.0f} MB; without it: {without:.0f} MB")
    rows = shares(site)
    bare = sum(share.total for share in rows if _name(share.name) in BARE_VENV)
    print(f"of which the bare venv's own ({', '.join(BARE_VENV)}): {bare / MIB:.0f} MB")
    print(f"{len(rows)} distributions; the {min(top, len(rows))} largest (MiB):")
    print(f"{'distribution':32} {'all':>7} {'files':>7} {'.pyc':>7}  needed by")
    for share in rows[:top]:
        print(
            f"{share.name:32} {_mib(share.total)} {_mib(share.files)} {_mib(share.compiled)}"
            f"  {', '.join(share.needed_by) or '-'}"
        )
    rest = rows[top:]
    if rest:
        print(f"{'(the other ' + str(len(rest)) + ')':32} {_mib(sum(s.total for s in rest))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=VENV)
    parser.add_argument("--create", action="store_true", help="build a fresh venv first")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    if args.create:
        create(args.venv)
    report(args.venv, args.top)


if __name__ == "__main__":
    sys.exit(main())
