"""Check the atlas data and report every problem at once.

Each problem names its file, feature id and the rule it breaks, with a
severity: errors make ``python -m corridors validate`` exit non-zero, warnings
are shown but do not. Rules (the ``rule`` field):

``json``            the file is not valid JSON
``geojson``         not an RFC 7946 FeatureCollection (structure, ``crs`` member)
``schema``          feature properties break geodata/schema/feature-properties.schema.json
``duplicate-id``    an id used twice across the atlas
``coordinates``     coordinates out of range or with more than 6 decimals
``geometry``        invalid or empty geometry (shapely)
``countries``       geometry outside the countries it declares (also catches swapped lon/lat)
``countries-unused`` a declared country the geometry never reaches (warning)
``sparse-line``     a traced line with vertices too far apart to follow the real alignment (warning)
``period``          a period that ends before it starts
``period-basis``    a period bound without a ``stated`` or reasoned ``inferred`` basis, or citing nothing
``claim-ref``       a claim cites a citation number the feature does not have
``claim-missing``   a fact without evidence: a status without ``claims.status``, a mode without ``claims.mode``,
                    ``missing_link`` without ``claims.missing_link``, a stated or inferred name without ``cite``
``claim-note``      an ``inferred`` claim (or an ``outside`` name) without the note that says how
``claim-stated``    a ``stated`` claim whose value its quotes do not give (numbers, dates, status and mode
                    words: see ``corridors/data/claims.py`` for the lexicon and its limits)
``status-history``  status history out of order, or not ending in the feature's ``status``
``over-water``      a rail or road line off the reference land by more than its error (at most 1 km)
``event-excludes``  a feature's geometry covers a place it lists under ``excludes`` (dated differently)
``citation-source`` a citation names a source that is not in seeds/
``citation-passage`` a citation names a passage the source does not have
``citation-quote``  a quote not found verbatim (after normalization) in its passage
``quote-span``      a quote too short to be a meaningful span
``source``          a source or its metadata cannot be read
``test-only-source`` a source written for the tests is in the shipped seeds/ (``source_rules``)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import jsonschema
import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import shape

from corridors.data import reference
from corridors.data.claims import check_claims
from corridors.data.geochecks import Land, check_excludes, check_over_water
from corridors.data.paths import GeoFile, read_geo_files, read_schema, resolve
from corridors.data.source_rules import check_sources
from corridors.data.sources import Source, SourceError, load_sources
from corridors.data.text import locate, normalize

ERROR = "error"
WARNING = "warning"

COUNTRY_TOLERANCE_KM = 5.0
SPARSE_LINE_KM = 150.0
MIN_QUOTE_WORDS = 4
MAX_DECIMALS = 6

_GEOD = Geod(ellps="WGS84")
_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    feature: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} [{self.feature}]" if self.feature else self.file
        return f"{self.severity.upper()} {where} {self.rule}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, severity: str, file: str, feature: str | None, rule: str, message: str) -> None:
        self.problems.append(Problem(severity, file, feature, rule, message))

    def summary(self) -> str:
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"


def validate(data_dir: Path | str | None = None) -> Report:
    """Validate the data directory (laid out like the repo); never raises on bad data."""
    data_dir = resolve(data_dir)
    report = Report()
    sources = _load_sources(data_dir, report)
    validate_loaded(data_dir, read_geo_files(data_dir), sources, report)
    return report


def _load_sources(data_dir: Path, report: Report) -> dict[str, Source]:
    try:
        return load_sources(data_dir / "seeds")
    except SourceError as exc:
        report.add(ERROR, str(exc).split(":", 1)[0], None, "source", str(exc))
        return {}


def validate_loaded(data_dir: Path, files: list[GeoFile], sources: dict[str, Source], report: Report) -> None:
    """Check already-read files against already-parsed sources, adding to ``report``."""
    schema_validator = jsonschema.Draft202012Validator(read_schema(data_dir))
    countries = _country_checker(data_dir, report)
    land = Land(countries.shapes.values()) if countries is not None else None
    seen_ids: Counter[str] = Counter()
    if not files:
        report.add(ERROR, "geodata/", None, "geojson", "no *.geojson files found")
    for geo_file in files:
        if geo_file.error is not None:
            report.add(ERROR, geo_file.label, None, "json", geo_file.error)
            continue
        for index, feature in _features(geo_file, report):
            fid = _feature_id(feature, index)
            props = feature.get("properties") or {}
            seen_ids[fid] += 1
            _check_schema(schema_validator, props, geo_file.label, fid, report)
            geometry = _check_geometry(feature, geo_file.label, fid, report)
            if geometry is not None and countries is not None and isinstance(props.get("countries"), list):
                countries.check(geometry, props["countries"], geo_file.label, fid, report)
            if geometry is not None and isinstance(props.get("geometry_accuracy"), dict):
                _check_sparse(geometry, props["geometry_accuracy"], geo_file.label, fid, report)
            findings = check_claims(props)
            if geometry is not None:
                findings += check_excludes(geometry, props)
                findings += check_over_water(land, geometry, props) if land is not None else []
            for severity, rule, message in findings:
                report.add(severity, geo_file.label, fid, rule, message)
            _check_citations(props.get("citations"), sources, geo_file.label, fid, report)
    for fid, count in seen_ids.items():
        if count > 1:
            report.add(ERROR, "geodata/", fid, "duplicate-id", f"id {fid!r} is used by {count} features")
    check_sources(data_dir, sources, report)


def _feature_id(feature: dict, index: int) -> str:
    props = feature.get("properties")
    fid = props.get("id") if isinstance(props, dict) else None
    return fid if isinstance(fid, str) and fid else f"#{index}"


def _features(geo_file: GeoFile, report: Report):
    data = geo_file.data
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        report.add(ERROR, geo_file.label, None, "geojson", "top level must be a FeatureCollection object")
        return
    if "crs" in data:
        report.add(ERROR, geo_file.label, None, "geojson", "RFC 7946 forbids the 'crs' member (WGS84 lon/lat only)")
    features = data.get("features")
    if not isinstance(features, list):
        report.add(ERROR, geo_file.label, None, "geojson", "'features' must be a list")
        return
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report.add(ERROR, geo_file.label, f"#{index}", "geojson", "each entry of 'features' must be a Feature")
            continue
        if not isinstance(feature.get("properties"), dict):
            report.add(ERROR, geo_file.label, f"#{index}", "geojson", "feature has no 'properties' object")
            continue
        yield index, feature


def _check_schema(validator, props: dict, label: str, fid: str, report: Report) -> None:
    for error in sorted(validator.iter_errors(props), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.path) or "(properties)"
        report.add(ERROR, label, fid, "schema", f"{where}: {_short(error.message)}")


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _check_geometry(feature: dict, label: str, fid: str, report: Report):
    raw = feature.get("geometry")
    if not isinstance(raw, dict) or raw.get("type") not in _GEOMETRY_TYPES:
        report.add(ERROR, label, fid, "geojson", f"geometry must be one of {sorted(_GEOMETRY_TYPES)}")
        return None
    positions = list(_positions(raw.get("coordinates")))
    if not positions:
        report.add(ERROR, label, fid, "geometry", "geometry has no coordinates")
        return None
    bad_range = [p for p in positions if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90)]
    if bad_range:
        report.add(ERROR, label, fid, "coordinates", f"{len(bad_range)} position(s) out of range, e.g. {bad_range[0]}")
        return None
    too_precise = [p for p in positions if any(_decimals(v) > MAX_DECIMALS for v in p)]
    if too_precise:
        report.add(
            ERROR, label, fid, "coordinates",
            f"{len(too_precise)} position(s) with more than {MAX_DECIMALS} decimals, e.g. {too_precise[0]}",
        )
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        report.add(ERROR, label, fid, "geometry", f"cannot build geometry: {exc}")
        return None
    if geometry.is_empty:
        report.add(ERROR, label, fid, "geometry", "geometry is empty")
        return None
    if not geometry.is_valid:
        report.add(ERROR, label, fid, "geometry", f"invalid geometry: {shapely.is_valid_reason(geometry)}")
        return None
    return geometry


def _positions(coords):
    """Every [lon, lat] position in a nested GeoJSON coordinate array."""
    if isinstance(coords, list) and coords and all(isinstance(v, (int, float)) for v in coords):
        yield coords
    elif isinstance(coords, list):
        for item in coords:
            yield from _positions(item)


def _decimals(value: float) -> int:
    exponent = Decimal(repr(value)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_sparse(geometry, accuracy: dict, label: str, fid: str, report: Report) -> None:
    if accuracy.get("method") == "schematic" or geometry.geom_type not in ("LineString", "MultiLineString"):
        return
    lines = getattr(geometry, "geoms", [geometry])
    longest = 0.0
    for line in lines:
        coords = np.asarray(line.coords)
        _, _, dist = _GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
        longest = max(longest, float(np.max(dist)) / 1000 if len(dist) else 0.0)
    if longest > SPARSE_LINE_KM:
        report.add(
            WARNING, label, fid, "sparse-line",
            f"vertices up to {longest:.0f} km apart on a {accuracy.get('method')} line "
            f"(more than {SPARSE_LINE_KM:.0f} km cannot follow the real alignment)",
        )


def _check_citations(citations, sources: dict[str, Source], label: str, fid: str, report: Report) -> None:
    if not isinstance(citations, list):
        return  # the schema rule already reports it
    for n, citation in enumerate(citations, start=1):
        if not isinstance(citation, dict):
            continue
        source_id, passage_id, quote = citation.get("source"), citation.get("passage"), citation.get("quote")
        where = f"citation {n}"
        source = sources.get(source_id) if isinstance(source_id, str) else None
        if source is None:
            report.add(ERROR, label, fid, "citation-source", f"{where}: source {source_id!r} is not in seeds/")
            continue
        passage = source.passage(passage_id) if isinstance(passage_id, str) else None
        if passage is None:
            report.add(
                ERROR, label, fid, "citation-passage",
                f"{where}: source {source_id!r} has no passage {passage_id!r}",
            )
            continue
        if not isinstance(quote, str):
            continue
        if len(normalize(quote).split()) < MIN_QUOTE_WORDS:
            report.add(
                ERROR, label, fid, "quote-span",
                f"{where}: quote {quote!r} is shorter than {MIN_QUOTE_WORDS} words; cite a clause or sentence",
            )
        if locate(quote, passage.text) is None:
            report.add(
                ERROR, label, fid, "citation-quote",
                f"{where}: quote not found in passage {passage_id!r}: {_short(quote, 120)!r}",
            )


class _CountryChecker:
    """Checks that a geometry lies in (or within a tolerance of) the countries it declares."""

    def __init__(self, countries_gdf, tolerance_km: float):
        self.tolerance_km = tolerance_km
        self.shapes = {
            row.iso_a3: row.geometry for row in countries_gdf.itertuples() if isinstance(row.iso_a3, str)
        }
        self.names = dict(zip(countries_gdf.iso_a3, countries_gdf.name, strict=False))
        self.tree = shapely.STRtree(list(self.shapes.values()))
        self.codes = list(self.shapes)
        self.coverage = shapely.box(*shapely.total_bounds(list(self.shapes.values())))

    def check(self, geometry, declared: list[str], label: str, fid: str, report: Report) -> None:
        unknown = [c for c in declared if c not in self.shapes]
        if unknown:
            report.add(ERROR, label, fid, "countries", f"no boundary for declared country code(s) {unknown}")
        points = self._sample(geometry)
        outside_region = [p for p in points if not self.coverage.contains(shapely.Point(p))]
        if outside_region:
            report.add(
                ERROR, label, fid, "countries",
                f"{len(outside_region)} position(s) outside the reference boundaries' region, "
                f"e.g. {_fmt(outside_region[0])} (swapped lon/lat?)",
            )
            return
        declared_shapes = [self.shapes[c] for c in declared if c in self.shapes]
        strays: Counter[str] = Counter()
        example: dict[str, tuple[float, float]] = {}
        for x, y in points:
            point = shapely.Point(x, y)
            hits = [self.codes[i] for i in self.tree.query(point, predicate="within")]
            if not hits or any(code in declared for code in hits):
                continue  # at sea, or in a declared country
            if declared_shapes and self._distance_km(point, declared_shapes) <= self.tolerance_km:
                continue  # on a border or coast, within the boundaries' own precision
            strays[hits[0]] += 1
            example.setdefault(hits[0], (x, y))
        for code, count in strays.items():
            report.add(
                ERROR, label, fid, "countries",
                f"{count} position(s) in {code} ({self.names.get(code, code)}), which the feature does not "
                f"declare, e.g. {_fmt(example[code])}; declared {declared} (wrong countries or swapped lon/lat?)",
            )
        if not strays:
            for code in declared:
                if code in self.shapes and self._distance_km_geom(geometry, self.shapes[code]) > self.tolerance_km:
                    report.add(
                        WARNING, label, fid, "countries-unused",
                        f"declares {code} but its geometry does not reach it",
                    )

    @staticmethod
    def _sample(geometry) -> list[tuple[float, float]]:
        # Densify so a long segment cutting through an undeclared country is caught
        # even when its vertices are fine.
        dense = shapely.segmentize(geometry, max_segment_length=0.05)
        return [tuple(xy) for xy in shapely.get_coordinates(dense)]

    def _distance_km(self, point, shapes) -> float:
        return min(self._distance_km_geom(point, s) for s in shapes)

    @staticmethod
    def _distance_km_geom(a, b) -> float:
        if a.intersects(b):
            return 0.0
        pa, pb = shapely.ops.nearest_points(a, b)
        return _GEOD.inv(pa.x, pa.y, pb.x, pb.y)[2] / 1000


def _fmt(position: tuple[float, float]) -> str:
    return f"[{position[0]:.4f}, {position[1]:.4f}]"


def _country_checker(data_dir: Path, report: Report) -> _CountryChecker | None:
    try:
        countries = reference.load_countries(reference.reference_root(data_dir))
        return _CountryChecker(countries, COUNTRY_TOLERANCE_KM)
    except (OSError, ValueError) as exc:
        report.add(ERROR, str(reference.COUNTRIES_FILE), None, "countries", f"cannot load boundaries: {exc}")
        return None
