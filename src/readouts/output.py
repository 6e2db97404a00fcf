"""Where a report goes, decided before any work is done, and written so no data is lost.

:func:`plan_output` checks the ``-o`` target up front (its folder exists, it is not a
folder, it is not one of the inputs) and picks the format from its extension when the user
did not name one. :func:`write_atomically` writes the whole report to a temporary file
beside the target and renames it over the target; a symlinked target is written through
to the file it points at, and the temporary file is removed on every failure path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from readouts.errors import UsageError
from readouts.load import STDIN

# Output extensions and the format each stands for, for ``-o FILE`` without ``--format``.
EXTENSION_FORMATS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "terminal",
}


@dataclass(frozen=True)
class OutputPlan:
    """A checked report destination: ``target is None`` means standard output.

    ``target`` is the real file written (a symlink resolved to what it points at);
    ``shown`` is the name the user gave, for messages.
    """

    fmt: str
    target: str | None = None
    shown: str | None = None


def plan_output(
    output: str | None,
    fmt: str | None,
    *,
    formats: Sequence[str],
    default: str,
    inputs: Iterable[str] = (),
) -> OutputPlan:
    """Check ``output`` and choose the format, before any document is read.

    ``fmt`` given wins; else the extension of ``output`` picks one of ``formats``
    (``report.html`` is HTML); else ``default``. Raises
    :class:`~readouts.errors.UsageError` when the target's folder is missing, the target is
    a folder or a special file, or it is one of ``inputs`` (which would be overwritten).

    >>> plan_output("r.html", None, formats=("terminal", "html"), default="terminal").fmt
    'html'
    >>> plan_output(None, None, formats=("terminal", "html"), default="terminal").target is None
    True
    """
    chosen = fmt
    if chosen is None and output:
        by_extension = EXTENSION_FORMATS.get(os.path.splitext(output)[1].lower())
        if by_extension in formats:
            chosen = by_extension
    chosen = chosen or default
    if output is None or output == STDIN:
        return OutputPlan(chosen)
    target = os.path.realpath(output)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise UsageError(f"{output}: cannot write the report (no such folder: {folder})")
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise UsageError(
            f"{output}: cannot write the report ({error.strerror or error})"
        ) from error
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            raise UsageError(f"{output}: cannot write the report (it is a folder)")
        if not stat.S_ISREG(status.st_mode):
            raise UsageError(f"{output}: cannot write the report (not a regular file)")
        for path in inputs:
            if path != STDIN and _same_file(path, status):
                raise UsageError(
                    f"{output}: is also an input ({path}); refusing to overwrite it"
                )
    return OutputPlan(chosen, target, output)


def _same_file(path: str, status: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino)


def encode_text(text: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate (from an undecodable file name) is written as
    its escape (``\\udce9``) instead of failing the whole write."""
    return text.encode("utf-8", "backslashreplace")


def write_atomically(text: str, target: str) -> None:
    """Write ``text`` to ``target`` all at once: to a temporary file in the same folder,
    then renamed over ``target``. An existing target keeps its permissions; a new one gets
    the usual mode (0666 less the umask). Raises ``OSError``; the temporary file never
    survives a failure.
    """
    folder, name = os.path.split(target)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(encode_text(text))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


__all__ = ["EXTENSION_FORMATS", "OutputPlan", "encode_text", "plan_output", "write_atomically"]
