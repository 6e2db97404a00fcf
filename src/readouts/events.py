"""Documents grouped into events: by date, shared names and what their claims say.

Every document is profiled from its claims (read once, at ingest): its names, numbers,
times and content words, each counted once, weighted by how few of the documents grouped
say them (:func:`weighted`). Only pairs that share at least one name of few documents and
lie within a date window of each other are scored (the blocking that keeps the cost about
linear in the number of documents); a pair's score is the cosine of the two weighted
profiles.
Groups are then built by average linkage over the scored pairs: two groups join while the
mean score of all their cross pairs (an unscored pair counting 0) reaches
:data:`LINK_THRESHOLD`, so one strong pair cannot chain two unrelated stories together (a
false merge fakes corroboration). Every event says why it holds: the names its documents
share, the days they span, and its weakest link.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from readouts.claims import Claim
from readouts.terms import weight

# Fitted on the PAC train stories (benchmarks/events.py --fit); see docs/benchmarks.md.
LINK_THRESHOLD = 0.05
# How strongly rarity among the documents grouped weighs (benchmarks/events.py: 3 was best
# of 1, 1.5, 2 and 3 on the PAC train stories, with names, words, numbers and times alike).
IDF_POWER = 3.0
# Days apart two documents may be and still report one event.
DATE_WINDOW = 3
# A name shared by more documents than this names a topic, not an event: it proposes no
# pair (it still counts in the score).
MAX_BLOCK = 50


@dataclass(frozen=True)
class Profile:
    """One document as grouping sees it: its id, day of publication (ISO) and weighted
    terms (kind-prefixed keys: "entity:li wenqing", "word:parliament")."""

    id: str
    day: str | None
    terms: Mapping[str, float]
    names: frozenset[str] = frozenset()

    @property
    def norm(self) -> float:
        return math.sqrt(sum(value * value for value in self.terms.values()))


@dataclass(frozen=True)
class Event:
    """A group of documents reporting one event, and why they are one."""

    members: tuple[str, ...]
    shared_names: tuple[str, ...] = ()
    first_day: str | None = None
    last_day: str | None = None
    # The lowest score of a pair inside the event that joined it (1.0 for one document).
    weakest: float = 1.0
    scores: Mapping[tuple[str, str], float] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "members": list(self.members),
            "shared_names": list(self.shared_names),
            "first_day": self.first_day,
            "last_day": self.last_day,
            "weakest": round(self.weakest, 3),
        }


def profile(doc_id: str, claims: Sequence[Claim], day: str | None = None) -> Profile:
    """The profile of a document from its claims (each term counted once)."""
    terms: dict[str, float] = {}
    names: set[str] = set()
    for claim in claims:
        for term in claim.terms:
            key = f"{term.kind}:{term.key}"
            if key in terms:
                continue
            terms[key] = 1.0
            if term.kind == "entity":
                names.add(term.key)
    return Profile(doc_id, day, terms, frozenset(names))


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def candidate_pairs(
    profiles: Sequence[Profile], *, window: int = DATE_WINDOW, max_block: int = MAX_BLOCK
) -> set[tuple[int, int]]:
    """Pairs (i < j) at most ``window`` days apart that share a name which at most
    ``max_block`` documents of those days hold (a name of every day's news, "United
    States", proposes nothing; it still counts in the score). A document without a date
    pairs with the holders of a name only when there are at most ``max_block`` of them."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(profiles):
        for name in item.names:
            holders[name].append(index)
    days = [_day(item.day) for item in profiles]
    pairs: set[tuple[int, int]] = set()

    def add(i: int, j: int) -> None:
        if i != j:
            pairs.add((i, j) if i < j else (j, i))

    for indices in holders.values():
        if len(indices) < 2:
            continue
        dated = sorted((i for i in indices if days[i] is not None), key=lambda i: days[i])
        undated = [i for i in indices if days[i] is None]
        if undated and len(indices) <= max_block:
            for i in undated:
                for j in indices:
                    add(i, j)
        begin = end = 0
        for position, i in enumerate(dated):
            end = max(end, position + 1)
            while end < len(dated) and (days[dated[end]] - days[i]).days <= window:
                end += 1
            while (days[i] - days[dated[begin]]).days > window:
                begin += 1
            if end - begin > max_block:
                continue  # a name of everybody's news these days
            for j in dated[position + 1 : end]:
                add(i, j)
    return pairs


def similarity(first: Profile, second: Profile) -> float:
    """Cosine of two profiles."""
    if len(first.terms) > len(second.terms):
        first, second = second, first
    dot = sum(value * second.terms.get(key, 0.0) for key, value in first.terms.items())
    norms = first.norm * second.norm
    return dot / norms if norms else 0.0


def weighted(profiles: Sequence[Profile], power: float = IDF_POWER) -> list[Profile]:
    """``profiles`` with each term weighted by its inverse document frequency among them,
    to the ``power`` (smoothed: ``(1 + log((1 + n) / (1 + df))) ** power``): what few of
    these documents say is what ties two of them to one event."""
    from dataclasses import replace

    counts: Counter[str] = Counter(key for item in profiles for key in item.terms)
    total = len(profiles)
    return [
        replace(
            item,
            terms={
                key: (1.0 + math.log((1 + total) / (1 + counts[key]))) ** power
                for key in item.terms
            },
        )
        for item in profiles
    ]


def scored_pairs(
    profiles: Sequence[Profile], pairs: Iterable[tuple[int, int]] | None = None
) -> dict[tuple[int, int], float]:
    """The score of every candidate pair (:func:`candidate_pairs` by default): the cosine
    of the two profiles weighted by :func:`weighted`."""
    chosen = candidate_pairs(profiles) if pairs is None else pairs
    reweighted = weighted(profiles)
    return {(i, j): similarity(reweighted[i], reweighted[j]) for i, j in chosen}


def group(
    profiles: Sequence[Profile],
    *,
    threshold: float = LINK_THRESHOLD,
    scores: Mapping[tuple[int, int], float] | None = None,
    together: Iterable[tuple[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
) -> list[Event]:
    """Events of ``profiles`` by average linkage over the scored pairs, in order of each
    event's first document. ``together`` pairs of ids are always in one event and
    ``apart`` pairs never are (a user's decisions, which no automatic run undoes)."""
    scores = scored_pairs(profiles) if scores is None else scores
    index_of = {item.id: index for index, item in enumerate(profiles)}
    forced = [(index_of[a], index_of[b]) for a, b in together if a in index_of and b in index_of]
    forbidden = {
        frozenset((index_of[a], index_of[b]))
        for a, b in apart
        if a in index_of and b in index_of and a != b
    }
    import heapq

    cluster_of = list(range(len(profiles)))
    members: dict[int, set[int]] = {index: {index} for index in range(len(profiles))}
    # Sum of the scores between two clusters, over scored pairs: neighbours[a][b].
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), value in scores.items():
        if i != j:
            neighbours[i][j] = neighbours[i].get(j, 0.0) + value
            neighbours[j][i] = neighbours[j].get(i, 0.0) + value
    stamp = [0] * len(profiles)
    heap: list[tuple[float, int, int, int, int]] = []

    def offer(a: int) -> None:
        """Queue every pair of cluster ``a`` with a neighbour, by mean score."""
        for b, total in neighbours[a].items():
            mean = total / (len(members[a]) * len(members[b]))
            if mean >= threshold:
                low, high = min(a, b), max(a, b)
                heapq.heappush(heap, (-mean, low, high, stamp[low], stamp[high]))

    def link(a: int, b: int) -> int:
        """Merge cluster b into a (the larger survives); returns the survivor."""
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for index in members[b]:
            cluster_of[index] = a
        members[a] |= members.pop(b)
        for other, value in neighbours.pop(b, {}).items():
            del neighbours[other][b]
            if other != a:
                neighbours[a][other] = neighbours[a].get(other, 0.0) + value
                neighbours[other][a] = neighbours[other].get(a, 0.0) + value
        neighbours[a].pop(a, None)
        stamp[a] += 1
        return a

    def allowed(a: int, b: int) -> bool:
        return not forbidden or not any(
            frozenset((x, y)) in forbidden for x in members[a] for y in members[b]
        )

    for i, j in forced:
        a, b = cluster_of[i], cluster_of[j]
        if a != b:
            link(a, b)
    for cluster in list(members):
        offer(cluster)
    weakest: dict[int, float] = {}
    while heap:
        negative, a, b, stamp_a, stamp_b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        if (stamp[a], stamp[b]) != (stamp_a, stamp_b) or not allowed(a, b):
            continue
        best = -negative
        low = min(weakest.get(a, 1.0), weakest.get(b, 1.0), best)
        survivor = link(a, b)
        weakest[survivor] = low
        offer(survivor)
    events = []
    for cluster, indices in members.items():
        ordered = sorted(indices)
        events.append(_event(profiles, ordered, weakest.get(cluster, 1.0), scores))
    events.sort(key=lambda event: index_of[event.members[0]])
    return events


def _event(
    profiles: Sequence[Profile],
    indices: Sequence[int],
    weakest: float,
    scores: Mapping[tuple[int, int], float],
) -> Event:
    items = [profiles[index] for index in indices]
    counts: Counter[str] = Counter(name for item in items for name in item.names)
    shared = (
        sorted(
            (name for name, count in counts.items() if count > 1),
            key=lambda name: (-counts[name], -weight(name), name),
        )[:8]
        if len(items) > 1
        else []
    )
    days = sorted(day for day in (item.day for item in items) if _day(day))
    inside = {
        (profiles[i].id, profiles[j].id): value
        for (i, j), value in scores.items()
        if i in indices and j in indices
    }
    return Event(
        members=tuple(item.id for item in items),
        shared_names=tuple(shared),
        first_day=days[0][:10] if days else None,
        last_day=days[-1][:10] if days else None,
        weakest=weakest,
        scores=inside,
    )


def bcubed(events: Sequence[Sequence[str]], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of ``events`` (lists of ids) against ``gold``
    (id -> gold event), over the ids in ``gold``."""
    found = {member: tuple(event) for event in events for member in event}
    by_gold: dict[str, set[str]] = defaultdict(set)
    for member, label in gold.items():
        by_gold[label].add(member)
    precision = recall = 0.0
    for member, label in gold.items():
        mine = set(found.get(member, (member,))) & set(gold)
        right = sum(1 for other in mine if gold[other] == label)
        precision += right / len(mine)
        recall += right / len(by_gold[label])
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
