"""Evidence for a (passage, feature) link, what it adds up to, and how context passes between passages.

A feature's score in a passage is the sum, over the kinds of evidence, of the
strongest piece of each kind (two mentions of the same name count once).
Context: each paragraph borrows, weakened, the direct evidence of its
neighbouring paragraphs in the same section (one away and two away) and of
its section as a whole (the mean over the section's heading and paragraphs);
photo captions neither give nor take context, since they sit between
paragraphs without belonging to them. Weights: ``corridors.curate.scoring``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from corridors.curate.matching import Token
from corridors.curate.places import PlaceMention
from corridors.data.sources import Passage

NEIGHBOUR_FACTOR, NEIGHBOUR_MAX = 0.35, 1.5
FAR_FACTOR, FAR_MAX = 0.15, 0.6
SECTION_FACTOR, SECTION_MAX = 0.4, 1.2


@dataclass(frozen=True)
class Evidence:
    kind: str
    weight: float
    why: str
    span: tuple[int, int] | None = None  # where in the passage, when the evidence is a span of it
    direct: bool = True  # False for context from other passages


@dataclass
class PassageEvidence:
    passage: Passage
    mentions: list[PlaceMention]
    corridors: dict[str, str]  # corridor -> "strong" or "weak", as named in the passage
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    words: list[Token] = field(default_factory=list, repr=False)

    def add(self, fid: str, item: Evidence) -> None:
        self.evidence.setdefault(fid, []).append(item)

    def direct_score(self, fid: str) -> float:
        return total([e for e in self.evidence.get(fid, []) if e.direct])

    def score(self, fid: str) -> float:
        return total(self.evidence.get(fid, []))


def total(evidence: list[Evidence]) -> float:
    best: dict[str, float] = {}
    for e in evidence:
        best[e.kind] = max(best.get(e.kind, 0.0), e.weight)
    return sum(best.values())


def add_context(scored: list[PassageEvidence]) -> None:
    """Add the direct evidence of the neighbouring paragraphs and of the section, weakened.

    A section runs from a heading to the next; its paragraphs are in order, captions and
    headings left out of the neighbours. The section's share is the mean direct score of
    each feature over the section's heading and paragraphs (the passage itself excluded).
    """
    sections: list[list[int]] = [[]]
    heads: list[int | None] = [None]
    for i, item in enumerate(scored):
        if item.passage.kind in ("heading", "title"):
            sections.append([])
            heads.append(i if item.passage.kind == "heading" else None)
        elif item.passage.kind == "paragraph":
            sections[-1].append(i)
    for paragraphs, head in zip(sections, heads, strict=True):
        members = paragraphs + ([head] if head is not None else [])
        for n, i in enumerate(paragraphs):
            for distance, factor, cap in ((1, NEIGHBOUR_FACTOR, NEIGHBOUR_MAX), (2, FAR_FACTOR, FAR_MAX)):
                for k in (n - distance, n + distance):
                    if 0 <= k < len(paragraphs):
                        j = paragraphs[k]
                        where = ("previous" if j < i else "next") + (" but one" if distance == 2 else "")
                        _borrow(scored[i], [scored[j]], factor, cap, f"the {where} paragraph")
            others = [scored[j] for j in members if j != i]
            if others:
                _borrow(scored[i], others, SECTION_FACTOR, SECTION_MAX, "its section")

def _borrow(target: PassageEvidence, sources: list[PassageEvidence], factor: float, cap: float,
        where: str) -> None:
    strongest: dict[str, Evidence] = {}
    sums: Counter[str] = Counter()
    for source in sources:
        for fid, items in source.evidence.items():
            direct = [e for e in items if e.direct and e.kind not in ("text", "country")]
            if not direct:
                continue
            sums[fid] += total(direct)
            best = max(direct, key=lambda e: e.weight)
            if fid not in strongest or best.weight > strongest[fid].weight:
                strongest[fid] = best
    for fid, value in sums.items():
        weight = min(value / len(sources) * factor, cap)
        if weight >= 0.1:
            target.add(fid, Evidence("context", weight, f"{where}: {strongest[fid].why}", direct=False))
