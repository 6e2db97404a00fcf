"""The hand-labelled gold sets are well-formed, and the gold scorer's arithmetic is right."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "benchmarks" / "gold"
MULTILINGUAL_DIR = GOLD_DIR / "multilingual"


def _scorer():
    spec = importlib.util.spec_from_file_location("gold_scorer", ROOT / "benchmarks" / "gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gold_scorer"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gold = _scorer()
SET_PATHS = sorted(GOLD_DIR.glob("*.json"))
MULTILINGUAL_PATHS = sorted(MULTILINGUAL_DIR.glob("*.json"))


def test_there_are_enough_sets():
    assert len(SET_PATHS) >= 8
    styles = {json.loads(p.read_text(encoding="utf-8"))["style"] for p in SET_PATHS}
    assert styles <= set(gold.STYLES)


@pytest.mark.parametrize("path", SET_PATHS + MULTILINGUAL_PATHS, ids=lambda p: p.stem)
def test_set_is_well_formed(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    g = gold.load_set(path)  # raises on a missing or non-unique substring, bad pair or kind
    assert g.name == path.stem
    assert data["style"] in gold.STYLES and data["description"]
    assert 2 <= len(g.documents) <= 4
    assert gold.coverage_errors(g) == []
    for doc in g.doc_ids:
        claims = g.claims_of(doc)
        assert 8 <= len(claims) <= 15, f"{doc} has {len(claims)} sentences"
        assert [c.id for c in claims] == [f"{doc}{i}" for i in range(1, len(claims) + 1)]
    assert set(data["speakers"]) == set(g.claims), "every claim has a speaker entry"
    for value in data["speakers"].values():
        assert (
            value is None
            or isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        )
    for cid in g.titles:
        assert g.claims[cid].id.endswith("1"), "a title is its document's first line"
    labels = [label for label, _ in g.documents]
    assert len(set(labels)) == len(labels)
    for pair, (stronger, softer) in g.shifts.items():
        assert pair not in g.partial, "a pair is a softening or partial, not both"
        assert not {stronger, softer} & g.titles


def _languages(path):
    return tuple(d["lang"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"])


def test_there_are_enough_multilingual_sets():
    pairs = [frozenset(_languages(p)) for p in MULTILINGUAL_PATHS]
    assert len(pairs) >= 8
    assert pairs.count(frozenset({"ru", "en"})) >= 3
    assert pairs.count(frozenset({"zh", "en"})) >= 3
    assert pairs.count(frozenset({"ru", "zh"})) >= 2
    assert pairs.count(frozenset({"ru", "zh", "en"})) >= 1
    # the default run (the English figures) does not pick the multilingual folder up
    assert [g.name for g in gold.load_sets()] == [p.stem for p in SET_PATHS]
    names = [g.name for g in gold.load_sets(directory=MULTILINGUAL_DIR)]
    assert names == [p.stem for p in MULTILINGUAL_PATHS]
    assert set(names).isdisjoint(p.stem for p in SET_PATHS)


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", MULTILINGUAL_PATHS, ids=lambda p: p.stem)
def test_multilingual_set_languages_and_speaker_ids(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    g = gold.load_set(path)
    assert len(g.langs) == len(g.documents) and len(set(g.langs)) >= 2
    for lang, (label, text) in zip(g.langs, g.documents):
        assert lang in gold.LANGS
        # the script matches the language (English may quote no Cyrillic or Chinese)
        assert bool(CYRILLIC.search(text)) == (lang == "ru"), label
        assert bool(CJK.search(text)) == (lang == "zh"), label
    # every speaker name, in its document's own script, has a person id; a person named in
    # several scripts has one id
    names = set()
    for value in data["speakers"].values():
        names |= set(value if isinstance(value, list) else [value] if value else [])
    assert names <= set(g.speaker_ids)
    # links, conflicts and shifts join documents in different languages, so every gold
    # link is a cross-language one
    lang_of = dict(zip(g.doc_ids, g.langs))
    for pair in g.links:
        a, b = sorted(pair)
        assert lang_of[g.claims[a].doc] != lang_of[g.claims[b].doc], (a, b)
    assert g.links and (g.conflicts or g.shifts)


def test_load_rejects_an_unknown_language(tmp_path):
    path = tmp_path / "t.json"
    data = {
        "name": "t",
        "style": "wire",
        "description": "x",
        "documents": [
            {"label": "One", "lang": "ru", "text": "Ли встретился с Чжао."},
            {"label": "Two", "lang": "de", "text": "Li traf Zhao."},
        ],
        "claims": {"A1": ["A", "встретился"], "B1": ["B", "traf"]},
        "links": [["A1", "B1"]],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(gold.GoldError, match="languages"):
        gold.load_set(path)
    data["documents"][1]["lang"] = "en"
    data["speaker_ids"] = {"Li": 3}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(gold.GoldError, match="speaker_ids"):
        gold.load_set(path)


def test_sentences_in_russian_and_chinese():
    ru = "МОСКВА, 3 июня. /ТАСС/. С.В.Рябинин встретился с И.Мартенс. «Мы готовы», — сказал он. Итоги?"
    assert [ru[a:b] for a, b in gold.sentences(ru)] == [
        "МОСКВА, 3 июня. /ТАСС/. С.В.Рябинин встретился с И.Мартенс.",
        "«Мы готовы», — сказал он.",
        "Итоги?",
    ]
    zh = "新华社北京5月20日电 周启明表示，“我们支持。”双方同意增加航班！会谈后签署文件。"
    assert [zh[a:b] for a, b in gold.sentences(zh)] == [
        "新华社北京5月20日电 周启明表示，“我们支持。”",
        "双方同意增加航班！",
        "会谈后签署文件。",
    ]


def _write(tmp_path, claims, **extra):
    data = {
        "name": "t",
        "style": "wire",
        "description": "x",
        "documents": [
            {"label": "One", "text": "Li met Zhao. Li said yes."},
            {"label": "Two", "text": "Zhao met Li. Li said no."},
        ],
        "claims": claims,
        "titles": [],
        "links": [],
        "speakers": {},
        **extra,
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_rejects_a_missing_or_repeated_substring(tmp_path):
    with pytest.raises(gold.GoldError, match=r"t: claim A1.*not in document"):
        gold.load_set(_write(tmp_path, {"A1": ["A", "nowhere"]}))
    with pytest.raises(gold.GoldError, match=r"t: claim A1.*not unique"):
        gold.load_set(_write(tmp_path, {"A1": ["A", "Li"]}))
    claims = {"A1": ["A", "met Zhao"], "B1": ["B", "met Li"]}
    with pytest.raises(gold.GoldError, match="kind"):
        gold.load_set(
            _write(
                tmp_path,
                claims,
                links=[["A1", "B1"]],
                conflicts=[{"claims": ["A1", "B1"], "kind": "mood"}],
            )
        )
    with pytest.raises(gold.GoldError, match="one document"):
        gold.load_set(
            _write(
                tmp_path, {"A1": ["A", "met Zhao"], "A2": ["A", "said yes"]}, links=[["A1", "A2"]]
            )
        )


def test_sentences_keep_abbreviations_and_datelines():
    text = 'Talks in Beijing\nBEIJING, Sept. 9 (Xinhua) -- Zhao met U.S. envoy Li. He said "yes." Done.'
    found = [text[a:b] for a, b in gold.sentences(text)]
    assert found == [
        "Talks in Beijing",
        "BEIJING, Sept. 9 (Xinhua) -- Zhao met U.S. envoy Li.",
        'He said "yes."',
        "Done.",
    ]


# --- scoring a hand-made comparison ---------------------------------------------------

TEXT_A = "Talks held\nLi met Zhao on Monday. Li said China will sign four deals. Li praised Zhao."
TEXT_B = "Zhao meets Li\nZhao met Li on Monday. Li said China may sign two deals. Zhao left early."
TEXT_C = "Li and Zhao meet\nThe two met on Monday. Li praised Zhao warmly. Rain fell."


def _fake_set(tmp_path):
    data = {
        "name": "fake",
        "style": "mixed",
        "description": "scorer arithmetic",
        "documents": [
            {"label": "A", "text": TEXT_A},
            {"label": "B", "text": TEXT_B},
            {"label": "C", "text": TEXT_C},
        ],
        "claims": {
            "A1": ["A", "Talks held"],
            "A2": ["A", "Li met Zhao"],
            "A3": ["A", "will sign four"],
            "A4": ["A", "Li praised Zhao."],
            "B1": ["B", "Zhao meets Li"],
            "B2": ["B", "Zhao met Li"],
            "B3": ["B", "may sign two"],
            "B4": ["B", "Zhao left early"],
            "C1": ["C", "Li and Zhao meet"],
            "C2": ["C", "The two met"],
            "C3": ["C", "praised Zhao warmly"],
            "C4": ["C", "Rain fell"],
        },
        "titles": ["A1", "B1", "C1"],
        "links": [
            ["A1", "B1"],
            ["A2", "B2"],
            ["A2", "C2"],
            ["B2", "C2"],
            ["A3", "B3"],
            ["A4", "C3"],
        ],
        "conflicts": [{"claims": ["A3", "B3"], "kind": "number"}],
        "shifts": [{"stronger": "A3", "softer": "B3"}],
        "partial": [["A4", "C3"]],
        "speakers": {"A3": "Li", "A4": "Li", "B3": "Li", "C3": "Li"},
    }
    path = tmp_path / "fake.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return gold.load_set(path)


def _claim(cid, text, sub, speaker=None, title=False):
    start = text.index(sub)
    return SimpleNamespace(
        id=cid,
        doc=cid[0],
        start=start,
        end=start + len(sub),
        text=sub,
        speaker=speaker,
        title=title,
    )


def _fake_comparison():
    claims = [
        _claim("A1", TEXT_A, "Talks held", title=True),
        _claim("A2", TEXT_A, "Li met Zhao on Monday."),
        _claim("A3", TEXT_A, "China will sign four deals", speaker="Li"),
        _claim("A4", TEXT_A, "Li praised Zhao.", speaker="Li"),
        _claim("B1", TEXT_B, "Zhao meets Li", title=True),
        _claim("B2", TEXT_B, "Zhao met Li on Monday."),
        _claim("B3", TEXT_B, "China may sign two deals", speaker="Zhao"),  # wrong speaker
        _claim("B4", TEXT_B, "Zhao left early."),
        _claim("C1", TEXT_C, "Li and Zhao meet", title=True),
        _claim("C2", TEXT_C, "The two met on Monday."),
        _claim("C3", TEXT_C, "Li praised Zhao warmly.", speaker="Li"),
        _claim("C4", TEXT_C, "Rain", speaker=None),  # maps to no gold claim ("Rain fell")
    ]

    def match(ids, relation="equivalent", conflicts=(), shift=None):
        return SimpleNamespace(
            claims=ids, relation=relation, score=0.8, conflicts=conflicts, shift=shift
        )

    number = SimpleNamespace(kind="number", detail="four vs two", spans={"A3": (), "B3": ()})
    time = SimpleNamespace(kind="time", detail="bogus", spans={"A3": (), "B3": ()})
    matches = [
        match(("A2", "B2")),
        match(("A2", "C2")),
        match(
            ("A3", "B3"),
            "conflict",
            (number, time),
            SimpleNamespace(stronger="A3", softer="B3", amount=0.5),
        ),
        match(("A4", "C3"), "partial", (), SimpleNamespace(stronger="A4", softer="C3", amount=0.2)),
        match(("B4", "C4")),  # wrong: B4 is one-sided, C4 unmapped
    ]
    matched = {cid for m in matches for cid in m.claims}
    summary = [
        SimpleNamespace(kind="unique_terms", title="skipped", claims=("A1",), doc="A"),
        SimpleNamespace(kind="conflict", title="c", claims=("A3", "B3"), doc=None),
        SimpleNamespace(kind="only", title="o", claims=("A1",), doc="A"),
        SimpleNamespace(kind="softening", title="s", claims=("A3", "B3"), doc=None),
        SimpleNamespace(kind="omission", title="m", claims=("A2", "C2"), doc="B"),
        SimpleNamespace(kind="omission", title="m", claims=("A2", "B2"), doc="C"),
        SimpleNamespace(kind="only", title="beyond five", claims=("B4",), doc="B"),
    ]
    return SimpleNamespace(
        claims=claims,
        matches=matches,
        summary=summary,
        unmatched=tuple(c.id for c in claims if c.id not in matched),
    )


def test_score_set_on_a_fake_comparison(tmp_path):
    g = _fake_set(tmp_path)
    assert g.one_sided == {"B4", "C4"}
    omissions = {(doc, tuple(sorted(group))) for doc, group in g.omissions}
    assert omissions == {("C", ("A3", "B3")), ("B", ("A4", "C3"))}  # A2,B2,C2 is in all
    result = gold.score_set(g, _fake_comparison())
    # system pairs: A2-B2, A2-C2 right; A3-B3 right; A4-C3 right; B4-C4 wrong -> 4/5;
    # gold links found: A2-B2, A2-C2, A3-B3, A4-C3 of six
    assert result["links"] == (4, 5, 4, 6)
    assert result["conflicts"]["number"] == (1, 1, 1, 1)
    assert result["conflicts"]["time"] == (0, 1, 0, 0)
    assert result["shifts"] == (1, 2, 1, 1, 1)  # A3>B3 right; A4>C3 is a gold partial
    assert result["softer"] == (1, 1)
    # system one-sided: A1, B1, C1 are titles (skipped); none unmatched left -> 0 system;
    # gold one-sided B4 and C4 both missed
    assert result["one_sided"] == (0, 0, 0, 2)
    # speakers right: titles and narration (A1 A2 B1 B2 B4 C1 C2) 7, A3 A4 C3 3; B3 wrong;
    # C4 has no system claim containing "Rain fell" -> wrong
    assert result["speakers"] == (10, 12)
    # first five non-unique_terms findings: conflict (number+time, time not gold: wrong),
    # only A1 (title: wrong), softening A3>B3 (right), omission by B of A2,C2 (wrong: B
    # reports it), omission by C (wrong)
    assert [right for right, _, _ in result["findings"]] == [False, False, True, False, False]
    assert result["summary"] == (1, 5)
    figures = gold.aggregate([result, result])
    assert figures["link_precision"] == pytest.approx(0.8)
    assert figures["link_recall"] == pytest.approx(4 / 6)
    assert figures["link_f1"] == pytest.approx(2 * 0.8 * (4 / 6) / (0.8 + 4 / 6))
    assert figures["conflict_precision"] == pytest.approx(0.5)
    assert figures["conflict_recall"] == pytest.approx(1.0)
    assert figures["conflict_by_kind"]["time"]["precision"] == 0.0
    assert figures["softer_side"] == 1.0
    assert figures["shift_precision"] == pytest.approx(0.5)
    assert figures["shifts"]["partial_as_softening"] == 2
    assert figures["one_sided_precision"] is None and figures["one_sided_recall"] == 0.0
    assert figures["speaker_accuracy"] == pytest.approx(10 / 12)
    assert figures["summary_p5"] == pytest.approx(0.2)


def test_omission_and_one_sided_findings_judged(tmp_path):
    g = _fake_set(tmp_path)
    # drop the C side of the meeting: A2,B2 is then reported by all but C
    g.links = {p for p in g.links if not p & {"C2"}}
    g.groups = gold._union_find(g.claims, g.links)
    comparison = _fake_comparison()
    mapped = gold._mapping(g, comparison)
    omission = SimpleNamespace(kind="omission", claims=("A2", "B2"), doc="C")
    assert gold.judge_finding(g, comparison, mapped, omission)[0] is True
    only = SimpleNamespace(kind="only", claims=("B4",), doc="B")
    assert gold.judge_finding(g, comparison, mapped, only)[0] is True
    other = SimpleNamespace(kind="unique_terms", claims=("B4",), doc="B")
    assert gold.judge_finding(g, comparison, mapped, other)[0] is False
