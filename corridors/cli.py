"""Command line: ``python -m corridors COMMAND`` — a thin layer over the library.

Each command imports what it needs when it runs: ``--help`` and argument errors must answer
at once, without loading the geometry stack (geopandas, shapely) or any renderer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.data.errors import DataError
from corridors.vocabulary import CORRIDOR_KEYS as CORRIDORS

if TYPE_CHECKING:
    from corridors.data.atlas import Atlas


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, metavar="DIR",
        help="data directory laid out like the repo (geodata/, seeds/); default: the bundled data",
    )


def _as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", metavar="DATE", default=None,
        help="as the sources describe it at DATE (2016, 2023-05, 2023-09-19): features not yet described "
             "are left out, the others get their status at DATE (the same rule as the map's as-of date)",
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

    p = commands.add_parser(
        "list", help="one row per feature: id, corridor, kind, status, drawn and stated length, citations",
        description="List the atlas features: status (at a date with --as-of), drawn and stated lengths, "
                    "citation counts; --format json adds the quotes behind each status and stated length.")
    _data_option(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--corridor", choices=CORRIDORS, action="append", help="only these corridors (repeatable)")
    _as_of_option(p)
    p.set_defaults(func=cmd_list)

    p = commands.add_parser("show", help="a feature's card: names, status, dates, lengths, each with its evidence",
                            description="Print one feature: every fact with its basis and the numbers of the "
                                        "citations behind it, then the numbered citations.")
    _data_option(p)
    p.add_argument("feature", help="feature id (see `list`)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _as_of_option(p)
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("passages", help="the sources' passages with the features citing them",
                            description="List each source's passages (id, kind, text) and the features citing each.")
    _data_option(p)
    p.add_argument("--cited", action="store_true", help="only passages that some feature cites")
    p.add_argument("--chrome", action="store_true", help="also list the page chrome kept out of the passages")
    p.set_defaults(func=cmd_passages)

    p = commands.add_parser("summary", help="per-corridor drawn lengths by status, mode and country; stated lengths",
                            description="Summarize corridors: drawn (geodesic) length by status, mode and country, "
                                        "missing links, and the lengths the sources state, with their quotes.")
    _data_option(p)
    p.add_argument("corridor", nargs="*", help=f"corridors to summarize, from {', '.join(CORRIDORS)} (default: all)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.set_defaults(func=cmd_summary)

    from corridors.curate.command import add_curate_commands
    from corridors.export.command import add_describe_command, add_export_command, add_manifest_command

    add_export_command(commands, _data_option)
    add_manifest_command(commands)
    add_describe_command(commands, _data_option)
    add_curate_commands(commands, _data_option)
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


def load_atlas(data_dir: Path | None) -> Atlas:
    from corridors.data.atlas import load_atlas as load

    return load(data_dir)


def cmd_validate(args) -> int:
    from corridors.data.validate import validate

    report = validate(args.data)
    for problem in report.problems:
        if problem.severity == "error" or not args.errors_only:
            print(problem)
    print(f"validate: {report.summary()}", file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def cmd_list(args) -> int:
    from corridors.model.tables import feature_records, feature_table, table_csv

    atlas = load_atlas(args.data)
    if args.format == "json":
        records = feature_records(atlas, corridors=args.corridor, as_of=args.as_of)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    table = feature_table(atlas, corridors=args.corridor, as_of=args.as_of)
    if args.format == "csv":
        sys.stdout.write(table_csv(table))  # text cells that would run as spreadsheet formulas get a '
    else:
        shown = table.astype(object)
        for column in ("drawn_km", "stated_km"):
            shown[column] = [f"{v:,.0f}" if isinstance(v, (int, float)) and v == v else "" for v in table[column]]
        print(shown.where(shown.notna(), "").to_string(index=False))
    return 0


def cmd_show(args) -> int:
    from corridors.model.cards import feature_card

    atlas = load_atlas(args.data)
    if args.format == "json":
        card = feature_card(atlas, args.feature, as_of=args.as_of)
        card = {k: v for k, v in card.items() if k != "facts"}  # ``rows`` hold the same, with evidence
        print(json.dumps(card, ensure_ascii=False, indent=2))
        return 0
    print(format_card(atlas, args.feature, as_of=args.as_of))
    return 0


def format_card(atlas: Atlas, feature_id: str, as_of: str | None = None) -> str:
    """The card as text: each fact with its basis and ``[n]`` citation numbers, then the numbered quotes."""
    from corridors.model.cards import feature_card

    card = feature_card(atlas, feature_id, as_of=as_of)
    lines = [card["name"], "=" * len(card["name"])]
    if as_of:
        where = "on the map" if card["shown"] else "not on the map"
        lines.append(f"As of {as_of} ({where}; the sources describe it from {card['described_from']})")
    for label, value in card["facts"]:
        lines.append(f"{label}: {value}")
    for d in card["disagreements"]:
        lines += ["", f"The sources disagree on {d['what']}:"]
        for side in d["sides"]:
            refs = "".join(f"[{q['n']}]" for q in side["quotes"])
            lines.append(f"  {side['value']} {refs} \u2014 {_source_label(side)}")
    lines += ["", card["description"], "", "Citations ([n] above):"]
    by_n = {cite["n"]: cite for cite in card["citations"]}
    for group in card["sources"]:
        lines.append(f"  {_source_label(group)}")
        for n in group["cites"]:
            lines.append(f"    [{n}] \u201c{by_n[n]['quote']}\u201d")
            lines.append(f"        {by_n[n]['passage_label']}")
    return "\n".join(lines)


def _source_label(info: dict) -> str:
    """``Title — Publisher, date`` for a source (``model.sources``), unknowns said as such."""
    return f"{info['title']} \u2014 {info['publisher'] or 'publisher unknown'}, {info['date_label']}"


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
    from corridors.data.reference import load_countries, reference_root
    from corridors.model.measures import summarize_corridor

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
        print(f"{s['corridor']}: {s['features']} features, {s['lines']} lines, {s['total_km']:,.0f} km drawn")
        for key in ("by_status_km", "by_mode_km", "by_country_km"):
            parts = ", ".join(f"{k} {v:,.0f}" for k, v in s[key].items())
            print(f"  {key.removesuffix('_km').replace('_', ' ')} (km drawn): {parts or '-'}")
        for link in s["missing_links"]:
            length = f"{link['length_km']:,.0f} km drawn" if link["length_km"] is not None else "no length"
            print(f"  missing link: {link['name']} ({link['status']}, {length})")
        for stated in s["stated_lengths"]:
            around = "around " if stated["approx"] else ""
            drawn = (f"; drawn {stated['drawn_km']:,.0f} km, {stated['drawn_share'] * 100:.0f} %"
                     if stated["drawn_km"] is not None else "")
            print(f"  stated length: {stated['name']} {around}{stated['stated_km']:,.0f} km{drawn}")
            for e in stated["evidence"]:
                print(f"    [{e['n']}] \u201c{e['quote']}\u201d \u2014 passage {e['passage']}")
    print("Drawn lengths are geodesic lengths of the drawn lines: chords between known points, "
          "shorter than the real track.")
    return 0
