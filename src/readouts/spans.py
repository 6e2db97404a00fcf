"""Character spans: the evidence every finding carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """``text`` is exactly the document text at ``[start, end)``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


def trim(text: str, start: int, end: int, strip: str = " \t\r\n\f\v") -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading and trailing characters in ``strip``."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end
