"""Score `readouts.compare` against the hand-labelled multi-account sets in benchmarks/gold/.

Each set (``benchmarks/gold/<name>.json``, format in benchmarks/gold/README.md) gives two
to four accounts of one event; every sentence is a gold claim, located by a substring
unique in its document. The scorer runs ``readouts.compare`` on each set and reports,
per set and overall: link P/R/F1, conflict P/R (overall and by kind), softer-side
accuracy with shift precision and recall, one-sided P/R, speaker accuracy and summary
precision at 5. Usage:

    python benchmarks/gold.py [--backend lexical|fused|semantic|auto] [--set NAME] [--verbose]
                              [--dir benchmarks/gold/multilingual]

The cross-language sets in benchmarks/gold/multilingual/ (Russian, Chinese and English
accounts) are in the same format, with a ``lang`` per document and a ``speaker_ids`` table;
they are scored only when ``--dir`` names that folder.

The module is plain functions (:func:`load_set`, :func:`score_set`, :func:`aggregate`) over
duck-typed results, so tests can score a hand-made comparison without spaCy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD_DIR = Path(__file__).resolve().parent / "gold"
KINDS = ("number", "time", "negation", "stance", "speaker")
STYLES = ("readouts", "wire", "newspaper", "mixed")
DOC_IDS = "ABCD"
LANGS = ("en", "ru", "zh")
SUMMARY_K = 5

Pair = frozenset  # frozenset of two gold claim ids


class GoldError(ValueError):
    """A malformed gold set (the message names the set and the claim)."""


@dataclass(frozen=True)
class GoldClaim:
    id: str
    doc: str
    substring: str
    start: int
    end: int


@dataclass
class GoldSet:
    name: str
    style: str
    description: str
    documents: list[tuple[str, str]]  # (label, text), ids A, B, ... in order
    claims: dict[str, GoldClaim]
    titles: set[str]
    links: set[Pair]
    conflicts: dict[Pair, set[str]]
    shifts: dict[Pair, tuple[str, str]]  # pair -> (stronger, softer)
    partial: set[Pair]
    speakers: dict[str, Any]
    path: Path | None = None
    groups: list[set[str]] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)  # per document, when the set gives them
    speaker_ids: dict[str, str] = field(default_factory=dict)  # name as written -> person

    @property
    def doc_ids(self) -> list[str]:
        return list(DOC_IDS[: len(self.documents)])

    def claims_of(self, doc: str) -> list[GoldClaim]:
        return sorted((c for c in self.claims.values() if c.doc == doc), key=lambda c: c.start)

    @property
    def linked(self) -> set[str]:
        return {cid for pair in self.links for cid in pair}

    @property
    def one_sided(self) -> set[str]:
        """Non-title claims no other account reports."""
        return {cid for cid in self.claims if cid not in self.titles and cid not in self.linked}

    @property
    def omissions(self) -> list[tuple[str, set[str]]]:
        """(document that leaves it out, group) for groups every other document reports."""
        if len(self.documents) < 3:
            return []
        found = []
        for group in self.groups:
            docs = {self.claims[cid].doc for cid in group}
            missing = set(self.doc_ids) - docs
            if len(missing) == 1 and not group & self.titles:
                found.append((missing.pop(), group))
        return found

    def group_of(self, cid: str) -> set[str]:
        for group in self.groups:
            if cid in group:
                return group
        return {cid}


# --- loading ----------------------------------------------------------------------------


def _pair(name: str, ids: Sequence[str], claims: dict[str, GoldClaim], what: str) -> Pair:
    if len(ids) != 2:
        raise GoldError(f"{name}: {what} {list(ids)} must name two claims")
    for cid in ids:
        if cid not in claims:
            raise GoldError(f"{name}: {what} {list(ids)} names unknown claim {cid}")
    if claims[ids[0]].doc == claims[ids[1]].doc:
        raise GoldError(f"{name}: {what} {list(ids)} joins two claims of one document")
    return frozenset(ids)


def _union_find(ids: Iterable[str], links: Iterable[Pair]) -> list[set[str]]:
    parent = {cid: cid for cid in ids}

    def root(cid: str) -> str:
        while parent[cid] != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid

    for pair in links:
        a, b = sorted(pair)
        parent[root(a)] = root(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for cid in parent:
        groups[root(cid)].add(cid)
    return [g for g in groups.values() if len(g) > 1]


def load_set(path: str | Path) -> GoldSet:
    """Read and check one gold set; a malformed one raises :class:`GoldError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GoldError(f"{path.stem}: cannot read: {error}") from error
    name = data.get("name") or path.stem
    documents = [(d["label"], d["text"]) for d in data["documents"]]
    if not 2 <= len(documents) <= 4:
        raise GoldError(f"{name}: {len(documents)} documents (2-4 expected)")
    langs = [d.get("lang") for d in data["documents"]]
    if any(langs) and not all(lang in LANGS for lang in langs):
        raise GoldError(f"{name}: document languages {langs} (each one of {', '.join(LANGS)})")
    texts = dict(zip(DOC_IDS, (text for _, text in documents)))
    claims: dict[str, GoldClaim] = {}
    for cid, value in data["claims"].items():
        doc, substring = value
        if doc not in texts or not cid.startswith(doc):
            raise GoldError(f"{name}: claim {cid} names document {doc!r}")
        text = texts[doc]
        start = text.find(substring)
        if not substring or start < 0:
            raise GoldError(f"{name}: claim {cid}: substring {substring!r} not in document {doc}")
        if text.find(substring, start + 1) >= 0:
            raise GoldError(f"{name}: claim {cid}: substring {substring!r} not unique in {doc}")
        claims[cid] = GoldClaim(cid, doc, substring, start, start + len(substring))
    titles = set(data.get("titles", []))
    for cid in titles:
        if cid not in claims:
            raise GoldError(f"{name}: title {cid} is not a claim")
    links = {_pair(name, p, claims, "link") for p in data.get("links", [])}
    conflicts: dict[Pair, set[str]] = defaultdict(set)
    for item in data.get("conflicts", []):
        pair = _pair(name, item["claims"], claims, "conflict")
        if item["kind"] not in KINDS:
            raise GoldError(f"{name}: conflict {item['claims']} has kind {item['kind']!r}")
        if pair not in links:
            raise GoldError(f"{name}: conflict {item['claims']} is not a link")
        conflicts[pair].add(item["kind"])
    shifts: dict[Pair, tuple[str, str]] = {}
    for item in data.get("shifts", []):
        pair = _pair(name, [item["stronger"], item["softer"]], claims, "shift")
        if pair not in links:
            raise GoldError(f"{name}: shift {sorted(pair)} is not a link")
        shifts[pair] = (item["stronger"], item["softer"])
    partial = {_pair(name, p, claims, "partial") for p in data.get("partial", [])}
    for pair in partial:
        if pair not in links:
            raise GoldError(f"{name}: partial {sorted(pair)} is not a link")
    speakers = dict(data.get("speakers", {}))
    for cid in speakers:
        if cid not in claims:
            raise GoldError(f"{name}: speaker given for unknown claim {cid}")
    speaker_ids = dict(data.get("speaker_ids", {}))
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in speaker_ids.items()):
        raise GoldError(f"{name}: speaker_ids must map names to person ids (strings)")
    gold = GoldSet(
        name=name,
        style=data.get("style", ""),
        description=data.get("description", ""),
        documents=documents,
        claims=claims,
        titles=titles,
        links=links,
        conflicts=dict(conflicts),
        shifts=shifts,
        partial=partial,
        speakers=speakers,
        path=path,
        langs=langs if any(langs) else [],
        speaker_ids=speaker_ids,
    )
    gold.groups = _union_find(claims, links)
    return gold


def load_sets(names: Sequence[str] | None = None, directory: Path = GOLD_DIR) -> list[GoldSet]:
    paths = sorted(directory.glob("*.json"))
    if names:
        paths = [p for p in paths if p.stem in names]
    return [load_set(p) for p in paths]


# A small sentence splitter, used only to check that the gold covers every sentence: a
# sentence ends at . ! ? (with closing quotes) before a capital (Latin or Cyrillic) or an
# opening quote, at a Chinese 。！？ (with closing quotes) before any further text, or at
# a line break; the abbreviations below (and a TASS dateline's "/TASS/.") do not end one.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col sen rep st jan feb aug sept sep oct nov dec no u.s u.n u.k "
    "e.u p.m a.m maj adm gov prof jr sr corp inc co vs".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)»]*\s+(?=[\"“‘(«]?[A-Z0-9А-ЯЁ])|[。！？][”’」』）]*\s*(?=\S)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` by the simple rule above."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            if boundary.group()[0] == ".":
                before = text[start : boundary.start()].split()
                token = before[-1].lstrip("\"'“‘(«").lower() if before else ""
                if token in ABBREVIATIONS or len(token) == 1 or token.startswith("/"):
                    continue
            end = boundary.start() + len(boundary.group().rstrip())
            spans.append((start, end))
            start = boundary.end()
        if text[start : line.end()].strip():
            spans.append((start, line.end()))
    return spans


