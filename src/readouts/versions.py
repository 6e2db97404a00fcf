"""The single-article mode: the versions an article reports, and their comparison.

An article that reports what one speaker said according to two channels ("according to
the State Duma, Li ..." and "according to Xinhua, Li ..."), or a wire story that cites
both governments' readouts of one call ("..., the Pentagon said", "according to Xinhua,
..."), holds one version per channel. ``split_versions`` groups an article's
attributions by channel (and by speaker for what the article says itself);
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
    """What one channel reports (``via``: the channel, outermost first), or what one
    speaker says in the article's own voice (``via`` empty).

    ``speaker`` names whoever speaks in the version: one name, or several joined with
    "; " when a channel reports more than one speaker (a wire story citing a ministry's
    readout of a call gives both ministers' statements through it). ``channel`` is the
    outlet or body the version is according to, when there is one; its own statements
    ("the Pentagon said the call was candid") belong to its version.
    """

    speaker: str
    via: tuple[str, ...]
    attributions: tuple[Attribution, ...]
    channel: str | None = None

    @property
    def label(self) -> str:
        if not self.via:
            return self.speaker
        if self.speaker == self.channel or len(self.speakers) > 1:
            return " via ".join(self.via)  # the channel's account: several speakers
        return f"{self.speaker} via {' via '.join(self.via)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "via": list(self.via),
            "channel": self.channel,
            "label": self.label,
            "attributions": [attribution.to_dict() for attribution in self.attributions],
        }

    def of_speaker(self, speaker: str) -> Version:
        """This version with only ``speaker``'s statements (by name, any case)."""
        wanted = speaker.lower()
        kept = tuple(a for a in self.attributions if (a.speaker or "").lower() == wanted)
        name = kept[0].speaker if kept else speaker
        return Version(name or speaker, self.via, kept, self.channel)

    @property
    def speakers(self) -> tuple[str, ...]:
        """Who speaks in this version, in order of appearance."""
        return tuple(dict.fromkeys(a.speaker for a in self.attributions if a.speaker))


def split_versions(attributions: Sequence[Attribution]) -> list[Version]:
    """Attributions with a speaker, grouped by channel, in order of appearance: one
    version per channel (every speaker it reports, and its own statements), and one per
    speaker for what the article says in its own voice."""
    stated = [a for a in attributions if a.speaker and a.content]
    channels = {a.via[0] for a in stated if a.via}
    groups: dict[tuple[str, tuple[str, ...]], list[Attribution]] = {}
    for attribution in stated:
        speaker = attribution.speaker or ""
        if attribution.via:
            key = ("via", attribution.via)
        elif speaker in channels:
            key = ("via", (speaker,))  # "Xinhua said ...": the channel's own words
        else:
            key = ("speaker", (speaker,))
        groups.setdefault(key, []).append(attribution)
    versions = []
    for (kind, names), found in groups.items():
        kept = tuple(_outermost(found))
        if kind == "speaker":
            versions.append(Version(names[0], (), kept))
            continue
        channel = names[0]
        speakers = [name for name in dict.fromkeys(a.speaker for a in kept) if name != channel]
        versions.append(Version("; ".join(speakers) or channel, names, kept, channel))
    return versions


def versions_to_compare(versions: Sequence[Version], speaker: str | None = None) -> list[Version]:
    """The channel versions to set against one another.

    With ``speaker``: that speaker's statements in each channel that reports them. Else
    the channels that report a speaker in common (the Duma's and Xinhua's accounts of
    Li), or, when no speaker is reported twice (a wire story citing the Pentagon's
    readout for one minister and Xinhua's for the other), every channel.
    """
    channelled = [version for version in versions if version.channel]
    by_speaker: dict[str, list[Version]] = {}
    for version in channelled:
        for name in version.speakers:
            by_speaker.setdefault(name, []).append(version)
    if speaker is not None:
        chosen = next((name for name in by_speaker if name.lower() == speaker.lower()), None)
        if chosen is None:
            known = ", ".join(sorted(by_speaker)) or "none"
            raise UsageError(
                f"no speaker {speaker!r} reported through a channel (speakers with channels: "
                f"{known})"
            )
        found = [version.of_speaker(chosen) for version in by_speaker[chosen]]
        if len(found) < 2:
            raise UsageError(f"{chosen} is reported through only one channel ({found[0].label})")
        return found
    if len(channelled) < 2:
        raise UsageError(
            "the article reports no statements through two or more channels "
            "(readouts split lists what it found)"
        )
    shared = sorted(
        (
            (-len(found), -sum(len(v.attributions) for v in found), position, found)
            for position, found in enumerate(by_speaker.values())
            if len(found) >= 2
        ),
        key=lambda item: item[:3],
    )
    if shared:
        common = {id(version) for version in shared[0][3]}
        return [version for version in channelled if id(version) in common]
    return channelled


def version_claims(doc_id: str, version: Version, parsed: Doc) -> list[Claim]:
    """One claim per statement of ``version``: the words of its content, first to last."""
    claims = []
    for attribution in version.attributions:
        start = attribution.content[0].start
        end = attribution.content[-1].end
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        via = attribution.via
        if not via and version.channel and attribution.speaker == version.channel:
            via = (version.channel,)  # the channel speaking for itself
        sentence = SentenceAttribution(
            speaker=attribution.speaker,
            source=attribution.speaker_source or attribution.source,
            cue=attribution.speaker_cue or attribution.cue,
            via=via,
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
