"""The attribution record: who said what, through which channel, with every span."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from readouts.spans import Span

Kind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class Attribution:
    """One attribution relation of a document.

    ``source`` is who (the words naming them), ``cue`` the reporting verb or phrase,
    ``content`` what was said (several spans when a quotation is split around its cue).
    ``speaker`` is the canonical name of the source (pronouns and short forms resolved);
    ``via`` the chain of channels that report the statement, outermost first.
    ``speaker_source`` and ``speaker_cue``, for a statement a channel reports, are the
    words naming its speaker and the speaker's own verb (not part of the JSON record).
    ``kind``: ``direct`` (all content quoted), ``indirect`` (none quoted) or ``mixed``.
    """

    source: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    kind: Kind
    speaker: str | None = None
    via: tuple[str, ...] = ()
    # When a channel reports someone's statement ("Halloran proposed ..., the Pentagon
    # said"): the words that name the speaker and its own verb, which a claim points at
    # (``source`` and ``cue`` stay the channel's, as attribution corpora mark them).
    speaker_source: Span | None = field(default=None, compare=False)
    speaker_cue: Span | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": [span.to_dict() for span in self.content],
            "speaker": self.speaker,
            "kind": self.kind,
            "via": list(self.via),
        }