def coverage_errors(gold: GoldSet) -> list[str]:
    """Sentences of each document holding no claim or several, and claims out of order."""
    errors = []
    for doc, (_label, text) in zip(gold.doc_ids, gold.documents):
        claims = gold.claims_of(doc)
        expected = [f"{doc}{i}" for i in range(1, len(claims) + 1)]
        if [c.id for c in claims] != expected:
            order = [c.id for c in claims]
            errors.append(f"{gold.name}: claims of {doc} in text order are {order}")
        for start, end in sentences(text):
            inside = [c.id for c in claims if start <= c.start and c.end <= end]
            if len(inside) != 1:
                errors.append(
                    f"{gold.name}: sentence {text[start:end][:60]!r} of {doc} holds {inside}"
                )
    return errors


# --- scoring ----------------------------------------------------------------------------


def _mapping(gold: GoldSet, comparison: Any) -> dict[str, set[str]]:
    """System claim id -> gold claim ids whose substring lies inside its span."""
    mapped: dict[str, set[str]] = {}
    for claim in comparison.claims:
        mapped[claim.id] = {
            g.id
            for g in gold.claims.values()
            if g.doc == claim.doc and claim.start <= g.start and g.end <= claim.end
        }
    return mapped


def _system_pairs(comparison: Any) -> list[tuple[Any, tuple[str, str]]]:
    """(match, (claim id, claim id)) for every pair of claims of different documents."""
    docs = {claim.id: claim.doc for claim in comparison.claims}
    pairs = []
    for match in comparison.matches:
        ids = list(match.claims)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if docs.get(a) != docs.get(b):
                    pairs.append((match, (a, b)))
    return pairs


