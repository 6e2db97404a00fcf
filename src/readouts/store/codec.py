"""Claims and comparisons to JSON and back, with cattrs (no pickle: a shared corpus is
untrusted input)."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cattrs.preconf.json import JsonConverter

    from readouts.claims import Claim
    from readouts.comparison import Comparison


# Largest JSON a stored payload may unpack to (a shared store is untrusted: no bombs).
MAX_UNPACKED = 256 * 2**20


class PackedError(ValueError):
    """A stored payload that is not what :func:`pack` writes, or unpacks too large."""


def pack(payload: str) -> bytes:
    """``payload`` (JSON) compressed for the store."""
    return zlib.compress(payload.encode("utf-8"), 6)


def unpack(data: bytes, limit: int = MAX_UNPACKED) -> str:
    """The JSON :func:`pack` compressed; refuses more than ``limit`` bytes unpacked."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(bytes(data), limit)
    except zlib.error as error:
        raise PackedError(f"not a compressed payload ({error})") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise PackedError(f"a payload that unpacks to more than {limit:,} bytes, or cut short")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackedError(f"a payload that is not UTF-8 ({error.reason})") from None


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
