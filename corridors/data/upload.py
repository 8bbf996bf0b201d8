"""A user's own GeoJSON layer, checked by the same loader and rules as the atlas.

``load_user_layer(data, name)`` is what the app calls with the bytes of an
uploaded file. It never writes anything (not to ``geodata/``, not to
``seeds/``, not to a temporary file) and never raises on bad input: it returns
``(features, problems)``, where ``features`` is empty whenever ``problems``
holds an error, so a layer is shown whole or not at all.

What an upload may be: a GeoJSON FeatureCollection or a single Feature, UTF-8,
at most ``Limits.upload_bytes`` (``server.maxUploadSize`` in
``.streamlit/config.toml`` matches), with the atlas's limits on depth,
features, vertices and strings. Geometry passes the same structural checks and
shapely validity as the atlas (``corridors.data.geojson``); the countries rule
does not apply (a user's layer may lie anywhere). Properties are anyone's: the
keys ``name``, ``title``, ``id`` and ``label`` are held to the rules for names,
every other string to the rules for text.

Each returned feature is a GeoJSON Feature whose properties keep the upload's
own, plus ``name`` (the upload's, or ``"<file> #n"``), ``layer`` (the file
name) and ``uncited`` (True when it carries no ``citations``). Citations it does
carry must resolve against ``sources`` (e.g. an uploaded article) by the
atlas's citation rules, or the layer is refused.
Strings are returned as uploaded: whoever displays them escapes them.
"""

from __future__ import annotations

from collections.abc import Mapping

from corridors.data.geojson import check_geometry
from corridors.data.limits import Limits, current
from corridors.data.loader import LoadError, parse_json
from corridors.data.textcheck import forbidden_char, walk
from corridors.data.validate import ERROR, Problem, Report, _check_citations

NAME_KEYS = frozenset({"name", "title", "id", "label"})
MAX_PROBLEMS = 50  # a layer with thousands of broken features gets a readable list, not thousands of lines


def upload_label(name: str, limit: int = 80) -> str:
    """The uploaded file's name as it may appear in messages: invisible and control characters replaced."""
    label = "".join("\ufffd" if forbidden_char(ch, "name") else ch for ch in str(name)[: limit * 4])
    label = label.strip() or "upload"
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def load_user_layer(data: bytes, name: str, *, limits: Limits | None = None,
                    sources: Mapping | None = None) -> tuple[list[dict], list[Problem]]:
    """Check an uploaded GeoJSON layer; ``(features, problems)`` as described in the module docstring."""
    limits = current(limits)
    label = upload_label(name)
    report = Report()
    features, accepted = None, []
    try:
        features = _read_layer(data, label, limits, report)
        if features is not None:
            accepted = _check_features(features, label, limits, sources or {}, report)
    except LoadError as exc:
        report.add(ERROR, label, None, exc.rule, exc.message)
    problems = _bounded(report.problems, label)
    if features is None or not report.ok:
        return [], problems
    return accepted, problems


def _bounded(problems: list[Problem], label: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(ERROR, label, None, "limits", f"… and {more:,} more problems")]


def _read_layer(data: bytes, label: str, limits: Limits, report: Report) -> list | None:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise LoadError("file", f"expected the file's bytes, got {type(data).__name__}")
    if len(data) > limits.upload_bytes:
        raise LoadError("limits", f"{len(data) / 2**20:,.1f} MiB, more than the upload limit of "
                                  f"{limits.upload_bytes / 2**20:,.1f} MiB (CORRIDORS_LIMIT_UPLOAD_BYTES)")
    parsed = parse_json(bytes(data), limits)
    if isinstance(parsed, dict) and parsed.get("type") == "Feature":
        parsed = {"type": "FeatureCollection", "features": [parsed]}
    if not isinstance(parsed, dict) or parsed.get("type") != "FeatureCollection":
        report.add(ERROR, label, None, "geojson", "an upload must be a GeoJSON FeatureCollection or Feature")
        return None
    if "crs" in parsed:
        report.add(ERROR, label, None, "geojson", "RFC 7946 forbids the 'crs' member (WGS84 lon/lat only)")
    features = parsed.get("features")
    if not isinstance(features, list):
        report.add(ERROR, label, None, "geojson", "'features' must be a list")
        return None
    if not features:
        report.add(ERROR, label, None, "geojson", "the layer has no features")
        return None
    if len(features) > limits.features:
        raise LoadError("limits", f"{len(features):,} features, more than the limit of {limits.features:,} "
                                  "(CORRIDORS_LIMIT_FEATURES)")
    return features


def _check_features(features: list, label: str, limits: Limits, sources: Mapping, report: Report) -> list[dict]:
    accepted = []
    vertices = 0
    for index, feature in enumerate(features, start=1):
        fid = f"#{index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report.add(ERROR, label, fid, "geojson", "each entry of 'features' must be a Feature object")
            continue
        props = feature.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            report.add(ERROR, label, fid, "geojson", "'properties' must be an object or null")
            continue
        problems = list(walk(props, limits, name_keys=NAME_KEYS))
        for where, rule, message in problems:
            report.add(ERROR, label, fid, rule, f"{where}: {message}")
        if problems:
            continue
        check = check_geometry(feature.get("geometry"), limits)
        for rule, message in check.problems:
            report.add(ERROR, label, fid, rule, message)
        vertices += check.vertices
        if vertices > limits.vertices_total:
            raise LoadError("limits", f"more than {limits.vertices_total:,} positions in the layer "
                                      "(CORRIDORS_LIMIT_VERTICES_TOTAL)")
        if check.geometry is None:
            continue
        accepted.append(_accepted(feature, props, index, label, sources, report))
    return accepted


def _accepted(feature: dict, props: dict, index: int, label: str, sources: Mapping, report: Report) -> dict:
    name = props.get("name")
    name = str(name) if isinstance(name, str | int | float) and str(name).strip() else f"{label} #{index}"
    citations = props.get("citations")
    if citations is not None:  # held to the atlas's citation rules; a wrong one refuses the layer
        if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
            report.add(ERROR, label, f"#{index}", "citations", "'citations' must be a list of {source, passage, quote}")
        else:
            _check_citations(citations, sources, label, f"#{index}", report)
    uncited = not citations
    properties = {**props, "name": name, "layer": label, "uncited": uncited}
    return {"type": "Feature", "geometry": feature["geometry"], "properties": properties}
