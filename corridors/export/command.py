"""The ``export``, ``manifest`` and ``describe`` commands of ``python -m corridors``.

``export`` and ``describe`` take the same view options (``add_view_options``):
an extent (``--view LAT,LON,ZOOM`` or ``--bbox W,S,E,N``), layers, status and
mode filters, a date, names, highlighted features, basemap and title, or a whole
view from an app share link (``--share-link URL``), which the other options
then override.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corridors.export.formats import FORMATS, PrintOptions
from corridors.vocabulary import BASEMAPS, CORRIDOR_KEYS, LAYER_GROUP_KEYS, MODES, NAMINGS, STATUSES

PAGES = ("a4", "letter", "a3")  # corridors.printmap.page.PAGES, restated so --help needs no matplotlib
ORIENTATIONS = ("portrait", "landscape")
NONE = "none"


def add_view_options(p: argparse.ArgumentParser) -> None:
    view = p.add_argument_group("view (what the map shows; the same in every format)")
    extent = view.add_mutually_exclusive_group()
    extent.add_argument("--view", metavar="LAT,LON,ZOOM",
                        help="centre and web-map zoom, as in the app's share links (e.g. 39.0,46.2,8); "
                             "the extent is what the app's 800x620 px map shows there")
    extent.add_argument("--bbox", metavar="W,S,E,N", help="extent in degrees: west,south,east,north")
    view.add_argument(
        "--layers", nargs="+", metavar="NAME",
        help=f"corridors or layers to include: {', '.join(CORRIDOR_KEYS + LAYER_GROUP_KEYS)} (default: all)",
    )
    view.add_argument("--status", nargs="+", metavar="STATUS", choices=(*STATUSES, NONE),
                      help=f"only these statuses: {', '.join(STATUSES)}, or {NONE} (not given by the sources)")
    view.add_argument("--mode", nargs="+", metavar="MODE", choices=(*MODES, NONE),
                      help=f"only lines of these modes: {', '.join(MODES)}, or {NONE}")
    view.add_argument("--as-of", metavar="DATE",
                      help="show the atlas as the sources describe it at DATE (e.g. 2023-10)")
    view.add_argument("--sources", nargs="+", metavar="SOURCE",
                      help="only what these sources support (source ids: `python -m corridors passages`)")
    view.add_argument("--known-by", metavar="DATE",
                      help="only what sources published by DATE say (the second clock, beside --as-of)")
    view.add_argument("--names", choices=tuple(NAMINGS), metavar="NAMING",
                      help="names of contested places: " + ", ".join(f"{k} ({v})" for k, v in NAMINGS.items()))
    view.add_argument("--focus", nargs="+", metavar="ID", help="highlight these features (ids from `list`)")
    view.add_argument("--basemap", choices=tuple(BASEMAPS),
                      help="html: starting basemap; online tiles need a network (default: offline)")
    view.add_argument("--title", help="map title (default: the corridors shown and the date)")
    view.add_argument("--share-link", metavar="URL",
                      help="take the whole view from an app share link; the options above override its parts")


def view_from_args(args: argparse.Namespace):
    """The ``MapView`` the options describe; ``ValueError`` naming a bad value."""
    from dataclasses import replace

    from corridors.model.mapview import MapView, parse_bbox, parse_view

    view = MapView.from_link(args.share_link) if args.share_link else MapView()
    changes: dict[str, object] = {}
    if args.view:
        changes.update(centre=parse_view(args.view), bbox=None)
    if args.bbox:
        changes.update(bbox=parse_bbox(args.bbox), centre=None)
    for option, field in (("layers", "layers"), ("status", "statuses"), ("mode", "modes"), ("focus", "focus"),
                          ("sources", "sources")):
        value = getattr(args, option)
        if value is not None:
            changes[field] = tuple(value)
    for option, field in (("as_of", "as_of"), ("known_by", "known_by"), ("names", "naming"), ("basemap", "basemap"),
                          ("title", "title")):
        value = getattr(args, option)
        if value is not None:
            changes[field] = value
    return replace(view, **changes)


def add_export_command(commands, data_option) -> None:
    p = commands.add_parser(
        "export",
        help="write the map or data of a view for a report: html, png, svg, pdf, geojson, gpkg, kml, csv",
        description="Export a view of the atlas for a report. html is self-contained and works offline (an iframe "
        "snippet with the caption is written next to it); png/svg/pdf are maps for print on an A4, Letter or A3 "
        "page (or a PNG of a given width); geojson/gpkg/kml carry the view's features with their citations; csv "
        "has one row per citation. Every file carries a manifest (data version, view, sources, tool version, "
        "share link): `python -m corridors manifest FILE` prints it; a CSV's is in FILE.manifest.json.",
    )
    data_option(p)
    p.add_argument("--format", required=True, choices=FORMATS, help="output format")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    add_view_options(p)
    page = p.add_argument_group("page (png, svg, pdf)")
    page.add_argument("--page", choices=PAGES, help="paper size (default: a4)")
    page.add_argument("--orientation", choices=ORIENTATIONS,
                      help="default: landscape, or portrait for a tall extent")
    page.add_argument("--width-px", type=int, metavar="N",
                      help="png: image width in pixels; without --page, a screen image that wide "
                           "(e.g. 390 for a phone)")
    page.add_argument("--dpi", type=float, help="png: dots per inch (default: 200 on a page, 100 on a screen image)")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help="the app's address for the share link in the manifest (default: http://localhost:8501/)")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here: the parser must build without the geometry stack (fast --help).
    from corridors.data.atlas import load_atlas
    from corridors.export.views import export_view
    from corridors.model.mapview import DEFAULT_BASE_URL

    view = view_from_args(args)
    options = PrintOptions(page=args.page, orientation=args.orientation, width_px=args.width_px, dpi=args.dpi)
    atlas = load_atlas(args.data)
    for path in export_view(atlas, view, args.format, args.out, options=options,
                            base_url=args.base_url or DEFAULT_BASE_URL):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def add_manifest_command(commands) -> None:
    p = commands.add_parser(
        "manifest", help="print the manifest an exported file carries: data version, view, sources, tool, link",
        description="Read back the manifest of a file written by `export` (html, png, svg, pdf, geojson, gpkg, kml, "
        "or a csv with its FILE.manifest.json beside it) and print it as JSON.",
    )
    p.add_argument("file", type=Path, help="an exported file")
    p.add_argument("--field", metavar="NAME", help="print only this top-level field (e.g. view, data_version)")
    p.set_defaults(func=cmd_manifest)


def cmd_manifest(args: argparse.Namespace) -> int:
    from corridors.export.manifest_io import read_manifest

    manifest = read_manifest(args.file)
    if args.field:
        if args.field not in manifest:
            raise ValueError(f"the manifest has no field {args.field!r}; it has {', '.join(manifest)}")
        value = manifest[args.field]
        print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2))
    else:
        print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return 0


def add_describe_command(commands, data_option) -> None:
    p = commands.add_parser(
        "describe", help="alt text and caption of a view: corridors, statuses, missing links, drawn lengths, date",
        description="Describe a view in plain language, as every map export does in its alt text and caption.",
    )
    data_option(p)
    add_view_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=cmd_describe)


def cmd_describe(args: argparse.Namespace) -> int:
    from corridors.data.atlas import load_atlas
    from corridors.model.describe import describe_view
    from corridors.model.mapview import view_features

    view = view_from_args(args)
    atlas = load_atlas(args.data)
    description = describe_view(atlas, view.check(atlas), view_features(atlas, view))
    if args.format == "json":
        print(json.dumps({**description.to_dict(), "view": view.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(f"Alt text:\n{description.alt}\n\nCaption:\n{description.caption}")
    return 0