def _gold_pairs(mapped: dict[str, set[str]], a: str, b: str) -> set[Pair]:
    return {frozenset((g, h)) for g in mapped.get(a, ()) for h in mapped.get(b, ()) if g != h}


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return 2 * p * r / (p + r)


def _speaker_right(gold_value: Any, system: str | None) -> bool:
    if gold_value is None or system is None:
        return gold_value is None and system is None

    def norm(name: str) -> str:
        words = name.lower().split()
        return " ".join(words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words)

    if isinstance(gold_value, list):
        parts = {norm(p) for p in re.split(r",\s*|\s+and\s+", system) if p.strip()}
        return parts == {norm(p) for p in gold_value}
    return norm(gold_value) == norm(system)


def score_set(gold: GoldSet, comparison: Any) -> dict[str, Any]:
    """Counts (and error notes) for one set; :func:`aggregate` turns counts into figures."""
    mapped = _mapping(gold, comparison)
    system_claims = {claim.id: claim for claim in comparison.claims}
    notes: list[str] = []
    label = {doc: lab for doc, (lab, _) in zip(gold.doc_ids, gold.documents)}

    def show(cid: str) -> str:
        c = gold.claims[cid]
        return f"{cid}[{label[c.doc]}] {c.substring!r}"

    def show_sys(cid: str) -> str:
        claim = system_claims.get(cid)
        text = getattr(claim, "text", "") if claim else ""
        golds = ",".join(sorted(mapped.get(cid, ()))) or "unmapped"
        return f"{cid}({golds}) {text[:80]!r}"

    # links
    pairs = _system_pairs(comparison)
    seen: set[tuple[str, str]] = set()
    link_right = link_total = 0
    found_links: set[Pair] = set()
    for match, (a, b) in pairs:
        if (a, b) in seen:
            continue
        seen.add((a, b))
        link_total += 1
        hit = _gold_pairs(mapped, a, b) & gold.links
        if hit:
            link_right += 1
            found_links |= hit
        else:
            notes.append(
                f"link FP ({match.relation} {match.score:.2f}): {show_sys(a)} ~ {show_sys(b)}"
            )
    for pair in sorted(gold.links - found_links, key=sorted):
        a, b = sorted(pair)
        notes.append(f"link FN: {show(a)} ~ {show(b)}")

    # conflicts
    conflict_sys: dict[str, list[int]] = {k: [0, 0] for k in KINDS}  # kind -> [right, total]
    conflict_found: set[tuple[Pair, str]] = set()
    seen_conflicts: set[tuple[tuple[str, str], str]] = set()
    for match, (a, b) in pairs:
        for conflict in getattr(match, "conflicts", ()):
            keys = set(getattr(conflict, "spans", {}) or {})
            if keys and not ({a, b} <= keys or len(match.claims) == 2):
                continue
            key = ((a, b), conflict.kind)
            if key in seen_conflicts:
                continue
            seen_conflicts.add(key)
            counts = conflict_sys.setdefault(conflict.kind, [0, 0])
            counts[1] += 1
            hits = {
                (p, conflict.kind)
                for p in _gold_pairs(mapped, a, b)
                if conflict.kind in gold.conflicts.get(p, set())
            }
            if hits:
                counts[0] += 1
                conflict_found |= hits
            else:
                notes.append(
                    f"conflict FP {conflict.kind}: {show_sys(a)} ~ {show_sys(b)}"
                    f" ({getattr(conflict, 'detail', '')})"
                )
    conflict_gold = {k: 0 for k in KINDS}
    conflict_gold_found = {k: 0 for k in KINDS}
    for pair, kinds in gold.conflicts.items():
        for kind in kinds:
            conflict_gold[kind] += 1
            if (pair, kind) in conflict_found:
                conflict_gold_found[kind] += 1
            else:
                a, b = sorted(pair)
                notes.append(f"conflict FN {kind}: {show(a)} ~ {show(b)}")

    # shifts
    shift_right = shift_partial = shift_total = 0
    softer_right = softer_judged = 0
    shift_found: set[Pair] = set()
    for match in comparison.matches:
        shift = getattr(match, "shift", None)
        if shift is None:
            continue
        shift_total += 1
        golds = _gold_pairs(mapped, shift.stronger, shift.softer)
        hit = golds & set(gold.shifts)
        if hit:
            shift_right += 1
            pair = sorted(hit, key=sorted)[0]
            shift_found.add(pair)
            softer_judged += 1
            if gold.shifts[pair][1] in mapped.get(shift.softer, ()):
                softer_right += 1
            else:
                notes.append(f"softer side wrong: system says {show_sys(shift.softer)} is softer")
        elif golds & gold.partial:
            shift_partial += 1
            notes.append(
                f"partial reported as softening: {show_sys(shift.stronger)} > "
                f"{show_sys(shift.softer)}"
            )
        else:
            notes.append(f"shift FP: {show_sys(shift.stronger)} > {show_sys(shift.softer)}")
    for pair, (stronger, softer) in gold.shifts.items():
        if pair not in shift_found:
            notes.append(f"shift FN: {show(stronger)} > {show(softer)}")

    # one-sided
    unmatched = set(comparison.unmatched)
    system_only = [cid for cid in unmatched if not getattr(system_claims.get(cid), "title", False)]
    gold_only = gold.one_sided
    only_right = 0
    only_found: set[str] = set()
    for cid in system_only:
        hit = mapped.get(cid, set()) & gold_only
        if hit:
            only_right += 1
            only_found |= hit
        else:
            notes.append(f"one-sided FP: {show_sys(cid)}")
    for cid in sorted(gold_only - only_found):
        notes.append(f"one-sided FN: {show(cid)}")

    # speakers
    speaker_right = 0
    for cid in gold.claims:
        holders = [s for s, golds in mapped.items() if cid in golds]
        system = getattr(system_claims[holders[0]], "speaker", None) if holders else None
        if holders and _speaker_right(gold.speakers.get(cid), system):
            speaker_right += 1
        else:
            where = "no system claim" if not holders else f"system {system!r}"
            notes.append(f"speaker: {show(cid)}: gold {gold.speakers.get(cid)!r}, {where}")

    # summary precision at 5
    summary_right = 0
    judged: list[tuple[bool, str, str]] = []
    for finding in [f for f in comparison.summary if f.kind != "unique_terms"][:SUMMARY_K]:
        right, why = judge_finding(gold, comparison, mapped, finding)
        summary_right += right
        judged.append((right, getattr(finding, "title", finding.kind), why))

    return {
        "name": gold.name,
        "links": (link_right, link_total, len(found_links), len(gold.links)),
        "conflicts": {
            k: (
                conflict_sys.get(k, [0, 0])[0],
                conflict_sys.get(k, [0, 0])[1],
                conflict_gold_found[k],
                conflict_gold[k],
            )
            for k in KINDS
        },
        "shifts": (shift_right, shift_total, len(shift_found), len(gold.shifts), shift_partial),
        "softer": (softer_right, softer_judged),
        "one_sided": (only_right, len(system_only), len(only_found), len(gold_only)),
        "speakers": (speaker_right, len(gold.claims)),
        "summary": (summary_right, len(judged)),
        "findings": judged,
        "notes": notes,
    }


