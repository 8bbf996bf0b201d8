"""Suggested links for a whole article: per passage, ranked features with the clause to quote and why.

``Suggester(atlas)`` builds the feature profiles once; ``suggest(source)``
scores every passage (``corridors.curate.scoring``), keeps the ``top``
features scoring at least ``MIN_SCORE``, picks each one's quote and marks the
ones it is confident in as ``likely``, and lists the places the passage names
with the gazetteer candidates of those the atlas lacks.

**Likely** means: the passage names the feature itself (its name, acronym or
an alternative name, or most words of a descriptive name), in its place sense
when it is a country or a capital ("talks in Baku", not "Baku's insistence"),
and for a station, port or crossing of a corridor, the passage also names or
implies that corridor; and the score is at least ``LIKELY_SCORE``. Everything
else is a suggestion to check.

**The quote** is the sentence (a clause of a long one) holding the strongest
evidence that is a span of the passage; without one, the sentence sharing the
most words with the feature. It is cut from the passage text, so it is
verbatim, and checked with ``corridors.data.text.locate``. A quote under
``MIN_QUOTE_WORDS`` words (a short heading) is flagged: the validator refuses it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from corridors.curate import places as place_rules
from corridors.curate.lexicon import COUNTRY_NAMES
from corridors.curate.matching import content_stems, sentences
from corridors.curate.places import Candidate, PlaceMention
from corridors.curate.profiles import LINE_KINDS, FeatureProfile, build_profiles
from corridors.curate.scoring import W_NAME, Evidence, PassageEvidence, Scorer
from corridors.data.gazetteer import Gazetteer, load_gazetteer
from corridors.data.sources import Passage, Source
from corridors.data.text import locate
from corridors.data.validate import MIN_QUOTE_WORDS

TOP = 10
MIN_SCORE = 0.4
LIKELY_SCORE = 3.0
LIKELY_NAME_SHARE = 0.85  # a descriptive name counts as named when this share of its words is there
FORMAT = "corridor-atlas-suggestions/1"


@dataclass
class Suggestion:
    feature: str
    name: str
    corridor: str
    kind: str
    score: float
    likely: bool
    quote: str
    start: int
    end: int
    reasons: list[str]
    quote_ok: bool = True

    def as_dict(self) -> dict:
        return {
            "feature": self.feature, "name": self.name, "corridor": self.corridor, "kind": self.kind,
            "score": round(self.score, 3), "likely": self.likely, "quote": self.quote,
            "quote_start": self.start, "quote_end": self.end, "quote_ok": self.quote_ok,
            "why": self.reasons,
        }


@dataclass
class NewPlace:
    """A place the passage names that the atlas lacks, with every gazetteer candidate."""

    surface: str
    start: int
    end: int
    quote: str
    candidates: list[Candidate]

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def as_dict(self) -> dict:
        return {
            "name": self.surface, "start": self.start, "end": self.end, "quote": self.quote,
            "ambiguous": self.ambiguous, "candidates": [c.as_dict() for c in self.candidates],
        }


@dataclass
class PassageSuggestions:
    passage: Passage
    suggestions: list[Suggestion]
    mentions: list[PlaceMention]
    new_places: list[NewPlace] = field(default_factory=list)


@dataclass
class SuggestionReport:
    source: Source
    passages: list[PassageSuggestions]
    leak_free: bool

    def as_dict(self) -> dict:
        """The ``SUGGESTIONS.json`` a curator edits (``accepted``) and ``add-source`` reads."""
        links, places = [], []
        for item in self.passages:
            for s in item.suggestions:
                links.append({"passage": item.passage.id, **s.as_dict(), "accepted": None})
            for p in item.new_places:
                places.append({"passage": item.passage.id, **p.as_dict(), "accepted": None, "candidate": None})
        return {
            "format": FORMAT,
            "source": {"id": self.source.id},
            "passages": [{"id": p.passage.id, "kind": p.passage.kind, "text": p.passage.text} for p in self.passages],
            "links": links,
            "places": places,
        }


class Suggester:
    """Profiles of the atlas's features, ready to score any article."""

    def __init__(self, atlas, gazetteer: Gazetteer | None = None, leak_free: bool = False,
                 countries: dict[str, list[str]] | None = None):
        self.atlas = atlas
        self.gazetteer = gazetteer or load_gazetteer()
        self.leak_free = leak_free
        citations = None
        if not leak_free:
            citations = {fid: [c.quote for c in atlas.citations_for(fid)] for fid in atlas.features.index}
        self.profiles = build_profiles(atlas.features, self.gazetteer, citations, leak_free=leak_free)
        self.by_id = {p.id: p for p in self.profiles}
        self.scorer = Scorer(self.profiles, self.gazetteer, countries or country_names(atlas.data_dir))

    def suggest(self, source: Source, top: int = TOP, min_score: float = MIN_SCORE) -> SuggestionReport:
        scored = self.scorer.score_passages(source.passages)
        out = []
        for item in scored:
            ranked = sorted(item.evidence, key=lambda fid: (-item.score(fid), fid))
            suggestions = [self._suggestion(item, fid) for fid in ranked[:top] if item.score(fid) >= min_score]
            new = [self._new_place(item.passage, m) for m in item.mentions
                   if place_rules.is_new(m, self.profiles)]
            out.append(PassageSuggestions(item.passage, suggestions, item.mentions, new))
        return SuggestionReport(source, out, self.leak_free)

    def _suggestion(self, item: PassageEvidence, fid: str) -> Suggestion:
        profile = self.by_id[fid]
        evidence = sorted(item.evidence[fid], key=lambda e: -e.weight)
        start, end = choose_quote(item.passage.text, evidence, profile)
        quote = item.passage.text[start:end]
        assert locate(quote, item.passage.text) is not None  # cut from the passage: verbatim by construction
        reasons, seen = [], set()
        for e in evidence:
            if e.kind not in seen:
                seen.add(e.kind)
                reasons.append(f"{e.kind} +{e.weight:.2f}: {e.why}")
        return Suggestion(fid, profile.name, profile.corridor, profile.kind, item.score(fid),
                          is_likely(item, profile, self.scorer), quote, start, end, reasons,
                          quote_ok=len(quote.split()) >= MIN_QUOTE_WORDS and len(quote) >= 15)

    def _new_place(self, passage: Passage, mention: PlaceMention) -> NewPlace:
        start, end = _sentence_around(passage.text, mention.start, mention.end)
        return NewPlace(mention.surface, mention.start, mention.end, passage.text[start:end],
                        [place_rules.candidate(p) for p in mention.places])


