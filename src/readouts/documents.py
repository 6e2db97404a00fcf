"""The input of every step: a document's text, with its label and where it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One account of an event. Every offset readouts reports indexes ``text``.

    >>> Document("Li met Volodin.", label="Xinhua").label
    'Xinhua'
    """

    text: str
    label: str | None = None
    path: str | None = None

    @property
    def name(self) -> str:
        """The label, else the file name, else a placeholder."""
        if self.label:
            return self.label
        if self.path:
            return self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return "document"
