"""How good ``suggest`` is, measured on the shipped article against its curated citations.

The atlas's citations are the answer key and are never shown to the
suggester: the profiles are built with ``leak_free=True`` (names, alternative
names, corridor aliases, kinds, places and geometry; no description, no quote),
so nothing written from the article itself scores it. Figures, per corridor
(a link belongs to its feature's corridor; a passage to every corridor it cites):

- ``top3``: share of cited passages with a curated feature among their top 3;
- ``recall``: share of curated (passage, feature) links among the passage's
  suggestions (at most ``TOP`` per passage), with its ``cap``: a passage citing
  more than ``TOP`` features can contribute at most ``TOP``;
- ``likely``: share of suggestions marked likely that are curated links;
- place mentions: precision and recall of the place names found against a
  hand-labelled list (``tests/curate/place_mentions.json``); a found mention
  counts when its span equals a labelled one.

``python -m corridors suggest-eval`` prints these; ``docs/suggest-quality.md``
publishes them; ``tests/curate/test_quality.py`` guards the acceptance figures.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from corridors.curate.suggest import TOP, Suggester, SuggestionReport
from corridors.vocabulary import CORRIDOR_KEYS

K = 3
ALL = "all"


@dataclass
class Tally:
    cited_passages: int = 0
    top3_hits: int = 0
    links: int = 0
    links_found: int = 0
    links_cap: int = 0
    likely: int = 0
    likely_curated: int = 0

    def as_dict(self) -> dict:
        return {
            "cited_passages": self.cited_passages, "top3": _share(self.top3_hits, self.cited_passages),
            "links": self.links, "links_found": self.links_found, "recall": _share(self.links_found, self.links),
            "recall_cap": _share(self.links_cap, self.links), "likely": self.likely,
            "likely_curated": self.likely_curated, "likely_precision": _share(self.likely_curated, self.likely),
        }


@dataclass
class Evaluation:
    by_corridor: dict[str, Tally]
    mentions: dict[str, float | int] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)  # curated links not suggested, for the docs
    false_likely: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"corridors": {k: v.as_dict() for k, v in self.by_corridor.items()}, "mentions": self.mentions,
                "misses": self.misses, "false_likely": self.false_likely}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def evaluate(atlas, labels_file: Path | None = None, top: int = TOP) -> Evaluation:
    suggester = Suggester(atlas, leak_free=True)
    curated = atlas.cited_passages()
    corridor_of = atlas.features["corridor"].to_dict()
    tallies = {ALL: Tally(), **{c: Tally() for c in CORRIDOR_KEYS}}
    evaluation = Evaluation(tallies)
    reports = {sid: suggester.suggest(source, top=top) for sid, source in atlas.sources.items()}
    for sid, report in reports.items():
        for item in report.passages:
            key = (sid, item.passage.id)
            cited = curated.get(key, [])
            ranked = [s.feature for s in item.suggestions]
            for s in item.suggestions:
                if s.likely:
                    for group in (ALL, s.corridor):
                        tallies[group].likely += 1
                        tallies[group].likely_curated += s.feature in cited
                    if s.feature not in cited:
                        evaluation.false_likely.append({"passage": item.passage.id, "feature": s.feature})
            if not cited:
                continue
            for group in (ALL, *dict.fromkeys(corridor_of[f] for f in cited)):
                wanted = [f for f in cited if group == ALL or corridor_of[f] == group]
                tally = tallies[group]
                tally.cited_passages += 1
                tally.top3_hits += any(f in wanted for f in ranked[:K])
                tally.links += len(wanted)
                tally.links_found += sum(f in ranked for f in wanted)
                tally.links_cap += min(len(wanted), top)
            evaluation.misses += [{"passage": item.passage.id, "feature": f} for f in cited if f not in ranked]
    if labels_file is not None:
        evaluation.mentions = mention_scores(reports, labels_file)
    return evaluation


def mention_scores(reports: dict[str, SuggestionReport], labels_file: Path) -> dict:
    """Precision and recall of the place mentions found, against hand labels (exact spans)."""
    labels = json.loads(Path(labels_file).read_text(encoding="utf-8"))
    report = reports[labels["source"]]
    texts = {item.passage.id: item.passage.text for item in report.passages}
    wanted = {(pid, s, e) for pid, surfaces in labels["passages"].items() for s, e in label_spans(texts[pid], surfaces)}
    found = {(item.passage.id, m.start, m.end) for item in report.passages for m in item.mentions}
    hits = len(found & wanted)
    return {
        "labelled": len(wanted), "found": len(found), "correct": hits,
        "precision": _share(hits, len(found)), "recall": _share(hits, len(wanted)),
        "missed": sorted(f"{pid}: {texts[pid][s:e]}" for pid, s, e in wanted - found),
        "wrong": sorted(f"{pid}: {texts[pid][s:e]}" for pid, s, e in found - wanted),
    }


def label_spans(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Offsets of each labelled name, found as a whole word after the previous one (labels are in text order)."""
    spans, cursor = [], 0
    for surface in surfaces:
        match = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)").search(text, cursor)
        if match is None:
            raise ValueError(f"label {surface!r} not found after offset {cursor} in {text[:60]!r}")
        spans.append(match.span())
        cursor = match.end()
    return spans


LABELS = {ALL: "all corridors", "context": "context places"}


def markdown(evaluation: Evaluation, plain: bool = False) -> str:
    """The figures as Markdown tables (``plain``: the same rows for a terminal)."""
    rows = [("corridor", "cited passages", "top-3 hit", "links", "found", "recall", "recall cap",
             "likely", "likely precision")]
    for key, tally in evaluation.by_corridor.items():
        d = tally.as_dict()
        rows.append((LABELS.get(key, key), str(d["cited_passages"]), _pct(d["top3"]), str(d["links"]),
                     str(d["links_found"]), _pct(d["recall"]), _pct(d["recall_cap"]), str(d["likely"]),
                     _pct(d["likely_precision"])))
    out = [_table(rows, plain)]
    m = evaluation.mentions
    if m:
        out.append("")
        out.append(_table([("place mentions", "labelled", "found", "correct", "precision", "recall"),
                           ("all", str(m["labelled"]), str(m["found"]), str(m["correct"]), _pct(m["precision"]),
                            _pct(m["recall"]))], plain))
    return "\n".join(out)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _table(rows: list[tuple[str, ...]], plain: bool) -> str:
    if plain:
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)
