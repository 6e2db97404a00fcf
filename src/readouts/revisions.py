"""Successive versions of one document, compared claim by claim with the same machinery.

A claim whose text is the same in both versions up to case, spacing and punctuation is
unchanged; a byline or a timestamp line ("By Anna Petrova", "Updated 14:05 GMT") is never
a change worth showing. Those are *trivial* and only counted. What remains is aligned by
:func:`readouts.pipeline.compare_claims` (the calibrated match, relations and conflicts of
any comparison): a matched pair is *changed* (with the terms each side has alone and any
conflict), an unmatched old claim *removed*, an unmatched new one *added*. Every claim
keeps its offsets into its own version's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from readouts.claims import Claim, as_document

if TYPE_CHECKING:
    from readouts.relations import Match
    from readouts.settings import Settings

ChangeKind = Literal["added", "removed", "changed"]

# A line that only says who wrote or when it was published or updated.
_META = re.compile(
    r"^\W*(by\s+[\w.'’ -]{2,60}$|(updated|published|posted|last (updated|modified)|"
    r"обновлено|опубликовано|更新|发布)\b|\d{1,2}:\d{2}\b)",
    re.IGNORECASE,
)
_META_WORDS = 14


@dataclass(frozen=True)
class Change:
    """One change between two versions: ``old`` and/or ``new`` claim, and for a changed
    claim the match that pairs them (its differences, evidence and conflicts)."""

    kind: ChangeKind
    old: Claim | None = None
    new: Claim | None = None
    match: Match | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.old is not None:
            data["old"] = _claim_dict(self.old)
        if self.new is not None:
            data["new"] = _claim_dict(self.new)
        if self.match is not None:
            data["relation"] = self.match.relation
            data["differences"] = {
                side(cid): list(terms) for cid, terms in self.match.differences.items()
            }
            # Where each side's own terms are, as spans of its version's text.
            data["evidence"] = {
                side(cid): [span.to_dict() for span in spans]
                for cid, spans in self.match.evidence.items()
            }
            data["conflicts"] = [
                {
                    "kind": conflict.kind,
                    "detail": conflict.detail,
                    "spans": {
                        side(cid): [span.to_dict() for span in spans]
                        for cid, spans in conflict.spans.items()
                    },
                }
                for conflict in self.match.conflicts
            ]
        return data


@dataclass(frozen=True)
class Revision:
    """What changed from one version to the next: the changes in the new version's
    order (removed claims where they stood), and how many trivial changes were hidden."""

    changes: tuple[Change, ...]
    trivial: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [change.to_dict() for change in self.changes],
            "trivial": self.trivial,
            "unchanged": self.unchanged,
        }


def side(claim_id: str) -> str:
    """ "old" for a claim of the older version (A), "new" for the newer (B)."""
    return "old" if claim_id.startswith("A") else "new"


def _claim_dict(claim: Claim) -> dict[str, Any]:
    return {"start": claim.start, "end": claim.end, "text": claim.text}


def normalized(text: str) -> str:
    """``text`` without case, spacing or punctuation: what a trivial edit leaves alone."""
    kept = [
        character
        for character in unicodedata.normalize("NFKC", text).casefold()
        if not unicodedata.category(character).startswith(("P", "Z", "S", "C"))
    ]
    return "".join(kept)


def is_meta(claim: Claim) -> bool:
    """A byline or a timestamp line, not a statement."""
    return len(claim.text.split()) <= _META_WORDS and bool(_META.match(claim.text.strip()))


def compare_versions(
    old_text: str,
    old_claims: Sequence[Claim],
    new_text: str,
    new_claims: Sequence[Claim],
    settings: Settings,
    *,
    lang: str = "en",
) -> Revision:
    """The changes from ``old`` to ``new`` (texts and their claims, as read by
    :func:`readouts.languages.claims_of`)."""
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.pipeline import compare_claims

    old = as_document(old_claims, "A")
    new = as_document(new_claims, "B")
    trivial = unchanged = 0
    waiting: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(old):
        waiting[normalized(claim.text)].append(index)
    paired_old: set[int] = set()
    # Where each old claim went in the new version (the end of its new claim).
    went: dict[str, int] = {}
    left_new: list[Claim] = []
    for claim in new:
        same = waiting.get(normalized(claim.text))
        if same:
            index = same.pop(0)
            paired_old.add(index)
            went[old[index].id] = claim.end
            if old[index].text == claim.text:
                unchanged += 1
            else:
                trivial += 1
            continue
        if is_meta(claim):
            trivial += 1
            continue
        left_new.append(claim)
    left_old = []
    for index, claim in enumerate(old):
        if index in paired_old:
            continue
        if is_meta(claim):
            trivial += 1
            continue
        left_old.append(claim)
    matches: list[Match] = []
    if left_old and left_new:
        entries = (
            DocumentEntry("A", Document(old_text, lang=lang)),
            DocumentEntry("B", Document(new_text, lang=lang)),
        )
        comparison = compare_claims(entries, [left_old, left_new], settings)
        matches = [match for match in comparison.matches if len(match.claims) == 2]
    by_id = {claim.id: claim for claim in (*left_old, *left_new)}
    changes: list[tuple[int, int, Change]] = []
    matched: set[str] = set()
    for match in matches:
        first, second = (by_id[cid] for cid in match.claims)
        if first.doc != "A":
            first, second = second, first
        matched.update((first.id, second.id))
        went[first.id] = second.end
        changes.append((second.start, 1, Change("changed", first, second, match)))
    for claim in left_new:
        if claim.id not in matched:
            changes.append((claim.start, 1, Change("added", None, claim)))
    for claim in left_old:
        if claim.id not in matched:
            changes.append((_place(claim, old, went), 2, Change("removed", claim)))
    changes.sort(key=lambda item: (item[0], item[1]))
    return Revision(tuple(change for *_, change in changes), trivial, unchanged)


def _place(claim: Claim, old: Sequence[Claim], went: dict[str, int]) -> int:
    """Where in the new version a removed claim stood: just after the new place of the
    nearest old claim before it that is still there (0 when there is none)."""
    position = 0
    for other in old:
        if other.start >= claim.start:
            break
        position = went.get(other.id, position)
    return position
