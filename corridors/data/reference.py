"""Offline country boundaries (Natural Earth, public domain) for validation and basemaps.

Two files under ``geodata/reference/``, built by ``scripts/build_reference.py``
from the npm package ``world-atlas@2.0.2`` (Natural Earth 4.1.0); provenance,
clipping box, tolerances and caveats (Crimea and other disputed areas) are in
``geodata/reference/README.md``:

* ``countries.geojson`` -- 1:10m countries, lightly simplified: for checking
  that a feature lies in the countries it declares;
* ``basemap.geojson`` -- a coarser version, small enough to inline in HTML;
* ``surroundings.geojson`` -- what the web basemap draws round the region (1:110m land, coasts
  and borders, so no cut edge shows) and the major lakes and rivers in it (1:50m), one feature
  per ``kind``; built by ``scripts/build_surroundings.py``.

Both hold one (multi)polygon per ISO 3166-1 alpha-3 code (``iso_a3``, plus
``XKX`` for Kosovo), with the Natural Earth short ``name``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd

from corridors.data.limits import Limits
from corridors.data.loader import LoadError, check_file
from corridors.data.paths import bundled_data_dir

__all__ = [
    "BASEMAP_FILE", "COUNTRIES_FILE", "REFERENCE_DIR", "SURROUNDINGS_FILE", "load_basemap", "load_countries",
    "load_surroundings", "reference_root",
]

REFERENCE_DIR = Path("geodata") / "reference"
COUNTRIES_FILE = REFERENCE_DIR / "countries.geojson"
BASEMAP_FILE = REFERENCE_DIR / "basemap.geojson"
SURROUNDINGS_FILE = REFERENCE_DIR / "surroundings.geojson"
SURROUNDING_KINDS = ("land", "coast", "border", "lake", "river")
COLUMNS = ["iso_a3", "name", "geometry"]


def reference_root(data_dir: Path | str) -> Path:
    """``data_dir`` if it carries its own boundaries, else the bundled repository.

    A data directory may hold only ``geodata/*.geojson`` and ``seeds/``; the
    boundaries are the same for every atlas, so it borrows the bundled ones.
    A data directory's own boundaries must be regular files inside it within
    the file size limit (``corridors.data.loader``): GDAL would otherwise block
    on a FIFO or read ``/dev/zero`` until memory ran out. ``ValueError`` names
    the file that is not. (The validator always checks against the bundled
    boundaries: what data is checked against never comes from the data.)
    """
    data_dir = Path(data_dir)
    if not (data_dir / COUNTRIES_FILE).exists() and not (data_dir / COUNTRIES_FILE).is_symlink():
        return bundled_data_dir()
    limits = Limits.from_env()
    for name in (COUNTRIES_FILE, BASEMAP_FILE):
        if (data_dir / name).exists() or (data_dir / name).is_symlink():
            try:
                check_file(data_dir / name, data_dir, limits.file_bytes, "CORRIDORS_LIMIT_FILE_BYTES")
            except LoadError as exc:
                raise ValueError(f"{name}: {exc.message}") from None
    return data_dir


def load_countries(data_dir: Path | str) -> gpd.GeoDataFrame:
    """The validation boundaries: ``data_dir/geodata/reference/countries.geojson``.

    ``data_dir`` is laid out like the repository. Returns a GeoDataFrame in
    EPSG:4326 with columns ``iso_a3``, ``name``, ``geometry``, one row per
    country, in ``iso_a3`` order (a fresh copy each call). Raises
    ``FileNotFoundError`` naming the missing file, ``ValueError`` naming a file
    that is not usable boundaries.
    """
    return _load(Path(data_dir) / COUNTRIES_FILE)


def load_basemap(data_dir: Path | str) -> gpd.GeoDataFrame:
    """The display boundaries: ``data_dir/geodata/reference/basemap.geojson`` (same columns)."""
    return _load(Path(data_dir) / BASEMAP_FILE)


def load_surroundings(data_dir: Path | str) -> gpd.GeoDataFrame:
    """The web basemap's surroundings, lakes and rivers: columns ``kind``, ``geometry``, one row
    per kind of ``SURROUNDING_KINDS``, in that order. Missing or unusable files raise as above."""
    path = Path(data_dir) / SURROUNDINGS_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"basemap surroundings not found: {path} (built by scripts/build_surroundings.py)") \
            from None
    return _read_surroundings(path.resolve(), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=4)
def _read_surroundings(path: Path, _mtime_ns: int, _size: int) -> gpd.GeoDataFrame:
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:
        raise ValueError(f"{path}: cannot read as GeoJSON: {exc}") from exc
    if "kind" not in gdf.columns or sorted(gdf["kind"]) != sorted(SURROUNDING_KINDS):
        raise ValueError(f"{path}: expected one feature of each kind {', '.join(SURROUNDING_KINDS)}")
    gdf = gdf[["kind", "geometry"]].set_crs("EPSG:4326", allow_override=True)
    order = {k: i for i, k in enumerate(SURROUNDING_KINDS)}
    return gdf.sort_values("kind", key=lambda s: s.map(order)).reset_index(drop=True)


def _load(path: Path) -> gpd.GeoDataFrame:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"reference boundaries not found: {path} (built by scripts/build_reference.py)"
        ) from None
    return _read(path.resolve(), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=8)
def _read(path: Path, _mtime_ns: int, _size: int) -> gpd.GeoDataFrame:
    # mtime and size are part of the cache key so a rebuilt file is re-read.
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises its own DataSourceError etc.
        raise ValueError(f"{path}: cannot read as GeoJSON: {exc}") from exc
    missing = [c for c in COLUMNS if c not in gdf.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    if gdf.empty:
        raise ValueError(f"{path}: no features")
    if gdf["iso_a3"].isna().any() or not gdf["iso_a3"].is_unique:
        dupes = sorted(gdf.loc[gdf["iso_a3"].duplicated(), "iso_a3"].dropna().unique())
        raise ValueError(f"{path}: iso_a3 must be present and unique (duplicates: {dupes})")
    bad = ~gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if bad.any():
        raise ValueError(f"{path}: non-polygon geometry for {sorted(gdf.loc[bad, 'iso_a3'])}")
    gdf = gdf[COLUMNS].set_crs("EPSG:4326", allow_override=True)
    return gdf.sort_values("iso_a3", kind="stable").reset_index(drop=True)
