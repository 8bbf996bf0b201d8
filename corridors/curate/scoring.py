"""The evidence that a passage supports a feature, and the score it adds up to.

Each piece of evidence has a kind, a weight and a reason a curator can check.
A feature's score in a passage is the sum, over the kinds of evidence, of the
strongest piece of each kind (``corridors.curate.evidence``).

=============  ======  =====================================================================
kind           weight  when
=============  ======  =====================================================================
name           3.0     the feature's name, acronym or an alternative name is in the passage
name-words     ≤ 3.0   most describing words of a name meet in one sentence (3 × share²;
                       "Russian peacekeepers in Karabakh" in "Russia's peacekeeping mission
                       from Karabakh"); at least two of them other than country names
corridor       ≤ 2.5   the passage names the feature's corridor ("North-South Transport
                       Corridor" → INSTC): its main route 2.5, segments 1.5, other features
                       0.8; half for a word that only evokes it ("north-south"), a third for a
                       missing link (a gap is not implied by naming the route)
place-in-name  ≤ 2.0   a place the feature's own name mentions is named ("Astara" →
                       "Rasht-Astara line"); 1.0 when it is in the name's parenthetical
                       qualifier ("Bandar Abbas (Persian Gulf port)")
at             ≤ 2.2   a named place lies at a point feature (2.0), inside an area (1.5) or on
                       a line (1.2, +0.5 for each further place, at most 2.2); a region wider
                       than ``REGION_KM`` weighs in proportion to its size
between        1.5     the segment lies on the corridor's shortest path between two named
                       places (by geodesic length; a passage about rail only keeps to rail)
contains       0.8     a feature named in the passage lies at or in this place (Moscow → Kremlin)
country        ≤ 0.5   0.25 × (1 − the share of the article's passages naming the country) for
                       each named country the feature lies in
text           ≤ 1.5   TF-IDF cosine of the passage and the feature's profile words, × 1.5
context        ≤ 1.5   neighbouring paragraphs and the section (``corridors.curate.evidence``)
=============  ======  =====================================================================

A capital's, a country's or a territory's name without a place preposition
counts a third (``METONYMY_FACTOR``): "Moscow was less capable" speaks of a
government, "met in Moscow" of a city (``lexicon.LOCATIVES``). Places weigh
half on lines in a passage without any transport word ("Aliyev flew to
Moscow" says nothing of the railway through Moscow).
"""

from __future__ import annotations

import math
from collections import Counter

from corridors.curate import geography
from corridors.curate.evidence import Evidence, PassageEvidence, add_context
from corridors.curate.lexicon import CORRIDOR_ALIASES, DEMONYMS
from corridors.curate.matching import (
    NameIndex,
    Token,
    content_stems,
    cosine,
    locative,
    modes_named,
    sentences,
    speaks_of_transport,
    stem,
    tokens,
)
from corridors.curate.places import PlaceMention, atlas_place_index, country_index, find_place_mentions
from corridors.curate.profiles import LINE_KINDS, FeatureProfile, NamedPlace
from corridors.data.gazetteer import Gazetteer
from corridors.data.names_key import name_key
from corridors.data.sources import Passage

W_NAME = 3.0
W_ROUTE, W_SEGMENT, W_OTHER = 2.5, 1.5, 0.8
WEAK_FACTOR, MISSING_LINK_FACTOR = 0.5, 1 / 3
W_PLACE_IN_NAME, W_QUALIFIER = 2.0, 1.0
W_AT_POINT, W_AT_AREA, W_AT_LINE, W_AT_EXTRA, W_AT_MAX = 2.0, 1.5, 1.2, 0.5, 2.2
W_BETWEEN, W_CONTAINS = 1.5, 0.8
NO_TRANSPORT_FACTOR = 0.5
REGION_KM = 50.0  # "at" a place wider than this weighs less, in proportion
W_COUNTRY, W_COUNTRY_MAX = 0.25, 0.5
W_TEXT = 1.5
METONYMY_FACTOR = 1 / 3
MIN_NAME_WORDS = 3  # names this long are also matched word by word
MIN_NAME_SHARE = 0.6
MAX_PATH = 15  # a longer "path" between two places is no route a passage implies
# Words of route names that say what a thing is, not which one: they do not describe a name.
GENERIC_STEMS = frozenset(content_stems("route line corridor section stretch link railway railroad border crossing"))


