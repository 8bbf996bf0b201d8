"""The app's map, kept on disk between server processes, keyed by the data fingerprint (issue 11).

Building the map (every layer, the basemap, serializing it the way streamlit-folium does) is the
one slow step between a fresh server and its first map. ``st.cache_resource`` keeps it for every
session of one process; this module keeps it for the next process too:

* ``map-<key>.json`` under ``$CORRIDORS_CACHE`` or ``~/.cache/corridors`` holds the component's
  arguments; the static files they point at are in ``bridge.static_dir()`` (content-addressed);
* the key hashes the data fingerprint (``state.data_fingerprint``: every data file's path, size
  and mtime), the basemap, the cache folder and the code that draws the map (``corridors/web/``,
  the bridge, the vendored assets, folium's and streamlit-folium's versions): editing the data or
  that code builds the map again;
* files are written to a temporary name and renamed into place (a reader never sees half a file);
  a file that cannot be read, does not match its key or points at a static file that is gone is
  ignored and rebuilt; one that cannot be written is skipped -- the cache only ever saves time;
* nothing is written inside the data folder, whose files are the key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from corridors.app import bridge

FORMAT = 1  # bump when the file layout or the meaning of a key changes
DISK_ENTRIES = 32  # map-*.json files kept; the oldest go first
_CODE_DIRS = (Path(__file__).resolve().parents[1] / "web", Path(__file__).resolve().parents[1] / "assets")
_CODE_FILES = (Path(bridge.__file__).resolve(), Path(__file__).resolve().with_name("map_payload.py"))
_FIELDS = ("script", "header", "html", "map_id", "css_links", "js_links")


def cache_dir() -> Path:
    return bridge.static_dir().parent


@functools.cache
def code_version() -> str:
    """A hash of everything that draws the map, once per process (the code does not change under it)."""
    versions = " ".join(f"{name} {version(name)}" for name in ("folium", "branca", "streamlit-folium"))
    digest = hashlib.sha256(versions.encode())
    files = list(_CODE_FILES)
    for folder in _CODE_DIRS:
        files += sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def payload_key(fingerprint: str, basemap: str) -> str:
    parts = (f"format {FORMAT}", fingerprint, basemap, str(bridge.static_dir()), code_version())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached_payload(
    data_dir: Path | str, fingerprint: str, basemap: str, build: Callable[[], bridge.MapPayload]
) -> bridge.MapPayload:
    """The static map payload (``bridge.static_payload``) for this data and basemap: from disk, else
    ``build()`` (then kept)."""
    key = payload_key(fingerprint, basemap)
    payload = _read(key)
    if payload is None:
        payload = build()
        _write(Path(data_dir), key, payload)
    return payload


def _file(key: str) -> Path:
    return cache_dir() / f"map-{key[:32]}.json"


def _read(key: str) -> bridge.MapPayload | None:
    try:
        data = json.loads(_file(key).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        fields = {name: data[name] for name in _FIELDS}
        for name in ("css_links", "js_links"):
            fields[name] = tuple(str(link) for link in fields[name])
        payload = bridge.MapPayload(**fields)
        base = bridge.static_url_base()
        folder = bridge.static_dir()
        names = [link[len(base):] for link in payload.css_links + payload.js_links if link.startswith(base)]
        if not all((folder / name).is_file() for name in [*names, *data.get("extra_files", [])]):
            return None  # the cache folder was cleaned: build the files again
        return payload
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # missing, corrupt or foreign: rebuild
        return None


def _write(data_dir: Path, key: str, payload: bridge.MapPayload) -> None:
    folder = cache_dir()
    with contextlib.suppress(OSError):
        if folder.resolve().is_relative_to(data_dir.resolve()):
            return  # inside the data folder the cache would change the very files it is keyed on
    record = {"format": FORMAT, "key": key, **{name: getattr(payload, name) for name in _FIELDS},
              "extra_files": sorted(name for name, _ in payload.files if name.endswith(".json"))}
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=".map-", suffix=".tmp",
                                         delete=False) as out:
            tmp = Path(out.name)
            json.dump(record, out, ensure_ascii=False)
        os.replace(tmp, _file(key))
        tmp = None
        _prune(folder)
    except OSError:
        pass  # read-only home, full disk: the next process builds the map again, nothing worse
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("map-*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in files[:-DISK_ENTRIES]:
        with contextlib.suppress(OSError):
            old.unlink()