def judge_finding(
    gold: GoldSet, comparison: Any, mapped: dict[str, set[str]], finding: Any
) -> tuple[bool, str]:
    """Whether one summary finding is right by the gold, and why."""
    kind = finding.kind
    claims = list(finding.claims)
    golds = [mapped.get(cid, set()) for cid in claims]
    if any(not g for g in golds):
        return False, "a claim maps to no gold sentence"
    if kind == "only":
        hit = golds[0] & gold.one_sided
        if hit:
            return True, f"{','.join(sorted(hit))} is one-sided"
        titles = golds[0] & gold.titles
        if titles:
            return False, f"{','.join(sorted(titles))} is a title"
        others = {c for g in golds[0] for p in gold.links if g in p for c in p if c != g}
        return False, f"gold links it to {','.join(sorted(others))}"
    if kind == "omission":
        for missing, group in gold.omissions:
            if missing == finding.doc and all(g & group for g in golds):
                return True, f"gold group {','.join(sorted(group))} leaves out {missing}"
        return False, f"no gold group of all accounts but {finding.doc} holds these claims"
    if kind == "conflict":
        # A finding over three or more accounts stands for the pairwise matches among its
        # claims: their conflicts are its conflicts.
        inside = [m for m in comparison.matches if set(m.claims) <= set(claims)]
        kinds = {c.kind for m in inside for c in getattr(m, "conflicts", ())}
        gold_kinds = set()
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                for pair in _gold_pairs(mapped, a, b):
                    gold_kinds |= gold.conflicts.get(pair, set())
        if kinds and kinds <= gold_kinds:
            return True, f"gold conflict {sorted(gold_kinds)}"
        return False, f"system {sorted(kinds)}, gold {sorted(gold_kinds) or 'none'}"
    if kind == "softening":
        stronger, softer = golds[0], golds[1]
        for g_strong, g_soft in gold.shifts.values():
            if g_strong in stronger and g_soft in softer:
                return True, f"gold shift {g_strong} > {g_soft}"
        pairs = {frozenset((a, b)) for a in stronger for b in softer}
        if pairs & gold.partial:
            return False, "gold says partial, not a softening"
        if pairs & set(gold.shifts):
            return False, "gold shift goes the other way"
        return False, "no gold shift"
    return False, f"kind {kind!r} is not judged right"


