"""The manifest every export carries: which data, view, sources and tool made it, and how to reopen it.

A figure in a report can then be reproduced and checked: ``python -m corridors
manifest FILE`` prints it back, its ``share_link`` reopens the view in the app,
and ``python -m corridors export --share-link LINK`` draws it again. It holds
no timestamp on purpose: the same data and view give the same manifest, so two
exports can be compared by their manifests alone.

``corridors.export.manifest_io`` writes it into each file format and reads it back.
"""

from __future__ import annotations

import functools
import json
import tomllib
from importlib import metadata
from typing import TYPE_CHECKING

from corridors.data.fingerprint import data_version
from corridors.data.paths import REPO_ROOT
from corridors.model.credits import cited_source_ids
from corridors.model.mapview import DEFAULT_BASE_URL, MapView

if TYPE_CHECKING:
    import pandas as pd

    from corridors.data.atlas import Atlas

SCHEMA = "corridor-atlas-manifest/1"
DISTRIBUTION = "corridor-atlas"
KEY = "corridors-manifest"  # the one name the manifest goes by in every file format


@functools.cache
def tool_version() -> str:
    """The installed package's version, or the checkout's ``pyproject.toml`` version."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def source_record(atlas: Atlas, source_id: str) -> dict:
    """A cited source's metadata as its ``seeds/<id>.json`` gives it, without the page-chrome rules."""
    source = atlas.sources[source_id]
    record: dict = {"id": source_id, "title": source.title}
    for key, entry in source.metadata.items():
        if key in ("chrome", "title"):
            continue
        record[key] = entry
    return record


def build_manifest(
    atlas: Atlas,
    view: MapView,
    features: pd.DataFrame,
    fmt: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    description: dict | None = None,
    rendered: dict | None = None,
) -> dict:
    """The manifest of an export of ``view`` in ``fmt`` showing ``features`` (rows of ``atlas.features``)."""
    manifest = {
        "manifest": SCHEMA,
        "tool": {"name": DISTRIBUTION, "version": tool_version()},
        "format": fmt,
        "data_version": data_version(atlas.data_dir),
        "view": view.to_dict(),
        "share_link": view.share_link(base_url),
        "features": list(features.index),
        "sources": [source_record(atlas, sid) for sid in cited_source_ids(atlas, features.index)],
    }
    if description:
        manifest["description"] = description
    if rendered:
        manifest["rendered"] = rendered
    return manifest


def dumps(manifest: dict, indent: int | None = None) -> str:
    """JSON text, ASCII only: it survives PNG tEXt chunks, PDF strings and any terminal."""
    return json.dumps(manifest, ensure_ascii=True, indent=indent, sort_keys=False)


def check_manifest(data: object) -> dict:
    """``data`` when it is a manifest this tool can read, else ``ValueError`` saying why."""
    if not isinstance(data, dict) or data.get("manifest") != SCHEMA:
        found = data.get("manifest") if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"not a Corridor Atlas manifest ({SCHEMA}); found {found!r}")
    MapView.from_dict(data["view"])  # raises on a view this version cannot reopen
    return data