class Scorer:
    """Scores every (passage, feature) pair of an article against the atlas's profiles."""

    def __init__(self, profiles: list[FeatureProfile], gazetteer: Gazetteer, countries: dict[str, list[str]]):
        self.profiles = profiles
        self.by_id = {p.id: p for p in profiles}
        self.gazetteer = gazetteer
        self.feature_names = NameIndex()
        for p in profiles:
            self.feature_names.add_all(p.names, p.id)
        self.aliases = NameIndex()
        for corridor, groups in CORRIDOR_ALIASES.items():
            for strength, names in groups.items():
                self.aliases.add_all(names, (corridor, strength))
        self.countries = country_index(countries)
        self.country_of = {name: iso3 for iso3, names in countries.items() for name in names}
        self.atlas_places = atlas_place_index(profiles)
        self.graphs = geography.route_graphs(profiles)
        self.metonymic = {p.id for p in profiles if self._is_metonymic(p, countries)}
        keys = {n.casefold() for names in countries.values() for n in names}
        # Countries and territories: named for their politics far more often than as a place to be linked.
        self.regions = {p.id for p in profiles if p.kind == "area" or any(n.casefold() in keys for n in p.names)}
        self.demonym_stems = {stem(d.lower()): iso3 for iso3, names in DEMONYMS.items() for d in names}
        self.country_stems = {iso3: stem(names[0].lower()) for iso3, names in countries.items() if names}
        self.country_stem_set = set(self.country_stems.values())
        self._profile_stems = {p.id: self._canonical(content_stems(p.words)) for p in profiles}
        self._name_stems = {p.id: self._describing_stems(p) for p in profiles}
        self._distances: dict[tuple[str, str], float] = {}
        self._at: dict[tuple[str, geography.Located], bool] = {}

    # ------------------------------------------------------------------------------------------ set-up

    def _is_at(self, profile: FeatureProfile, located: geography.Located) -> bool:
        key = (profile.id, located)
        if key not in self._at:
            self._at[key] = geography.is_at(profile, located)[0]
        return self._at[key]

    def _distance(self, a: FeatureProfile, b: FeatureProfile) -> float:
        key = (a.id, b.id)
        if key not in self._distances:
            self._distances[key] = _min_distance(a, b)
        return self._distances[key]

    def _is_metonymic(self, profile: FeatureProfile, countries: dict[str, list[str]]) -> bool:
        """A country, a territory or a national capital: its name often stands for a government or a cause."""
        keys = {n.casefold() for names in countries.values() for n in names}
        if profile.kind == "area" or any(n.casefold() in keys for n in profile.names):
            return True
        if not profile.is_point:
            return False
        return any(
            place.capital and geography.haversine_km(profile.coords[:, 0], profile.coords[:, 1], place.lat,
                                                     place.lon).min() <= 25
            for name in profile.names for place in self.gazetteer.lookup(name)
        )

    def _describing_stems(self, profile: FeatureProfile) -> set[str]:
        """The words of a name that describe: not its corridor's aliases, not the places it names."""
        stems = set(self._canonical(content_stems(profile.name)))
        aliases = CORRIDOR_ALIASES.get(profile.corridor, {}).get("strong", ()) if profile.layer == "corridor" else ()
        for alias in aliases:
            stems -= set(self._canonical(content_stems(alias)))
        for named in profile.named_places:
            stems -= set(self._canonical(content_stems(named.surface)))
        return stems - GENERIC_STEMS

    def _first_stem_span(self, text: str, stems: set[str]) -> tuple[int, int] | None:
        for word in tokens(text):
            if any(s in stems for s in self._canonical([stem(k) for k in word.key.split()])):
                return word.start, word.end
        return None

    def _canonical(self, stems: list[str]) -> list[str]:
        """Stems with demonyms turned into their country ("russian" → "russia")."""
        out = []
        for s in stems:
            iso3 = self.demonym_stems.get(s)
            out.append(self.country_stems.get(iso3, s) if iso3 else s)
        return out

    # ------------------------------------------------------------------------------------------ scoring

    def score_passages(self, passages: list[Passage]) -> list[PassageEvidence]:
        idf = self._idf(passages)
        found = [self._read(p) for p in passages]
        # How common each country is in this article: a country named everywhere tells little.
        named = Counter(iso3 for item in found for iso3 in {m.country for m in item.mentions if m.country})
        rarity = {iso3: 1 - count / len(passages) for iso3, count in named.items()}
        scored = [self._direct(item, idf, rarity) for item in found]
        add_context(scored)
        return scored

    def _idf(self, passages: list[Passage]) -> dict[str, float]:
        documents = [set(self._canonical(content_stems(p.text))) for p in passages]
        documents += [set(s) for s in self._profile_stems.values()]
        df = Counter(s for d in documents for s in d)
        n = len(documents)
        return {s: math.log((1 + n) / (1 + c)) + 1 for s, c in df.items()}

    def _read(self, passage: Passage) -> PassageEvidence:
        """The passage's place mentions and the corridors it names."""
        text = passage.text
        words = tokens(text)
        mentions = find_place_mentions(text, words, self.gazetteer, self.countries, self.atlas_places)
        corridors: dict[str, str] = {}
        for hit in self.aliases.find(text, words):
            corridor, strength = hit.target
            if corridors.get(corridor) != "strong":
                corridors[corridor] = strength
        result = PassageEvidence(passage, mentions, corridors)
        result.words = words
        return result

    def _direct(self, result: PassageEvidence, idf: dict[str, float], rarity: dict[str, float]) -> PassageEvidence:
        text = result.passage.text
        self._names(result, text, result.words)
        self._name_words(result, text)
        self._corridors(result)
        located = self._located(result, text)
        # A route, segment or sea lane is supported by a passage about getting somewhere, not by a city named in
        # passing ("Aliyev flew to Moscow"): without transport words, places weigh half on lines.
        line_factor = 1.0 if (result.corridors or speaks_of_transport(text)) else NO_TRANSPORT_FACTOR
        self._places(result, located, line_factor)
        self._between(result, located, modes_named(text), line_factor)
        self._contains(result)
        self._countries(result, rarity)
        self._text(result, idf)
        return result

    def _names(self, result: PassageEvidence, text: str, words: list[Token]) -> None:
        for hit in self.feature_names.find(text, words):
            fid = hit.target
            weight = W_NAME
            why = f"names it: “{hit.surface}”"
            if fid in self.metonymic and not locative(text, hit.start, hit.end):
                weight *= METONYMY_FACTOR
                why += " (perhaps for its government: no place preposition)"
            result.add(fid, Evidence("name", weight, why, (hit.start, hit.end)))

    def _name_words(self, result: PassageEvidence, text: str) -> None:
        by_sentence = [(s, e, set(self._canonical(content_stems(text[s:e])))) for s, e in sentences(text)]
        for p in self.profiles:
            wanted = self._name_stems[p.id]
            if len(wanted) < MIN_NAME_WORDS or any(e.kind == "name" for e in result.evidence.get(p.id, [])):
                continue
            # The words must meet in one sentence: scattered over a passage they describe nothing.
            shared = max((wanted & present for _, _, present in by_sentence), key=len, default=set())
            share = len(shared) / len(wanted)
            # Country names alone do not describe ("Iran-Azerbaijan border" is not "borders Russia and Iran").
            if share >= MIN_NAME_SHARE and len(shared - self.country_stem_set) >= 2:
                result.add(p.id, Evidence("name-words", W_NAME * share**2,
                                          f"shares {len(shared)} of the {len(wanted)} words of its name "
                                          f"“{p.name}”", self._first_stem_span(text, shared)))

    def _corridors(self, result: PassageEvidence) -> None:
        for corridor, strength in result.corridors.items():
            factor = 1.0 if strength == "strong" else WEAK_FACTOR
            for p in self.profiles:
                if p.corridor != corridor:
                    continue
                if p.layer != "corridor":
                    weight = W_OTHER  # a conflict's features are not a route the name implies
                else:
                    weight = W_ROUTE if p.kind == "route" else W_SEGMENT if p.kind in LINE_KINDS else W_OTHER
                if p.missing_link:
                    weight *= MISSING_LINK_FACTOR
                verb = "names" if strength == "strong" else "evokes"
                result.add(p.id, Evidence("corridor", weight * factor, f"{verb} its corridor, {corridor}"))

    def _located(self, result: PassageEvidence, text: str) -> list[tuple[PlaceMention, list, float]]:
        """Each mention with its positions and a factor (halved for a government sense)."""
        out = []
        for m in result.mentions:
            positions = [geography.from_place(place) for place in m.places]
            for fid in m.features:
                positions += geography.from_feature(self.by_id[fid])
            metonymic = m.country is not None or any(f in self.metonymic for f in m.features) or any(
                place.capital for place in m.places[:1])
            factor = METONYMY_FACTOR if metonymic and not locative(text, m.start, m.end) else 1.0
            if positions:
                out.append((m, positions, factor))
        return out

    def _places(self, result: PassageEvidence, located: list, line_factor: float) -> None:
        named_here = {fid for fid, items in result.evidence.items() if any(e.kind == "name" for e in items)}
        for p in self.profiles:
            at: list[tuple[PlaceMention, float]] = []
            for m, positions, mention_factor in located:
                factor = mention_factor * (line_factor if p.kind in LINE_KINDS else 1.0)
                if p.id in m.features or (p.id in named_here and _overlaps(result, p.id, m)):
                    continue
                named = _named_in(p, m)
                if named is not None:
                    weight = (W_QUALIFIER if named.qualifier else W_PLACE_IN_NAME) * factor
                    part = "its name's qualifier" if named.qualifier else "its name"
                    result.add(p.id, Evidence("place-in-name", weight,
                                              f"{part} mentions “{m.surface}”, which the passage names",
                                              (m.start, m.end)))
                    continue
                reached = [loc for loc in positions if self._is_at(p, loc)]
                if reached:
                    # Lying somewhere in a wide region says little about the feature: weigh by the region's size.
                    spread = min(1.0, REGION_KM / max(loc.radius_km for loc in reached))
                    at.append((m, factor * spread))
            if at:
                base = W_AT_POINT if p.is_point else W_AT_AREA if p.polygon is not None else W_AT_LINE
                distinct = list({m.surface: (m, f) for m, f in at}.values())
                weight = min(base + W_AT_EXTRA * (len(distinct) - 1), W_AT_MAX) * max(f for _, f in distinct)
                where = "at" if p.is_point else "in" if p.polygon is not None else "on"
                names = ", ".join(f"“{m.surface}”" for m, _ in distinct)
                first = distinct[0][0]
                result.add(p.id, Evidence("at", weight, f"{where} {names}, which the passage names",
                                          (first.start, first.end)))

    def _between(self, result: PassageEvidence, located: list, modes: set[str], line_factor: float) -> None:
        for corridor, full in self.graphs.items():
            graph = full.by_modes(modes)
            touched = []
            for m, positions, factor in located:
                named_in = {sid for sid in graph.segments if _named_in(self.by_id[sid], m) is not None}
                named_in |= {sid for sid in graph.segments if sid in m.features}
                hit = named_in | {sid for sid, seg in graph.segments.items()
                                  if any(self._is_at(seg, loc) for loc in positions)}
                if hit:
                    touched.append((m, hit, factor))
            for i, (a, hit_a, fa) in enumerate(touched):
                for b, hit_b, fb in touched[i + 1:]:
                    if a.surface == b.surface or hit_a == hit_b:
                        continue
                    path = graph.path(hit_a, hit_b)
                    if not path or len(path) > MAX_PATH:
                        continue
                    for sid in path:
                        result.add(sid, Evidence("between", W_BETWEEN * min(fa, fb) * line_factor,
                                                 f"on the {corridor} between “{a.surface}” and “{b.surface}”"))

    def _contains(self, result: PassageEvidence) -> None:
        named = [fid for fid, items in result.evidence.items()
                 if any(e.kind in ("name", "name-words") and e.weight >= W_NAME * 0.7 for e in items)]
        for fid in named:
            source = self.by_id[fid]
            for p in self.profiles:
                if p.id == fid or not (p.is_point or p.polygon is not None):
                    continue
                reach = p.error_km + min(source.error_km, 25) + geography.SLACK_KM
                if self._distance(source, p) <= reach:
                    result.add(p.id, Evidence("contains", W_CONTAINS,
                                              f"“{source.name}”, which the passage names, lies at or in it"))

    def _countries(self, result: PassageEvidence, rarity: dict[str, float]) -> None:
        # A country named as a place ("in northern Iran") counts fully; named as an actor ("Russia and Iran
        # signed"), like a capital, it stands for a government and counts for less.
        text = result.passage.text
        named: dict[str, float] = {}
        for m in result.mentions:
            if m.country:
                factor = 1.0 if locative(text, m.start, m.end) else METONYMY_FACTOR
                named[m.country] = max(named.get(m.country, 0.0), factor)
        for p in self.profiles:
            shared = set(named) & set(p.countries)
            if shared:
                weight = min(sum(W_COUNTRY * rarity.get(c, 1.0) * named[c] for c in shared), W_COUNTRY_MAX)
                result.add(p.id, Evidence("country", weight,
                                          f"lies in {', '.join(sorted(shared))}, which the passage names"))

    def _text(self, result: PassageEvidence, idf: dict[str, float]) -> None:
        passage = Counter(self._canonical(content_stems(result.passage.text)))
        for p in self.profiles:
            similarity = cosine(passage, Counter(self._profile_stems[p.id]), idf)
            if similarity > 0.05:
                shared = sorted(set(passage) & set(self._profile_stems[p.id]), key=lambda s: -idf.get(s, 0))[:4]
                result.add(p.id, Evidence("text", W_TEXT * similarity,
                                          f"similar words ({', '.join(shared)}; cosine {similarity:.2f})"))

def _named_in(profile: FeatureProfile, mention: PlaceMention) -> NamedPlace | None:
    """The place of the feature's own name that the mention names (same gazetteer place or same key)."""
    ids = {p.id for p in mention.places}
    key = name_key(mention.surface)
    return next((n for n in profile.named_places if name_key(n.surface) == key or ids & {p.id for p in n.places}),
                None)


def _overlaps(result: PassageEvidence, fid: str, mention: PlaceMention) -> bool:
    return any(e.span and e.span[0] < mention.end and mention.start < e.span[1]
               for e in result.evidence.get(fid, []) if e.kind == "name")


def _min_distance(a: FeatureProfile, b: FeatureProfile) -> float:
    """The least great-circle distance between two drawn features (0 when ``a`` enters ``b``'s polygon)."""
    if b.polygon is not None:
        import shapely

        if shapely.intersects(b.polygon, shapely.points(a.coords[:, ::-1])).any():
            return 0.0
    return min(float(geography.haversine_km(a.coords[:, 0], a.coords[:, 1], lat, lon).min()) for lat, lon in b.coords)


