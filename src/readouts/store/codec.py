"""Claims and comparisons to JSON and back, with cattrs (no pickle: a shared corpus is
untrusted input)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cattrs.preconf.json import JsonConverter

    from readouts.claims import Claim
    from readouts.comparison import Comparison


@lru_cache(maxsize=1)
def _converter() -> JsonConverter:
    from cattrs.preconf.json import make_converter

    return make_converter()


def claims_to_json(claims: Sequence[Claim]) -> str:
    from readouts.claims import Claim

    return _converter().dumps(list(claims), list[Claim])


def claims_from_json(payload: str) -> list[Claim]:
    """The claims :func:`claims_to_json` wrote; every field is checked against its type."""
    from readouts.claims import Claim

    return _converter().loads(payload, list[Claim])


def comparison_to_json(comparison: Comparison) -> str:
    from readouts.comparison import Comparison

    return _converter().dumps(comparison, Comparison)


def comparison_from_json(payload: str) -> Comparison:
    """The comparison :func:`comparison_to_json` wrote; every field checked by type."""
    from readouts.comparison import Comparison

    return _converter().loads(payload, Comparison)
