"""``add-source``: the one writer of ``seeds/`` and ``geodata/``.

It adds an article as a source (``seeds/<id>.txt`` in the seeds/ text format
and ``seeds/<id>.json`` with its metadata), appends the accepted citations to
their features and adds the accepted places to ``geodata/context.geojson``.

- **Metadata**: title, publisher, author, date and URL each record a value and
  how it was established: given by the curator (a CLI option or
  ``SUGGESTIONS.json``), read from the article itself (HTML ``<meta>``,
  Markdown front matter, the first heading), or unknown. Title, publisher and
  date are required: when they cannot be established the command stops and
  asks for them (``--date unknown`` records ``null`` and says it is unknown).
  Nothing is guessed.
- **Checked before written**: the new files are validated in memory with the
  rest of the atlas (``corridors.data.validate.validate_loaded``); on any error
  nothing is written.
- **No silent overwrite**: a source file that exists with other content is
  replaced only with ``force``; a citation already present is not repeated; a
  new place whose id is taken is refused.
- **A reviewable diff**: every changed file as a unified diff.

Geodata files are written in the atlas's canonical layout
(``corridors.data.paths.dumps_geojson``), so a diff shows only what changed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from corridors.curate.accept import Accepted, AcceptedPlace
from corridors.curate.article import Article
from corridors.data.gazetteer import CREDIT
from corridors.data.paths import GeoFile, dumps_geojson, read_geo_files, resolve
from corridors.data.sources import Source, load_sources, parse_source
from corridors.data.text import locate, normalize, slugify
from corridors.data.validate import MIN_QUOTE_WORDS, Report, validate_loaded

PLACES_FILE = "geodata/context.geojson"
REQUIRED = ("title", "publisher", "date")
_SOURCE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
UNKNOWN = "unknown"


class AddSourceError(ValueError):
    """The source cannot be added; the message says what to do."""


@dataclass
class SourceOptions:
    """What the curator gives on the command line; ``None`` means "not given"."""

    source_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    test_only: bool = False


@dataclass
class Plan:
    data_dir: Path
    source_id: str
    changes: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # relative path -> (old, new)
    citations: int = 0
    places: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: Report | None = None

    def diff(self, max_new_lines: int = 40) -> str:
        out = []
        for rel, (old, new) in sorted(self.changes.items()):
            if old == new:
                continue
            lines = list(difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                              fromfile=f"a/{rel}" if old is not None else "/dev/null",
                                              tofile=f"b/{rel}"))
            if old is None and len(lines) > max_new_lines:
                more = len(lines) - max_new_lines
                lines = [*lines[:max_new_lines], f"... ({more} more lines of the new file)\n"]
            out.append("".join(lines))
        return "\n".join(out)


def plan_add_source(data_dir: Path | str | None, article: Article, accepted: Accepted, options: SourceOptions,
                    force: bool = False) -> Plan:
    """Work out every file change, check the result validates; raise ``AddSourceError`` if it cannot."""
    data_dir = resolve(data_dir)
    if accepted.article_sha256 and accepted.article_sha256 != article.sha256:
        raise AddSourceError("SUGGESTIONS.json was made from another article (its sha256 differs); "
                             "run `suggest` on this article again")
    source_id = options.source_id or accepted.source_id or article.default_id
    if not _SOURCE_ID.match(source_id):
        raise AddSourceError(f"source id {source_id!r} must be a lowercase slug (a-z, 0-9, dashes); pass --id")
    plan = Plan(data_dir, source_id)
    draft = article.source(source_id)
    metadata = build_metadata(article, draft, accepted, options, plan.notes)
    text_rel, meta_rel = f"seeds/{source_id}.txt", f"seeds/{source_id}.json"
    meta_text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    for rel, new in ((text_rel, article.text), (meta_rel, meta_text)):
        old = _read(data_dir / rel)
        if old is not None and old != new and not force:
            raise AddSourceError(f"{rel} exists with other content; pass --force to replace it "
                                 "(or --id to add the article under another id)")
        plan.changes[rel] = (old, new)
    source = parse_source(source_id, article.text, metadata)
    source.path = data_dir / text_rel
    files = read_geo_files(data_dir)
    _add_citations(plan, files, source, accepted)
    _add_places(plan, files, source, accepted.places, metadata)
    for f in files:
        if f.data is not None and f.label in plan.changes:
            plan.changes[f.label] = (plan.changes[f.label][0], dumps_geojson(f.data))
    sources = _other_sources(data_dir, source_id)
    sources[source_id] = source
    report = Report()
    validate_loaded(data_dir, files, sources, report)
    plan.report = report
    if not report.ok:
        problems = "\n".join(str(p) for p in report.errors)
        raise AddSourceError(f"the atlas would not validate with this source; nothing was written:\n{problems}")
    return plan


def apply_plan(plan: Plan) -> list[Path]:
    """Write the planned files (each replaced atomically); return the paths written."""
    written = []
    for rel, (old, new) in sorted(plan.changes.items()):
        if old == new:
            continue
        path = plan.data_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(new)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------- metadata

def build_metadata(article: Article, draft: Source, accepted: Accepted, options: SourceOptions,
                   notes: list[str]) -> dict:
    metadata: dict = {}
    for key in ("title", "publisher", "author", "date", "url"):
        given = getattr(options, key)
        if given is not None:
            entry = _unknown(key, "the curator said so") if given.strip().lower() == UNKNOWN else {
                "value": given, "established_by": f"Given by the curator (--{key})."}
        elif key in accepted.metadata:
            entry = dict(accepted.metadata[key])
        elif key in article.metadata:
            found = article.metadata[key]
            entry = {"value": found.value, "established_by": found.established_by}
        elif key == "title" and any(p.kind == "title" for p in draft.passages):
            first = next(p for p in draft.passages if p.kind == "title")
            entry = {"value": first.text, "established_by": "The first heading of the article text."}
        elif key in REQUIRED:
            raise AddSourceError(f"cannot establish the article's {key}; pass --{key} VALUE "
                                 f"(or --{key} unknown to record it as unknown)")
        else:
            entry = _unknown(key, "not in the article")
            notes.append(f"{key}: not in the article, recorded as unknown (pass --{key} to give it)")
        if key == "date":
            entry = _date_entry(entry)
        metadata[key] = entry
    if options.language:
        metadata["language"] = options.language
    metadata["capture"] = {
        "file": article.name,
        "sha256": article.sha256,
        "format": article.format,
        "note": "Converted to the seeds/ text format by `add-source` (corridors.curate.article): "
                "blocks as in the article, page chrome left out by the converter, text unchanged.",
    }
    metadata["chrome"] = []
    if options.test_only or accepted.test_only:
        metadata["test_only"] = True
    return metadata


def _unknown(key: str, why: str) -> dict:
    return {"value": None, "established_by": f"Unknown: {why}."}


def _date_entry(entry: dict) -> dict:
    value = entry.get("value")
    if value is None:
        return entry
    match = _DATE.match(str(value).strip())
    if not match:
        raise AddSourceError(f"date {value!r} is not ISO 8601 (2024, 2024-04 or 2024-04-25)")
    date = match.group(0)
    out = {"value": date, "precision": {4: "year", 7: "month", 10: "day"}[len(date)], **{
        k: v for k, v in entry.items() if k not in ("value", "precision")}}
    if date != str(value).strip():
        out["established_by"] = f"{entry.get('established_by', '')} Read as {date} from {value!r}.".strip()
    return out


# ---------------------------------------------------------------------------------------------- features

def _add_citations(plan: Plan, files: list[GeoFile], source: Source, accepted: Accepted) -> None:
    where = {}
    for f in files:
        if isinstance(f.data, dict):
            for feature in f.data.get("features", []):
                fid = (feature.get("properties") or {}).get("id")
                if fid:
                    where[fid] = (f, feature)
    problems = []
    for link in accepted.links:
        if link.feature not in where:
            problems.append(f"feature {link.feature!r} is not in the atlas")
            continue
        passage = source.passage(link.passage)
        if passage is None:
            problems.append(f"passage {link.passage!r} is not in the article")
            continue
        if locate(link.quote, passage.text) is None:
            problems.append(f"quote for {link.feature} is not in passage {link.passage}: {link.quote[:80]!r}")
            continue
        if len(normalize(link.quote).split()) < MIN_QUOTE_WORDS or len(link.quote) < 15:
            problems.append(f"quote for {link.feature} in {link.passage} is shorter than {MIN_QUOTE_WORDS} words")
            continue
        geo_file, feature = where[link.feature]
        citations = feature["properties"].setdefault("citations", [])
        entry = {"source": source.id, "passage": link.passage, "quote": link.quote}
        if entry in citations:
            plan.skipped.append(f"{link.feature}: already cites {link.passage}")
            continue
        citations.append(entry)
        plan.citations += 1
        plan.changes.setdefault(geo_file.label, (_read(geo_file.path), ""))
    if problems:
        raise AddSourceError("accepted links cannot be written: " + "; ".join(problems))


def _add_places(plan: Plan, files: list[GeoFile], source: Source, places: list[AcceptedPlace],
                metadata: dict) -> None:
    if not places:
        return
    target = next((f for f in files if f.label == PLACES_FILE), None)
    if target is None:
        target = GeoFile(plan.data_dir / PLACES_FILE, PLACES_FILE,
                         {"type": "FeatureCollection", "name": "context", "features": []})
        files.append(target)
    if not isinstance(target.data, dict):
        raise AddSourceError(f"{PLACES_FILE} cannot be read: {target.error}")
    taken = {(ft.get("properties") or {}).get("id"): ft for f in files if isinstance(f.data, dict)
             for ft in f.data.get("features", [])}
    title = metadata["title"]["value"] or source.id
    for place in places:
        passage = source.passage(place.passage)
        if passage is None or locate(place.quote, passage.text) is None:
            raise AddSourceError(f"place {place.name!r}: its quote is not in passage {place.passage!r}")
        feature = place_feature(place, source.id, title, _countries_at(plan.data_dir, place.candidate))
        fid = feature["properties"]["id"]
        if fid in taken:
            if taken[fid].get("geometry") == feature["geometry"]:
                plan.skipped.append(f"{fid}: this place is already in the atlas")
                continue
            raise AddSourceError(f"a feature with id {fid!r} exists; the place {place.name!r} needs a curated id")
        taken[fid] = feature
        target.data["features"].append(feature)
        plan.places.append(fid)
        plan.changes.setdefault(target.label, (_read(target.path), ""))


def place_feature(place: AcceptedPlace, source_id: str, title: str, countries: list[str]) -> dict:
    """A ``place`` feature for a gazetteer candidate: the article names it, the gazetteer locates it."""
    c = place.candidate
    population = f"population {c['population']:,}" if c.get("population") else "population not given"
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(c["lon"]), 4), round(float(c["lat"]), 4)]},
        "properties": {
            "id": slugify(place.name, max_words=6, max_length=60),
            "name": place.name,
            "alt_names": [],
            "corridor": "context",
            "layer": "place",
            "kind": "place",
            "mode": None,
            "status": None,
            "countries": countries,
            "dates": [],
            "description": f"A place the source “{title}” names. Where it is comes from the gazetteer, not from "
                           "the article.",
            "citations": [{"source": source_id, "passage": place.passage, "quote": place.quote}],
            "geometry_accuracy": {
                "method": "approximate",
                "error_km": float(c.get("error_km") or 0),
                "note": f"Outside knowledge: {c.get('accuracy') or 'a gazetteer position'}. Gazetteer entry "
                        f"{c.get('gazetteer_id')} ({c.get('english') or c.get('name')}, "
                        f"{c.get('country') or 'no country'}, {population}). {CREDIT}.",
            },
        },
    }


def _countries_at(data_dir: Path, candidate: dict) -> list[str]:
    """The candidate's country; for a sea, lake or region label point, the countries its point lies in."""
    if candidate.get("country"):
        return [candidate["country"]]
    import shapely

    from corridors.data.reference import load_countries, reference_root

    countries = load_countries(reference_root(data_dir))
    point = shapely.Point(float(candidate["lon"]), float(candidate["lat"]))
    return sorted(countries.loc[countries.contains(point), "iso_a3"])


# ---------------------------------------------------------------------------------------------- files

def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _other_sources(data_dir: Path, source_id: str) -> dict[str, Source]:
    seeds = data_dir / "seeds"
    sources = load_sources(seeds) if seeds.is_dir() else {}
    sources.pop(source_id, None)
    return sources
