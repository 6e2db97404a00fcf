"""Step 4: how alike two claims are, behind one interface so backends can be swapped.

A backend encodes each document's claims once (``encode``), then gives two matrices for
two encoded documents: ``relatedness`` (are two claims about the same statement: used to
match them) and ``scores`` (the probability that they say the same thing: used to call a
match equivalent). The lexical backend ships here; a semantic one can
plug in without touching alignment or relations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from readouts.claims import Claim
from readouts.errors import UsageError


class SimilarityBackend(Protocol):
    """What alignment needs from a similarity backend."""

    name: str
    match_threshold: float
    equivalent_threshold: float

    def encode(self, claims: Sequence[Claim]) -> Any:
        """Whatever the backend needs per claim, computed once per document."""

    def relatedness(self, left: Any, right: Any) -> np.ndarray:
        """How much two claims are about the same thing, in [0, 1]; used to match them
        (compared with ``match_threshold``)."""

    def scores(self, left: Any, right: Any) -> np.ndarray:
        """Probability that two claims say the same thing, in [0, 1]; used to call a
        match equivalent (compared with ``equivalent_threshold``)."""


def get_backend(name: str) -> SimilarityBackend:
    """The backend called ``name``; raises :class:`~readouts.errors.UsageError` if unknown."""
    if name == "lexical":
        from readouts.similarity.lexical import LexicalBackend

        return LexicalBackend.default()
    raise UsageError(f"unknown similarity backend {name!r}; choose one of: lexical")
