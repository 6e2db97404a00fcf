"""PolNeAR from ../shared (skipped when absent): the brat reader against the real files, and
every span `readouts.attribution.extract` returns on all train articles is exact.

The extraction test parses the 840 train articles in one `nlp.pipe` pass (two processes,
a few minutes on a slow machine), hence `slow`; it still runs by default.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import polnear
    import polnear_data
finally:
    sys.path.pop(0)

SPLITS = {"train": 840, "dev": 84}
KINDS = {"direct", "indirect", "mixed"}


@pytest.fixture(scope="module")
def polnear_root(shared_dir) -> Path:
    root = shared_dir / "data" / "polnear"
    for split in SPLITS:
        if not (root / split / "text").is_dir() or not (root / split / "attributions").is_dir():
            pytest.skip(f"PolNeAR {split} is not in {root}")
    return root


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_every_gold_span_is_the_text_at_its_offsets(polnear_root, split):
    """Every T record of every annotator file: offsets in range, written text exact."""
    files = polnear_data.annotation_files(split, polnear_root)
    texts = {path.stem: path for path in (polnear_root / split / "text").glob("*.txt")}
    assert set(files) == set(texts)
    wrong, spans, events = [], 0, 0
    for name, paths in files.items():
        text = texts[name].read_text("utf-8")
        for path in paths:
            content = path.read_text("utf-8")
            document = polnear_data.parse_ann(content)
            assert len(document.events) == len(re.findall(r"(?m)^E\d+\t", content))
            events += len(document.events)
            for bound in document.spans.values():
                spans += 1
                in_range = all(0 <= s < e <= len(text) for s, e in bound.fragments)
                written = " ".join(text[s:e] for s, e in bound.fragments)
                if not in_range or written != bound.text:
                    wrong.append((path.name, bound.id, bound.fragments, bound.text[:60]))
            for attribution in polnear_data.attributions_of(document):
                assert attribution.cue, (path.name, attribution.id)
    assert not wrong, f"{len(wrong)} of {spans} spans differ from the text: {wrong[:5]}"
    assert events > 20 * SPLITS[split]


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_load_split_reads_one_gold_file_per_article(polnear_root, split):
    articles = polnear_data.load_split(split, root=polnear_root)
    assert len(articles) == SPLITS[split]
    assert [a.name for a in articles] == sorted(a.name for a in articles)
    for article in articles:
        assert article.annotator == min(article.annotators)
        for attribution in article.attributions:
            for role in (attribution.source, attribution.cue, attribution.content):
                assert all(0 <= s < e <= len(article.text) for s, e in role)
    assert sum(len(a.attributions) for a in articles) > 20 * SPLITS[split]


@pytest.mark.slow
def test_every_extracted_span_is_the_text_at_its_offsets(polnear_root):
    """All train articles, one `nlp.pipe` pass: each source, cue and content span of each
    attribution is `text[start:end]`, non-empty and inside the document."""
    from readouts.attribution import Attribution, extract
    from readouts.spans import Span

    articles = polnear_data.load_split("train", root=polnear_root)
    docs, _seconds, _cached = polnear.parse_texts(
        [article.text for article in articles], jobs=2, batch_size=8
    )
    assert len(docs) == len(articles)
    wrong, checked = [], 0
    for article, doc in zip(articles, docs):
        text = article.text
        assert doc.text == text, article.name
        found = extract(doc)
        assert isinstance(found, list), article.name
        for attribution in found:
            assert isinstance(attribution, Attribution), article.name
            assert attribution.kind in KINDS, (article.name, attribution.kind)
            assert isinstance(attribution.content, tuple), article.name
            spans = [("content", span) for span in attribution.content]
            spans += [(role, getattr(attribution, role)) for role in ("source", "cue")]
            for role, span in spans:
                if span is None:
                    continue
                checked += 1
                if not (
                    isinstance(span, Span)
                    and 0 <= span.start < span.end <= len(text)
                    and span.text == text[span.start : span.end]
                ):
                    wrong.append((article.name, role, span))
    assert checked > 0
    assert not wrong, f"{len(wrong)} of {checked} spans are not exact: {wrong[:10]}"
