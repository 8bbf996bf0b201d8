"""The ``export`` command of ``python -m corridors``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corridors.export.dispatch import FORMATS
from corridors.vocabulary import BASEMAPS, CORRIDOR_KEYS, LAYER_GROUP_KEYS, OFFLINE


def add_export_command(commands, data_option) -> None:
    p = commands.add_parser(
        "export",
        help="write the map or data for a report: html, png, svg, pdf, geojson, gpkg, kml, csv",
        description="Export the atlas (or some layers of it) for a report. html is self-contained and works "
        "offline (an iframe snippet is written next to it); png/svg/pdf are static maps for print; "
        "geojson/gpkg/kml carry the features with their citations; csv has one row per citation.",
    )
    data_option(p)
    p.add_argument("--format", required=True, choices=FORMATS, help="output format")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    p.add_argument(
        "--layers", nargs="+", metavar="NAME",
        help=f"corridors or layers to include: {', '.join(CORRIDOR_KEYS + LAYER_GROUP_KEYS)} (default: all)",
    )
    p.add_argument("--title", help="map title (html, png, svg, pdf)")
    p.add_argument("--as-of", metavar="DATE", help="show the atlas as the sources describe it at DATE (e.g. 2023-10)")
    p.add_argument("--basemap", default=OFFLINE, choices=tuple(BASEMAPS),
                   help="html only: starting basemap; online tiles need a network (default: offline)")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here: the parser must build without the geometry stack (fast --help).
    from corridors.data.atlas import load_atlas
    from corridors.export.dispatch import export
    from corridors.model.selection import Selection

    selection = Selection(layers=tuple(args.layers) if args.layers else None, as_of=args.as_of)
    atlas = load_atlas(args.data)
    options = {"basemap": args.basemap} if args.format == "html" else {}
    for path in export(atlas, args.format, args.out, selection, title=args.title, **options):
        print(f"wrote {path}", file=sys.stderr)
    return 0
