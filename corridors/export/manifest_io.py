"""The manifest inside every export format, and reading it back (``python -m corridors manifest FILE``).

==========  ==============================================================================
html        ``<script type="application/json" id="corridors-manifest">`` in the head (``</``
            written ``<\\/`` so no value can close the script), plus ``<meta>`` tags for the
            description, data version and share link
png         text chunk ``corridors-manifest`` (``corridors.printmap.save``)
pdf         document information key ``CorridorsManifest`` (``corridors.printmap.save``)
svg         ``<metadata id="corridors-manifest">`` (``corridors.printmap.save``)
geojson     a top-level foreign member ``corridors_manifest`` (RFC 7946, section 6.1)
kml         ``<ExtendedData><Data name="corridors_manifest">`` on the Document
gpkg        a row of the GeoPackage metadata extension (``gpkg_metadata``, JSON, scope
            ``dataset``), referenced for the whole GeoPackage in ``gpkg_metadata_reference``
csv         a sidecar ``FILE.manifest.json``: a CSV has no place for it that every reader
            would skip (a comment line breaks Excel's and pandas' defaults)
==========  ==============================================================================
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

from corridors.data.atomic import atomic_output
from corridors.model.manifest import KEY, check_manifest, dumps

MEMBER = "corridors_manifest"  # GeoJSON and KML: an identifier-like name
PDF_KEY = "CorridorsManifest"
MD_STANDARD_URI = "https://github.com/corridor-atlas/manifest/1"  # names the schema; never fetched
SIDECAR_SUFFIX = ".manifest.json"
KML_NS = "http://www.opengis.net/kml/2.2"


def sidecar_path(out: Path) -> Path:
    return out.with_name(out.name + SIDECAR_SUFFIX)


# ---------------------------------------------------------------- writing


def _write_text_atomic(out: Path, text: str, encoding: str = "utf-8") -> None:
    """Whole or not at all (``corridors.data.atomic``); a failure is a ``WriteError`` naming ``out``."""
    with atomic_output(out) as temp:
        temp.write_text(text, encoding=encoding, newline="")


def script_json(manifest: dict) -> str:
    """The manifest as JSON that is safe inside ``<script>``: ``<`` never appears raw."""
    return dumps(manifest).replace("</", "<\\/").replace("<!--", "<\\!--")


def embed_data_manifest(out: Path, fmt: str, manifest: dict) -> list[Path]:
    """Put ``manifest`` into the written data file ``out`` (or beside it); return any extra file written."""
    if fmt == "geojson":
        data = json.loads(out.read_text(encoding="utf-8"))
        data[MEMBER] = manifest
        _write_text_atomic(out, json.dumps(data, ensure_ascii=False) + "\n")
    elif fmt == "kml":
        _embed_kml(out, manifest)
    elif fmt == "gpkg":
        _embed_gpkg(out, manifest)
    elif fmt == "csv":
        sidecar = sidecar_path(out)
        _write_text_atomic(sidecar, dumps(manifest, indent=2) + "\n")
        return [sidecar]
    else:
        raise ValueError(f"no data manifest for format {fmt!r}")
    return []


def _embed_kml(out: Path, manifest: dict) -> None:
    text = out.read_text(encoding="utf-8")
    block = (f' <ExtendedData>\n  <Data name="{MEMBER}">\n   <value>{escape(dumps(manifest))}</value>\n'
             "  </Data>\n </ExtendedData>\n")
    # KML 2.2 orders a Document's children: name, description, styles, ExtendedData, then its folders.
    match = re.search(r"^\s*<Folder>", text, flags=re.M)
    anchor = match.start() if match else text.rindex("</Document>")
    _write_text_atomic(out, text[:anchor] + "\n" + block + text[anchor:].lstrip("\n"))


def _embed_gpkg(out: Path, manifest: dict) -> None:
    with sqlite3.connect(out) as db:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (
              table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
              scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            CREATE TABLE IF NOT EXISTS gpkg_metadata (
              id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
              md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml',
              metadata TEXT NOT NULL DEFAULT '');
            CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (
              reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
              timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
              CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
              CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
            """
        )
        for table in ("gpkg_metadata", "gpkg_metadata_reference"):
            db.execute(
                "INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
                "VALUES (?, NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', "
                "'read-write')", (table,),
            )
        stale = [row[0] for row in db.execute("SELECT id FROM gpkg_metadata WHERE md_standard_uri = ?",
                                              (MD_STANDARD_URI,))]
        for md_id in stale:
            db.execute("DELETE FROM gpkg_metadata_reference WHERE md_file_id = ?", (md_id,))
            db.execute("DELETE FROM gpkg_metadata WHERE id = ?", (md_id,))
        cursor = db.execute(
            "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES (?, ?, ?, ?)",
            ("dataset", MD_STANDARD_URI, "application/json", dumps(manifest)),
        )
        db.execute("INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)",
                   (cursor.lastrowid,))


