"""Short outlet accounts of one invented meeting, for the many-document (matrix) reports.

Each account tells three to five of the same few facts in its own words: some agree, some
soften, some give other numbers (12 or 9 agreements, 300 or 3,000 protesters, six or
eight fishermen), and some tell a fact nobody else has. Texts are short because parsing is
slow; ``accounts(n)`` returns the first ``n`` of 26 (the most ``compare`` takes).
"""

from __future__ import annotations

from readouts.documents import Document

MEETING = (
    "Foreign Minister Ilona Varga met Estmark's Foreign Minister Tomas Reyes in Kessel on Monday.",
    "Ilona Varga and Tomas Reyes held talks in Kessel on Monday.",
    "Norvalia's Ilona Varga received her Estmark counterpart Tomas Reyes in Kessel on Monday.",
    "The two foreign ministers met in Kessel on Tuesday.",
)
AGREEMENTS = (
    "The ministers signed 12 agreements on trade and energy.",
    "The ministers signed nine agreements on trade and energy.",
    "The two sides signed 12 agreements, most of them on energy.",
    "The ministers signed 14 agreements on trade and energy.",
)
PIPELINE = (
    "Varga said the new gas pipeline would be finished by 2028.",
    "Varga said the new gas pipeline could be finished by 2030.",
    "Varga said the gas pipeline might be delayed.",
)
FISHERMEN = (
    "Reyes called for the release of six Estmark fishermen held in Norvalian waters.",
    "Reyes called for the release of eight Estmark fishermen held in Norvalian waters.",
    "Reyes did not raise the detention of the Estmark fishermen.",
)
BORDER = (
    "The ministers agreed to reopen the Dravik border crossing.",
    "The ministers agreed to reopen the Dravik border crossing in May.",
    "Reyes said the Dravik border crossing would stay closed.",
)
PROTEST = (
    "About 300 protesters gathered outside the foreign ministry.",
    "Some 3,000 people protested outside the foreign ministry.",
)
LONE = (
    "The talks lasted three hours.",
    "Reyes will visit Norvalia again in June.",
    "A joint press conference was cancelled at short notice.",
    "The ministers toured the port of Lusk after lunch.",
    "Varga gave Reyes a painting of the Dravik river.",
    "Heavy snow delayed the Estmark delegation's arrival.",
    "Estmark's ambassador skipped the official dinner.",
    "Students staged a silent vigil near the old cathedral.",
    "A Norvalian choir performed at the welcome ceremony.",
    "Both ministers wore black armbands for the flood victims.",
    "The currency of Estmark rose slightly during the afternoon.",
    "Journalists waited four hours in freezing rain.",
)

POOLS = (MEETING, AGREEMENTS, PIPELINE, FISHERMEN, BORDER, PROTEST, LONE)

LABELS = (
    "Kessel Herald",
    "Norvalia Today",
    "Estmark Wire",
    "The Dravik Post",
    "Lusk Evening Chronicle of the Northern Provinces and the Dravik Valley",
    "Radio Kessel",
    "Baltic Morning",
    "Estmark Public Broadcasting",
    "NorvaNews",
    "The Harbour Gazette",
    "Kessel Daily",
    "Capital Observer",
    "Estmark Times",
    "Norvalia Business Review",
    "Coastal Courier",
    "The Border Voice",
    "Dravik Valley Radio",
    "Lusk Shipping News",
    "Northern Star",
    "Estmark Evening",
    "Kessel Students' Paper",
    "Norvalia State Television",
    "Fishing Weekly",
    "The Energy Ledger",
    "Regional Digest",
    "Zenith Agency",
)

# (meeting, agreements, pipeline, fishermen, border, protest, lone): a variant index or None.
# The first ten are chosen by hand; the other sixteen follow a fixed rule.
PLAN: tuple[tuple[int | None, ...], ...] = (
    (0, 0, 0, 0, None, None, None),
    (1, 1, None, 1, 0, None, 0),
    (2, 2, 0, None, None, 0, None),
    (3, 0, 1, 0, 2, None, 1),
    (0, None, 2, 2, None, 1, None),
    (1, 3, None, None, 1, 0, 2),
    (None, 1, 0, 1, None, None, 3),
    (2, 0, None, 0, 0, 1, None),
    (0, 2, 1, None, None, None, 4),
    (1, None, 0, 2, 2, 0, 5),
)


def _planned(index: int) -> tuple[int | None, ...]:
    if index < len(PLAN):
        return PLAN[index]
    choice: list[int | None] = []
    for fact, pool in enumerate(POOLS):
        # Leave out about one fact in three (never the meeting); the lone facts go round.
        left_out = fact > 0 and (index * 5 + fact * 2) % 3 == 0
        variant = index % len(pool) if pool is LONE else (index * 7 + fact * 3 + index // 3)
        choice.append(None if left_out else variant % len(pool))
    return tuple(choice)


def account(index: int) -> Document:
    """The account of outlet ``index`` (0-based), labelled with the outlet's name."""
    sentences = [
        pool[variant]
        for pool, variant in zip(POOLS, _planned(index), strict=True)
        if variant is not None
    ]
    label = LABELS[index]
    return Document(" ".join(sentences), label=label, path=f"{label.lower()}.txt")


def accounts(count: int) -> list[Document]:
    """The first ``count`` accounts (at most 26)."""
    if not 1 <= count <= len(LABELS):
        raise ValueError(f"between 1 and {len(LABELS)} accounts, not {count}")
    return [account(index) for index in range(count)]
