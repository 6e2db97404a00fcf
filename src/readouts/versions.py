"""The single-article mode: the versions an article reports, and their comparison.

An article that reports what one speaker said according to two channels ("according to
the State Duma, Li ..." and "according to Xinhua, Li ...") holds two versions of one
statement. ``split_versions`` groups an article's attributions by speaker and channel;
``version_claims`` turns each version's statements into claims (their offsets still index
the article), so the ordinary alignment and relations compare the versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readouts.attribution import Attribution, SentenceAttribution
from readouts.claims import Claim, claim_of
from readouts.errors import UsageError

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Version:
    """What one speaker says according to one channel (``via`` empty: the article itself)."""

    speaker: str
    via: tuple[str, ...]
    attributions: tuple[Attribution, ...]

    @property
    def label(self) -> str:
        return f"{self.speaker} via {' via '.join(self.via)}" if self.via else self.speaker

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "via": list(self.via),
            "label": self.label,
            "attributions": [attribution.to_dict() for attribution in self.attributions],
        }


def split_versions(attributions: Sequence[Attribution]) -> list[Version]:
    """Attributions with a speaker, grouped by (speaker, channel), in order of appearance."""
    groups: dict[tuple[str, tuple[str, ...]], list[Attribution]] = {}
    for attribution in attributions:
        if attribution.speaker and attribution.content:
            groups.setdefault((attribution.speaker, attribution.via), []).append(attribution)
    return [
        Version(speaker, via, tuple(_outermost(found))) for (speaker, via), found in groups.items()
    ]


def versions_to_compare(versions: Sequence[Version], speaker: str | None = None) -> list[Version]:
    """The channel versions of one speaker: ``speaker``, or the one reported through the
    most channels (then with the most statements)."""
    by_speaker: dict[str, list[Version]] = {}
    for version in versions:
        if version.via:
            by_speaker.setdefault(version.speaker, []).append(version)
    if speaker is not None:
        chosen = next((name for name in by_speaker if name.lower() == speaker.lower()), None)
        if chosen is None:
            known = ", ".join(sorted(by_speaker)) or "none"
            raise UsageError(
                f"no speaker {speaker!r} reported through a channel (speakers with channels: "
                f"{known})"
            )
    else:
        ranked = sorted(
            by_speaker.items(),
            key=lambda item: (-len(item[1]), -sum(len(v.attributions) for v in item[1])),
        )
        if not ranked or len(ranked[0][1]) < 2:
            raise UsageError(
                "the article reports no speaker through two or more channels "
                "(readouts split lists what it found)"
            )
        chosen = ranked[0][0]
    found = by_speaker[chosen]
    if len(found) < 2:
        raise UsageError(f"{chosen} is reported through only one channel ({found[0].label})")
    return found


def version_claims(doc_id: str, version: Version, parsed: Doc) -> list[Claim]:
    """One claim per statement of ``version``: the words of its content, first to last."""
    claims = []
    for attribution in version.attributions:
        start = attribution.content[0].start
        end = attribution.content[-1].end
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        sentence = SentenceAttribution(
            speaker=attribution.speaker,
            source=attribution.source,
            cue=attribution.cue,
            via=attribution.via,
        )
        claims.append(claim_of(doc_id, len(claims) + 1, span, sentence))
    return claims


def _outermost(attributions: list[Attribution]) -> list[Attribution]:
    """Drop a statement whose content lies inside another statement's content
    ("criticized sanctions, calling for X": "calling for X" is part of the first)."""

    def extent(attribution: Attribution) -> tuple[int, int]:
        return attribution.content[0].start, attribution.content[-1].end

    kept = []
    for attribution in attributions:
        start, end = extent(attribution)
        inside = any(
            other is not attribution
            and extent(other)[0] <= start
            and end <= extent(other)[1]
            and extent(other) != (start, end)
            for other in attributions
        )
        if not inside:
            kept.append(attribution)
    return kept
