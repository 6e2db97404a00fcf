"""Docs that cannot drift: every command, option and setting appears in the README."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pytest

from readouts.cli import cli
from readouts.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SCHEMA = (Path(__file__).resolve().parents[1] / "docs" / "schema.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name):
    assert f"readouts {name}" in README


def _options() -> list[tuple[str, str]]:
    found = []
    for name, command in sorted(cli.commands.items()):
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                long = max(parameter.opts, key=len)
                found.append((name, long))
    return found


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_in_the_readme(command, option):
    assert option in README, f"readouts {command} {option} is not documented"


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Settings)])
def test_every_setting_is_in_the_readme(field):
    assert f"`{field}`" in README
    assert f"READOUTS_{field.upper()}" in README


@pytest.mark.parametrize(
    "key", ["documents", "claims", "matches", "unmatched", "groups", "summary", "backend"]
)
def test_every_top_level_json_key_is_in_the_schema(key):
    assert f'"{key}"' in SCHEMA
