"""Step 3: who said what, according to whom.

``extract`` finds every attribution of a parsed document (source, cue, content spans,
kind, canonical speaker, reporting channel); claims take their speakers from it.
"""

from __future__ import annotations

from readouts.attribution.extract import extract
from readouts.attribution.model import Attribution
from readouts.attribution.sentences import (
    REPORTING_VERBS,
    SentenceAttribution,
    quote_regions,
    split_statements,
)

__all__ = [
    "REPORTING_VERBS",
    "Attribution",
    "SentenceAttribution",
    "extract",
    "quote_regions",
    "split_statements",
]