def is_likely(item: PassageEvidence, profile: FeatureProfile, scorer: Scorer) -> bool:
    """Whether the passage names the feature itself, in the sense that makes it a link (module docstring)."""
    if item.score(profile.id) < LIKELY_SCORE or profile.id in scorer.regions:
        return False
    own = [e for e in item.evidence[profile.id] if e.direct and (
        (e.kind == "name" and e.weight >= W_NAME)  # a capital's name without a place sense weighs half
        or (e.kind == "name-words" and e.weight >= W_NAME * LIKELY_NAME_SHARE**2))]
    if not own:
        return False
    if profile.layer == "corridor" and profile.kind not in LINE_KINDS:
        # A station or port named alone may be just the city ("Moscow"): its corridor must be in play.
        return profile.corridor in item.corridors or any(
            e.kind == "between" and scorer.by_id[fid].corridor == profile.corridor
            for fid, items in item.evidence.items() for e in items if e.direct)
    return True


def choose_quote(text: str, evidence: list[Evidence], profile: FeatureProfile) -> tuple[int, int]:
    spans = sentences(text) or [(0, len(text))]
    located = [e for e in evidence if e.span is not None and e.direct]
    if located:
        best = max(located, key=lambda e: e.weight)
        chosen = next((s for s in spans if s[0] <= best.span[0] < s[1]), spans[0])
    else:
        wanted = Counter(content_stems(profile.words))
        chosen = max(spans, key=lambda s: (sum(wanted[w] > 0 for w in content_stems(text[s[0]:s[1]])), -s[0]))
    if len(text[chosen[0]:chosen[1]].split()) < MIN_QUOTE_WORDS:
        chosen = (0, len(text.rstrip()))
    return chosen


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    for s, e in sentences(text) or [(0, len(text))]:
        if s <= start < e:
            return s, max(e, end)
    return 0, len(text)


def country_names(data_dir) -> dict[str, list[str]]:
    """Country names by ISO alpha-3: the reference boundaries' names plus ``lexicon.COUNTRY_NAMES``."""
    from corridors.data.reference import load_countries, reference_root

    countries = load_countries(reference_root(data_dir))
    names: dict[str, list[str]] = {}
    for iso3, name in zip(countries["iso_a3"], countries["name"], strict=True):
        names.setdefault(iso3, []).append(name)
    for iso3, extra in COUNTRY_NAMES.items():
        names.setdefault(iso3, []).extend(extra)
    return names
