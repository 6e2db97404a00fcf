"""Quality gate: MSRP val accuracy of the lexical backend must not fall below the floor.

The floor is the figure reached when the weights were fitted (docs/benchmarks.md), less
half a point for noise; it rises as the backend improves. Skipped without ../shared.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MSRP_VAL = ROOT.parent / "shared" / "data" / "msrp" / "val.tsv"
LEXICAL_FLOOR = 0.74


@pytest.mark.slow
def test_msrp_val_accuracy_stays_above_the_floor() -> None:
    if not MSRP_VAL.exists():
        pytest.skip("../shared/data/msrp is not here")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from msrp import evaluate
    finally:
        sys.path.pop(0)
    result = evaluate("val", backend="lexical")
    assert result["pairs"] == 500
    assert result["accuracy"] >= LEXICAL_FLOOR, result
