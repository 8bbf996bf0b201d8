"""Command line: ``python -m corridors COMMAND`` — a thin layer over the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .atlas import Atlas, DataError, load_atlas
from .tables import feature_table, table_csv
from .validate import validate

CORRIDORS = ("INSTC", "BAM", "Zangezur", "Karabakh", "context")


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, metavar="DIR",
        help="data directory laid out like the repo (geodata/, seeds/); default: the bundled data",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m corridors",
        description="Corridor Atlas: source-cited maps of Eurasian trade corridors and conflict zones.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("validate", help="check geodata/ and seeds/; exit 1 on any error",
                            description="Check the data and report every problem (file, feature, rule).")
    _data_option(p)
    p.add_argument("--errors-only", action="store_true", help="do not print warnings")
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser("list", help="one row per feature: id, corridor, kind, status, length, citations",
                            description="List the atlas features with geodesic lengths and citation counts.")
    _data_option(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--corridor", choices=CORRIDORS, action="append", help="only these corridors (repeatable)")
    p.set_defaults(func=cmd_list)

    p = commands.add_parser("show", help="a feature's card: names, status, dates, description, citations",
                            description="Print one feature with its citations.")
    _data_option(p)
    p.add_argument("feature", help="feature id (see `list`)")
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("passages", help="the sources' passages with the features citing them",
                            description="List each source's passages (id, kind, text) and the features citing each.")
    _data_option(p)
    p.add_argument("--cited", action="store_true", help="only passages that some feature cites")
    p.add_argument("--chrome", action="store_true", help="also list the page chrome kept out of the passages")
    p.set_defaults(func=cmd_passages)

    p = commands.add_parser("summary", help="per-corridor lengths by status, mode and country; missing links",
                            description="Summarize corridors: geodesic length by status, mode and country.")
    _data_option(p)
    p.add_argument("corridor", nargs="*", help=f"corridors to summarize, from {', '.join(CORRIDORS)} (default: all)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.set_defaults(func=cmd_summary)

    from .export_cli import add_export_command

    add_export_command(commands, _data_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (KeyError, ValueError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1


def cmd_validate(args) -> int:
    report = validate(args.data)
    for problem in report.problems:
        if problem.severity == "error" or not args.errors_only:
            print(problem)
    print(f"validate: {report.summary()}", file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def cmd_list(args) -> int:
    atlas = load_atlas(args.data)
    table = feature_table(atlas, corridors=args.corridor)
    if args.format == "json":
        print(json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(table_csv(table))
    else:
        print(table.fillna("").to_string(index=False, float_format=lambda v: f"{v:,.0f}"))
    return 0


def cmd_show(args) -> int:
    atlas = load_atlas(args.data)
    print(format_card(atlas, args.feature))
    return 0


def format_card(atlas: Atlas, feature_id: str) -> str:
    from .cards import feature_card

    card = feature_card(atlas, feature_id)
    lines = [card["name"], "=" * len(card["name"])]
    for label, value in card["facts"]:
        lines.append(f"{label}: {value}")
    lines += ["", card["description"], "", "Citations:"]
    for n, cite in enumerate(card["citations"], start=1):
        lines.append(f"  [{n}] \u201c{cite['quote']}\u201d")
        lines.append(f"      {cite['source_title']} \u2014 passage {cite['passage']}")
    return "\n".join(lines)


def cmd_passages(args) -> int:
    atlas = load_atlas(args.data)
    for source in atlas.sources.values():
        print(f"# {source.id}: {source.title} ({len(source.passages)} passages)")
        for passage in source.passages:
            features = atlas.features_for_passage(source.id, passage.id)
            if args.cited and not features:
                continue
            print(f"{passage.id}  [{passage.kind}, line {passage.line}]  {passage.text[:100]}")
            if features:
                print(f"    cited by: {', '.join(features)}")
        if args.chrome:
            print(f"# page chrome kept out of {source.id}:")
            for block in source.chrome:
                print(f"  line {block.line} ({block.reason}): {block.text[:100]}")
    return 0


def cmd_summary(args) -> int:
    from .measure import summarize_corridor
    from .reference import load_countries, reference_root

    atlas = load_atlas(args.data)
    countries = load_countries(reference_root(atlas.data_dir))
    unknown = sorted(set(args.corridor) - set(CORRIDORS))
    if unknown:
        raise ValueError(f"unknown corridor(s) {unknown}; choose from {list(CORRIDORS)}")
    wanted = args.corridor or [c for c in CORRIDORS if c != "context"]
    summaries = [summarize_corridor(atlas.features, c, countries).as_dict() for c in wanted]
    if args.format == "json":
        print(json.dumps(summaries, ensure_ascii=False, indent=2))
        return 0
    for s in summaries:
        print(f"{s['corridor']}: {s['features']} features, {s['lines']} lines, {s['total_km']:,.0f} km")
        for key in ("by_status_km", "by_mode_km", "by_country_km"):
            parts = ", ".join(f"{k} {v:,.0f}" for k, v in s[key].items())
            print(f"  {key.removesuffix('_km').replace('_', ' ')}: {parts or '-'}")
        for link in s["missing_links"]:
            length = f"{link['length_km']:,.0f} km" if link["length_km"] is not None else "no length"
            print(f"  missing link: {link['name']} ({link['status']}, {length})")
    return 0
