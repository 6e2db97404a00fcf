"""The exceptions readouts raises: a small tree, each with a message a user can act on.

ReadoutsError
├── InputError          a document could not be read (names the file and the problem)
├── UsageError          the call itself is wrong (too few documents, unknown option value)
└── MissingDependency   an optional extra or a spaCy pipeline is not installed
"""

from __future__ import annotations


class ReadoutsError(Exception):
    """Base class of every error readouts raises on purpose."""


class InputError(ReadoutsError):
    """A document cannot be used: missing, unreadable, binary, empty or too large."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class UsageError(ReadoutsError):
    """The request is malformed, for example fewer than two documents to compare."""


class MissingDependency(ReadoutsError):
    """Something that must be installed separately is missing; the message says how."""
