"""The single-article mode: versions by speaker and channel, and their comparison."""

from __future__ import annotations

import pytest

from readouts import Document, UsageError
from readouts.pipeline import compare_within, split

ARTICLE = (
    "Officials from both countries met in Kessel on Monday.\n\n"
    "According to a statement from the Norvalian foreign ministry, Reyes said that Estmark "
    "fully supports Norvalia's claim to the Dravik river and will send 40 engineers.\n\n"
    "According to Estmark's state news agency, Reyes said that Estmark hopes the Dravik "
    "river dispute can be settled through dialogue and will send 40 engineers.\n\n"
    "Analyst Mara Holt wrote that neither account mentions the fishermen.\n"
)


@pytest.fixture(scope="module")
def article() -> Document:
    return Document(ARTICLE, label="wire story")


def test_split_groups_statements_by_speaker_and_channel(article):
    versions = {version.label: version for version in split(article)}
    assert "Reyes via Norvalian foreign ministry" in versions
    assert any(label.startswith("Reyes via") and "Estmark" in label for label in versions)
    holt = [v for v in versions.values() if v.speaker == "Mara Holt"]
    assert holt and holt[0].via == ()
    for version in versions.values():
        for attribution in version.attributions:
            for span in attribution.content:
                assert ARTICLE[span.start : span.end] == span.text


def test_compare_within_compares_one_speakers_channels(article):
    comparison = compare_within(article)
    labels = [entry.label for entry in comparison.documents]
    assert len(labels) == 2 and all(label.startswith("Reyes via") for label in labels)
    for claim in comparison.claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
    assert comparison.matches, "the two versions of Reyes's statement should match"
    unique = {f.doc: f.terms for f in comparison.summary if f.kind == "unique_terms"}
    assert any("claim" in terms or "Norvalia" in terms for terms in unique.values())


def test_compare_within_rejects_an_article_with_one_channel():
    with pytest.raises(UsageError, match="two or more channels"):
        compare_within(Document("Reyes said that the talks went well.", label="x"))


def test_compare_within_names_the_unknown_speaker(article):
    with pytest.raises(UsageError, match="no speaker 'Nobody'"):
        compare_within(article, speaker="Nobody")


@pytest.mark.slow
def test_seed_vital_and_core_interests_match_with_the_semantic_backend(shared_dir):
    text = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    comparison = compare_within(Document(text, label="article"), backend="semantic")
    pairs = [[comparison.claim(cid).text for cid in match.claims] for match in comparison.matches]
    assert any("vital interests" in first and "core interests" in second for first, second in pairs)


# --- the Duma/Xinhua article the project exists for (skipped without ../shared) -----------


@pytest.fixture(scope="module")
def seed(shared_dir):
    path = shared_dir / "seed" / "article.txt"
    return Document(path.read_text(encoding="utf-8"), label="article", path=str(path))


def test_seed_versions_of_li_zhanshu(seed):
    labels = [version.label for version in split(seed)]
    assert "Li Zhanshu via State Duma" in labels
    assert "Li Zhanshu via Xinhua News Agency" in labels
    speakers = {version.speaker: version.via for version in split(seed)}
    # Outside experts are attributed to themselves and belong to neither version.
    assert speakers["Brian Hart"] == ()
    assert speakers["Hal Brands"] == ()


def test_seed_within_comparison_finds_what_only_each_version_says(seed):
    comparison = compare_within(seed)
    labels = {entry.id: entry.label for entry in comparison.documents}
    duma = next(doc for doc, label in labels.items() if "State Duma" in label)
    xinhua = next(doc for doc, label in labels.items() if "Xinhua" in label)
    unique = {f.doc: set(f.terms) for f in comparison.summary if f.kind == "unique_terms"}
    assert {"Ukraine", "NATO", "the United States"} <= unique[duma]
    assert {"sanctions", "interference", "jurisdiction"} <= unique[xinhua]
    only_duma = " ".join(
        comparison.claim(f.claims[0]).text
        for f in comparison.summary
        if f.kind == "only" and f.doc == duma
    )
    assert "the necessity of all the measures taken by Russia" in only_duma
    assert "providing our assistance" in only_duma


LEXICAL_MISSES = pytest.mark.xfail(
    strict=True,
    reason="'vital interests' / 'core interests': the lexical backend's calibrated match "
    "probability for the pair is below its match threshold",
)
SEMANTIC_OVERSHOOTS = pytest.mark.xfail(
    strict=True,
    reason="the semantic backend matches the pair but as equivalent (0.705): the cosine "
    "alone does not see one-way against mutual support",
)


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param("lexical", marks=LEXICAL_MISSES),
        pytest.param("semantic", marks=SEMANTIC_OVERSHOOTS),
        "fused",
        "auto",  # the default: fused where the ONNX encoder is installed, as it is here
    ],
)
def test_seed_vital_and_core_interests_match_as_partial(seed, backend):
    comparison = compare_within(seed, backend=backend)
    assert comparison.backend == ("fused" if backend == "auto" else backend)
    texts = {
        match.relation: [comparison.claim(cid).text for cid in match.claims]
        for match in comparison.matches
    }
    partial = texts.get("partial", [])
    assert any("vital interests" in text for text in partial)
    assert any("core interests" in text for text in partial)


def test_options_reach_the_pipeline(article):
    # A pipeline name that is not installed must be what split and compare_within load.
    from readouts import MissingDependency

    with pytest.raises(MissingDependency, match="no_such_pipeline"):
        split(article, spacy_model="no_such_pipeline")
    with pytest.raises(MissingDependency, match="no_such_pipeline"):
        compare_within(article, spacy_model="no_such_pipeline")
