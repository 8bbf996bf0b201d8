"""Check the atlas data and report every problem at once.

Each problem names its file, feature id and the rule it breaks, with a
severity: errors make ``python -m corridors validate`` exit non-zero, warnings
are shown but do not. Rules (the ``rule`` field):

``file``            a file or folder cannot be read: missing, permission denied, not a regular file,
                    a symbolic link leaving the data folder
``limits``          over a size, count, depth, length or vertex limit (``corridors.data.limits``)
``encoding``        a file is not UTF-8
``json``            the file is not valid JSON (also: duplicate keys, NaN/Infinity)
``text``            a control, bidirectional-override or invisible character, or a lone surrogate
``number``          a number in the properties that is not finite
``geojson``         not an RFC 7946 FeatureCollection (structure, ``crs`` member), or no features at all
``schema``          feature properties break the package's geodata/schema/feature-properties.schema.json
``duplicate-id``    an id used twice across the atlas
``coordinates``     malformed positions, coordinates out of range or with more than 6 decimals
``antimeridian``    a segment jumping across longitude ±180 instead of being cut there
``geometry``        null, empty, unclosed, one-point or invalid geometry (shapely's reason; never repaired)
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
``source``          a source's metadata has the wrong shape (e.g. ``"chrome": 1``, a string ``title``)
``test-only-source`` a source written for the tests is in the shipped seeds/ (``source_rules``)

Every file goes through the bounded loader (``corridors.data.loader``) and every
geometry through the structural checks of ``corridors.data.geojson`` before
shapely sees it, so no input gives a traceback or a hang; the schema and the
country boundaries are the package's own, never the data folder's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

from corridors.data import reference
from corridors.data.claims import check_claims
from corridors.data.countries import CountryChecker
from corridors.data.geochecks import Land, check_excludes, check_over_water
from corridors.data.geojson import MAX_DECIMALS, check_geometry
from corridors.data.limits import Limits, current
from corridors.data.loader import Budget
from corridors.data.paths import GeoFile, bundled_data_dir, read_geo_files, resolve
from corridors.data.schema import feature_validator
from corridors.data.source_rules import check_sources
from corridors.data.sources import Source, Sources, read_sources
from corridors.data.text import locate, normalize
from corridors.data.textcheck import walk

ERROR = "error"
WARNING = "warning"

COUNTRY_TOLERANCE_KM = 5.0
SPARSE_LINE_KM = 150.0
MIN_QUOTE_WORDS = 4
MAX_PROBLEMS_PER_FEATURE = 20  # of the value checks: a hostile feature must not flood the report

_GEOD = Geod(ellps="WGS84")
__all__ = ["ERROR", "MAX_DECIMALS", "WARNING", "Problem", "Report", "read_and_validate", "validate", "validate_loaded"]


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


def validate(data_dir: Path | str | None = None, limits: Limits | None = None) -> Report:
    """Validate the data directory (laid out like the repo); never raises on bad data.

    ``limits`` defaults to ``Limits.from_env()``; a bad ``CORRIDORS_LIMIT_*`` value raises ``ValueError``.
    """
    return read_and_validate(data_dir, limits)[2]


def read_and_validate(data_dir: Path | str | None = None, limits: Limits | None = None,
                      ) -> tuple[list[GeoFile], Sources, Report]:
    """Read a data folder through the bounded loader and validate it: (files, sources, report)."""
    data_dir = resolve(data_dir)
    limits = current(limits)
    report = Report()
    budget = Budget(limits)  # one budget for geodata/ and seeds/ together
    sources = _load_sources(data_dir, report, limits, budget)
    files = read_geo_files(data_dir, limits, budget)
    validate_loaded(data_dir, files, sources, report, limits)
    return files, sources, report


def _load_sources(data_dir: Path, report: Report, limits: Limits | None = None,
                  budget: Budget | None = None) -> Sources:
    """The readable sources; every unreadable one (or an unreadable ``seeds/``) goes into ``report``."""
    sources = read_sources(Path(data_dir) / "seeds", data_dir, limits, budget)
    for exc in [*filter(None, [sources.folder_error]), *sources.errors.values()]:
        report.add(ERROR, exc.file, None, exc.rule, exc.detail)
    return sources


def validate_loaded(data_dir: Path, files: list[GeoFile], sources: dict[str, Source], report: Report,
                    limits: Limits | None = None) -> None:
    """Check already-read files against already-parsed sources, adding to ``report``."""
    limits = current(limits)
    schema_validator = feature_validator()
    countries = _country_checker(report)
    land = Land(countries.shapes.values()) if countries is not None else None
    seen_ids: Counter[str] = Counter()
    features = vertices = 0
    if not files:
        report.add(ERROR, "geodata/", None, "file", "no *.geojson files found")
    for geo_file in files:
        if geo_file.error is not None:
            report.add(ERROR, geo_file.label, None, geo_file.rule, geo_file.error)
            continue
        listed = geo_file.data.get("features") if isinstance(geo_file.data, dict) else None
        features += len(listed) if isinstance(listed, list) else 0
        if features > limits.features:
            report.add(ERROR, geo_file.label, None, "limits", f"the atlas has more than {limits.features:,} "
                       "features (CORRIDORS_LIMIT_FEATURES); this and later files are not checked")
            break
        for index, feature in _features(geo_file, report):
            fid = _feature_id(feature, index)
            props = feature.get("properties") or {}
            seen_ids[fid] += 1
            if not _check_values(props, geo_file.label, fid, report, limits):
                continue  # over a limit: the other rules would only repeat it, slowly
            _check_schema(schema_validator, props, geo_file.label, fid, report)
            geometry = None if vertices > limits.vertices_total else _check_geometry(
                feature, geo_file.label, fid, report, limits)
            if geometry is not None:
                vertices += shapely.get_num_coordinates(geometry)
                if vertices > limits.vertices_total:
                    report.add(ERROR, geo_file.label, fid, "limits", f"the atlas has more than "
                               f"{limits.vertices_total:,} positions (CORRIDORS_LIMIT_VERTICES_TOTAL); "
                               "geometry is not checked from here on")
                    geometry = None
            if geometry is not None and countries is not None and isinstance(props.get("countries"), list):
                for severity, rule, message in countries.check(geometry, props["countries"]):
                    report.add(severity, geo_file.label, fid, rule, message)
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
    if files and not seen_ids and report.ok:
        # An empty atlas used to validate and then fail in export ("Unknown column geometry").
        report.add(ERROR, "geodata/", None, "geojson", "the atlas has no features: every *.geojson file is empty")


def _check_values(props: dict, label: str, fid: str, report: Report, limits: Limits) -> bool:
    """Lengths, characters and numbers of every property value; False when a limit is broken."""
    within_limits = True
    for n, (where, rule, message) in enumerate(walk(props, limits)):
        if n == MAX_PROBLEMS_PER_FEATURE:
            report.add(ERROR, label, fid, rule, "… and more problems of this kind in this feature")
            break
        report.add(ERROR, label, fid, rule, f"{where}: {message}")
        within_limits = within_limits and rule != "limits"
    return within_limits


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


def _check_geometry(feature: dict, label: str, fid: str, report: Report, limits: Limits | None = None):
    """The feature's shapely geometry, or None after reporting why it cannot be used."""
    check = check_geometry(feature.get("geometry"), current(limits))
    for rule, message in check.problems:
        report.add(ERROR, label, fid, rule, message)
    return check.geometry


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
        if source is None and isinstance(sources, Sources) and sources.unreadable(source_id):
            continue  # the source's own file problem is already reported
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


def _country_checker(report: Report) -> CountryChecker | None:
    # The package's boundaries: what a feature is checked against never comes from the data folder.
    try:
        return CountryChecker(reference.load_countries(bundled_data_dir()), COUNTRY_TOLERANCE_KM)
    except (OSError, ValueError) as exc:
        report.add(ERROR, str(reference.COUNTRIES_FILE), None, "countries", f"cannot load boundaries: {exc}")
        return None
