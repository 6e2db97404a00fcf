"""readouts: compare accounts of one event claim by claim, with evidence.

>>> import readouts
>>> a = readouts.Document("Li said China supports Russia.", label="Duma")
>>> b = readouts.Document("Li said China and Russia support each other.", label="Xinhua")
>>> readouts.compare([a, b]).to_dict()["matches"]  # doctest: +SKIP

Importing readouts is cheap: spaCy, numpy and the renderers load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readouts.documents import Document
from readouts.errors import InputError, MissingDependency, ReadoutsError, UsageError
from readouts.load import load
from readouts.settings import Settings

if TYPE_CHECKING:
    from readouts.comparison import Comparison
    from readouts.pipeline import attributions, compare

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "Document",
    "InputError",
    "MissingDependency",
    "ReadoutsError",
    "Settings",
    "UsageError",
    "attributions",
    "compare",
    "load",
]


def __getattr__(name: str) -> Any:
    # compare() pulls in spaCy and numpy; keep `import readouts` light.
    if name == "compare":
        from readouts.pipeline import attributions, compare

        return compare
    if name == "attributions":
        from readouts.pipeline import attributions

        return attributions
    if name == "Comparison":
        from readouts.comparison import Comparison

        return Comparison
    raise AttributeError(f"module 'readouts' has no attribute {name!r}")
