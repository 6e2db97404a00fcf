"""Sample documents for ``readouts demo``: two readouts of one invented meeting.

Written for this project: Norvalia's and Estmark's foreign ministries describe the same
talks. They differ the way real readouts do: a statement only one side reports, a
softened statement, a conflicting number, and a topic only one side raises.
"""

from __future__ import annotations

from importlib import resources

from readouts.documents import Document

SAMPLES = (("norvalia.txt", "Norvalia MFA"), ("estmark.txt", "Estmark MFA"))


def sample_documents() -> list[Document]:
    """The two sample readouts, labelled, with their package paths."""
    folder = resources.files("readouts.samples")
    return [
        Document(text=folder.joinpath(name).read_text("utf-8"), label=label, path=f"samples/{name}")
        for name, label in SAMPLES
    ]