def aggregate(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Figures over one or more sets' counts (micro-averaged)."""

    def total(key: str, width: int) -> list[int]:
        sums = [0] * width
        for r in results:
            for i, value in enumerate(r[key][:width]):
                sums[i] += value
        return sums

    lr, lt, lf, lg = total("links", 4)
    link_p, link_r = _ratio(lr, lt), _ratio(lf, lg)
    by_kind = {}
    cr = ct = cf = cg = 0
    for kind in KINDS:
        kr, kt, kf, kg = (sum(r["conflicts"][kind][i] for r in results) for i in range(4))
        by_kind[kind] = {
            "precision": _ratio(kr, kt),
            "recall": _ratio(kf, kg),
            "system": kt,
            "gold": kg,
        }
        cr, ct, cf, cg = cr + kr, ct + kt, cf + kf, cg + kg
    sr, st, sf, sg, sp = total("shifts", 5)
    soft_r, soft_j = total("softer", 2)
    orr, ot, of, og = total("one_sided", 4)
    spr, spt = total("speakers", 2)
    smr, smt = total("summary", 2)
    return {
        "sets": len(results),
        "link_precision": link_p,
        "link_recall": link_r,
        "link_f1": _f1(link_p, link_r),
        "links": {"system": lt, "gold": lg},
        "conflict_precision": _ratio(cr, ct),
        "conflict_recall": _ratio(cf, cg),
        "conflicts": {"system": ct, "gold": cg},
        "conflict_by_kind": by_kind,
        "softer_side": _ratio(soft_r, soft_j),
        "softer_judged": soft_j,
        "shift_precision": _ratio(sr, st),
        "shift_recall": _ratio(sf, sg),
        "shifts": {"system": st, "gold": sg, "partial_as_softening": sp},
        "one_sided_precision": _ratio(orr, ot),
        "one_sided_recall": _ratio(of, og),
        "one_sided": {"system": ot, "gold": og},
        "speaker_accuracy": _ratio(spr, spt),
        "summary_p5": _ratio(smr, smt),
        "summary_judged": smt,
    }


def run_set(
    gold: GoldSet, backend: str = "lexical", threshold: float | None = None
) -> dict[str, Any]:
    import readouts

    documents = [readouts.Document(text, label=label) for label, text in gold.documents]
    comparison = readouts.compare(documents, backend=backend, match_threshold=threshold)
    return score_set(gold, comparison)


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_figures(name: str, figures: dict[str, Any]) -> str:
    f = figures
    kinds = " ".join(
        f"{k} {_fmt(v['precision'])}/{_fmt(v['recall'])} ({v['system']}/{v['gold']})"
        for k, v in f["conflict_by_kind"].items()
        if v["system"] or v["gold"]
    )
    return "\n".join(
        [
            f"== {name}",
            f"  links      P {_fmt(f['link_precision'])} R {_fmt(f['link_recall'])} "
            f"F1 {_fmt(f['link_f1'])}  (system {f['links']['system']}, gold {f['links']['gold']})",
            f"  conflicts  P {_fmt(f['conflict_precision'])} R {_fmt(f['conflict_recall'])}  "
            f"(system {f['conflicts']['system']}, gold {f['conflicts']['gold']})  by kind P/R: "
            f"{kinds or '-'}",
            f"  shifts     softer side {_fmt(f['softer_side'])} (of {f['softer_judged']})  "
            f"P {_fmt(f['shift_precision'])} R {_fmt(f['shift_recall'])}  (system "
            f"{f['shifts']['system']}, gold {f['shifts']['gold']}, partial reported as "
            f"softening {f['shifts']['partial_as_softening']})",
            f"  one-sided  P {_fmt(f['one_sided_precision'])} R {_fmt(f['one_sided_recall'])}  "
            f"(system {f['one_sided']['system']}, gold {f['one_sided']['gold']})",
            f"  speakers   {_fmt(f['speaker_accuracy'])}",
            f"  summary@5  {_fmt(f['summary_p5'])} (of {f['summary_judged']})",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend",
        default="lexical",
        choices=["lexical", "fused", "semantic", "multilingual", "auto"],
    )
    parser.add_argument("--set", action="append", dest="sets", metavar="NAME")
    parser.add_argument(
        "--dir", type=Path, default=GOLD_DIR, help="folder of sets (default benchmarks/gold)"
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--threshold", type=float, default=None, help="match threshold (default: fitted)"
    )
    args = parser.parse_args(argv)
    try:
        sets = load_sets(args.sets, args.dir)
    except GoldError as error:
        print(f"gold: {error}", file=sys.stderr)
        return 2
    if not sets:
        print("gold: no sets found", file=sys.stderr)
        return 2
    import readouts

    results = []
    failed = 0
    for gold in sets:
        try:
            result = run_set(gold, args.backend, args.threshold)
        except readouts.ReadoutsError as error:
            print(f"gold: {gold.name}: {error}", file=sys.stderr)
            failed += 1
            continue
        results.append(result)
        if not args.json:
            print(format_figures(gold.name, aggregate([result])))
        if args.verbose:
            for right, title, why in result["findings"]:
                print(f"    {'RIGHT' if right else 'WRONG'} {title[:150]}  -- {why}")
            for note in result["notes"]:
                print(f"    {note}")
        sys.stdout.flush()
    if not results:
        return 1
    figures = aggregate(results)
    if args.json:
        print(
            json.dumps(
                {
                    "backend": args.backend,
                    "overall": figures,
                    "sets": {r["name"]: aggregate([r]) for r in results},
                },
                indent=1,
            )
        )
    else:
        print(format_figures(f"overall ({len(results)} sets, backend {args.backend})", figures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
