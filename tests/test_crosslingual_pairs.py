"""benchmarks/crosslingual/pairs.jsonl is well-formed: 200 English-Russian-Chinese triples."""

from __future__ import annotations

import json
import re
from pathlib import Path

PAIRS = Path(__file__).resolve().parents[1] / "benchmarks" / "crosslingual" / "pairs.jsonl"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _rows():
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_two_hundred_triples_with_unique_ids():
    rows = _rows()
    assert len(rows) == 200
    assert all(set(row) == {"id", "en", "ru", "zh"} for row in rows)
    ids = [row["id"] for row in rows]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 200


def test_each_field_is_in_its_language():
    for row in _rows():
        for lang in ("en", "ru", "zh"):
            assert isinstance(row[lang], str) and row[lang].strip(), (row["id"], lang)
        assert CYRILLIC.search(row["ru"]) and not CJK.search(row["ru"]), row["id"]
        assert CJK.search(row["zh"]) and not CYRILLIC.search(row["zh"]), row["id"]
        assert not CYRILLIC.search(row["en"]) and not CJK.search(row["en"]), row["id"]


def test_no_sentence_repeats_within_a_language():
    rows = _rows()
    for lang in ("en", "ru", "zh"):
        assert len({row[lang] for row in rows}) == len(rows), lang