# ---------------------------------------------------------------- reading


def read_manifest(path: Path | str) -> dict:
    """The manifest an export carries, whatever its format; ``ValueError`` saying why when there is none."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    head = path.read_bytes()[:1024]
    suffix = path.suffix.lower()
    if path.name.endswith(SIDECAR_SUFFIX):
        text = path.read_text(encoding="utf-8")
    elif head.startswith(b"\x89PNG"):
        text = _png_text(path)
    elif head.startswith(b"%PDF"):
        text = _pdf_text(path)
    elif head.startswith(b"SQLite format 3"):
        text = _gpkg_text(path)
    elif suffix == ".csv":
        sidecar = sidecar_path(path)
        if not sidecar.exists():
            raise ValueError(f"{path}: a CSV keeps its manifest beside it, in {sidecar.name}, which is missing")
        text = sidecar.read_text(encoding="utf-8")
    elif suffix in (".html", ".htm") or b"<html" in head.lower() or b"<!doctype html" in head.lower():
        text = _html_text(path)
    elif suffix == ".svg" or b"<svg" in head:
        text = _xml_text(path, "svg")
    elif suffix == ".kml" or b"<kml" in head:
        text = _xml_text(path, "kml")
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or MEMBER not in data:
            raise ValueError(f"{path}: no {MEMBER!r} member in this JSON")
        return check_manifest(data[MEMBER])
    try:
        return check_manifest(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: the manifest is not valid JSON ({exc})") from None


def _missing(path: Path, where: str) -> ValueError:
    return ValueError(f"{path}: no Corridor Atlas manifest found ({where}); was it exported by `corridors export`?")


def _png_text(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        text = getattr(image, "text", {}).get(KEY)
    if text is None:
        raise _missing(path, f"no PNG text chunk {KEY!r}")
    return text


def _html_text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    match = re.search(rf'<script type="application/json" id="{KEY}">(.*?)</script>', page, flags=re.S)
    if match is None:
        raise _missing(path, f'no <script id="{KEY}">')
    return match.group(1)


def _xml_text(path: Path, kind: str) -> str:
    root = ET.parse(path).getroot()
    if kind == "svg":
        for element in root.iter("{http://www.w3.org/2000/svg}metadata"):
            if element.get("id") == KEY:
                return "".join(element.itertext())
        raise _missing(path, f'no <metadata id="{KEY}">')
    for data in root.iter(f"{{{KML_NS}}}Data"):
        if data.get("name") == MEMBER:
            value = data.find(f"{{{KML_NS}}}value")
            if value is not None and value.text:
                return value.text
    raise _missing(path, f'no <Data name="{MEMBER}">')


def _gpkg_text(path: Path) -> str:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT metadata FROM gpkg_metadata WHERE md_standard_uri = ? ORDER BY id DESC",
                             (MD_STANDARD_URI,)).fetchone()
    except sqlite3.Error as exc:
        raise _missing(path, f"gpkg_metadata: {exc}") from None
    if row is None:
        raise _missing(path, "no gpkg_metadata row")
    return row[0]


_PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")",
                b"\\": b"\\"}


def _pdf_text(path: Path) -> str:
    """The ``/CorridorsManifest`` string of the last document information dictionary (uncompressed, as written).

    A literal string ``(...)`` with PDF escapes, or a hex string ``<FEFF...>``
    (UTF-16). A PDF re-saved by another tool may pack its objects into compressed
    streams; then this reader finds nothing and says so.
    """
    data = path.read_bytes()
    start = data.rfind(b"/" + PDF_KEY.encode())
    if start < 0:
        raise _missing(path, f"no /{PDF_KEY} in the document information")
    i = start + len(PDF_KEY) + 1
    while data[i:i + 1] in b" \r\n\t":
        i += 1
    if data[i:i + 1] == b"<":
        end = data.index(b">", i)
        raw = bytes.fromhex(data[i + 1:end].decode("ascii"))
        return raw.decode("utf-16") if raw[:2] in (b"\xfe\xff", b"\xff\xfe") else raw.decode("latin-1")
    if data[i:i + 1] != b"(":
        raise _missing(path, f"/{PDF_KEY} is not a string")
    out, depth, i = bytearray(), 1, i + 1
    while depth:
        char = data[i:i + 1]
        if char == b"\\":
            nxt = data[i + 1:i + 2]
            if nxt in _PDF_ESCAPES:
                out += _PDF_ESCAPES[nxt]
                i += 2
            elif nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4]).group(0)
                out.append(int(digits, 8))
                i += 1 + len(digits)
            else:  # a line continuation or an unknown escape: the backslash is dropped
                i += 2 if nxt in b"\r\n" else 1
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if not depth:
                break
        out += char
        i += 1
    return out.decode("latin-1")
