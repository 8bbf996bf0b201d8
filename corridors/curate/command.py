"""The CLI's curation commands: ``suggest``, ``suggest-eval`` and ``add-source``.

Registered by ``corridors.cli``; each imports the library only when it runs, so ``--help`` stays light.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corridors.data.paths import REPO_ROOT

# The hand-labelled place mentions of the shipped article (in a source checkout; not installed).
LABELS_FILE = REPO_ROOT / "tests" / "curate" / "place_mentions.json"
# Where ``suggest-eval --docs`` writes its figures in docs/suggest-quality.md.
BEGIN, END = "<!-- suggest-eval:begin -->", "<!-- suggest-eval:end -->"


def add_curate_commands(commands, data_option) -> None:
    p = commands.add_parser(
        "suggest", help="suggest which features an article's passages support, and the places the atlas lacks",
        description="Read an article (txt, md or html), split it into passages and, for each, rank the atlas "
                    "features it supports with the clause to quote and why; list the places it names that "
                    "the atlas lacks, with their gazetteer candidates. Writes nothing.")
    data_option(p)
    p.add_argument("article", type=Path, help="the article: .txt, .md or .html")
    p.add_argument("--format", dest="fmt", choices=("txt", "md", "html"), help="the article's format "
                   "(default: from the file's suffix)")
    p.add_argument("--json", action="store_true", help="print the SUGGESTIONS.json that add-source reads")
    p.add_argument("--top", type=int, default=10, help="suggestions per passage (default 10)")
    p.add_argument("--id", dest="source_id", help="source id (default: a slug of the file name)")
    p.add_argument("--all", action="store_true", help="also list passages without suggestions")
    p.set_defaults(func=cmd_suggest)

    p = commands.add_parser(
        "suggest-eval", help="measure suggest on the shipped article against its curated citations",
        description="Strip the shipped article's citations, run suggest with leak-free profiles (no "
                    "descriptions, no quotes) and compare with the curated links, per corridor.")
    data_option(p)
    p.add_argument("--labels", type=Path, default=LABELS_FILE, help="hand-labelled place mentions (JSON)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--markdown", action="store_true", help="print the figures as the Markdown tables of the docs")
    p.add_argument("--docs", type=Path, metavar="FILE", help="also rewrite the figures between the markers "
                   f"{BEGIN!r} and {END!r} in FILE (docs/suggest-quality.md)")
    p.set_defaults(func=cmd_suggest_eval)

    p = commands.add_parser(
        "add-source", help="add an article and its accepted links and places to seeds/ and geodata/",
        description="Add the article as a source, write the citations and places accepted in SUGGESTIONS.json, "
                    "print the diff. The one command that writes the data. What the article does not establish "
                    "(title, publisher, date) must be given; 'unknown' records it as unknown.")
    data_option(p)
    p.add_argument("article", type=Path, help="the article the suggestions were made from")
    p.add_argument("--accept", type=Path, required=True, metavar="SUGGESTIONS.json",
                   help="the suggestions with the accepted entries marked \"accepted\": true")
    p.add_argument("--format", dest="fmt", choices=("txt", "md", "html"), help="the article's format")
    p.add_argument("--id", dest="source_id", help="source id (default: from SUGGESTIONS.json or the file name)")
    for key in ("title", "publisher", "date", "author", "url"):
        p.add_argument(f"--{key}", help=f"the article's {key} ('unknown' if it is not known)")
    p.add_argument("--language", help="the article's language (BCP 47, e.g. en)")
    p.add_argument("--test-only", action="store_true", help="mark the source as written for the tests "
                   "(validate refuses it in the shipped seeds/)")
    p.add_argument("--force", action="store_true", help="replace a source of the same id with other content")
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    p.set_defaults(func=cmd_add_source)


def cmd_suggest(args) -> int:
    from corridors.curate.article import read_article
    from corridors.curate.suggest import Suggester
    from corridors.data.atlas import load_atlas

    article = read_article(args.article, args.fmt)
    atlas = load_atlas(args.data)
    report = Suggester(atlas).suggest(article.source(args.source_id), top=args.top)
    if args.json:
        document = report.as_dict()
        document["article"] = {"name": article.name, "format": article.format, "sha256": article.sha256}
        document["metadata"] = {k: {"value": f.value, "established_by": f.established_by}
                                for k, f in article.metadata.items()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    print(format_report(report, show_all=args.all))
    return 0


def format_report(report, show_all: bool = False) -> str:
    lines = []
    for item in report.passages:
        if not (item.suggestions or item.new_places or show_all):
            continue
        p = item.passage
        lines.append(f"{p.id}  [{p.kind}, line {p.line}]  {p.text[:90]}{'…' if len(p.text) > 90 else ''}")
        for n, s in enumerate(item.suggestions, start=1):
            flag = "likely" if s.likely else "check"
            lines.append(f"  {n:>2}. {s.feature}  ({s.name})  score {s.score:.2f}  {flag}")
            lines.append(f"      quote: \u201c{s.quote}\u201d" + ("" if s.quote_ok else "  (too short to cite)"))
            for reason in s.reasons:
                lines.append(f"      why: {reason}")
        for place in item.new_places:
            label = "ambiguous, not resolved" if place.ambiguous else "new place"
            lines.append(f"  {label}: \u201c{place.surface}\u201d")
            for c in place.candidates:
                population = f"population {c.population:,}" if c.population else "no population"
                lines.append(f"      {c.gazetteer_id}  {c.english} ({c.kind}, {c.country or '-'}, {population}) "
                             f"at {c.lat:.4f}, {c.lon:.4f}, within {c.error_km:g} km")
        lines.append("")
    likely = sum(s.likely for i in report.passages for s in i.suggestions)
    total = sum(len(i.suggestions) for i in report.passages)
    new = sum(len(i.new_places) for i in report.passages)
    lines.append(f"suggest: {len(report.passages)} passages, {total} suggestions ({likely} likely), "
                 f"{new} place mention(s) the atlas lacks")
    return "\n".join(lines)


def cmd_suggest_eval(args) -> int:
    from corridors.curate.evaluate import evaluate, markdown
    from corridors.data.atlas import load_atlas

    atlas = load_atlas(args.data)
    labels = args.labels if args.labels and args.labels.exists() else None
    if labels is None:
        print(f"note: no place-mention labels at {args.labels}; mention scores skipped", file=sys.stderr)
    result = evaluate(atlas, labels)
    if args.docs:
        replace_block(args.docs, markdown(result))
        print(f"wrote the figures into {args.docs}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif args.markdown:
        print(markdown(result))
    else:
        print(markdown(result, plain=True))
    return 0


def replace_block(path: Path, text: str) -> None:
    """Put ``text`` between the markers in a Markdown file (the file must have them)."""
    document = path.read_text(encoding="utf-8")
    if BEGIN not in document or END not in document:
        raise ValueError(f"{path}: no {BEGIN} ... {END} markers to write the figures between")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def cmd_add_source(args) -> int:
    from corridors.curate.accept import read_suggestions
    from corridors.curate.article import read_article
    from corridors.curate.writer import SourceOptions, apply_plan, plan_add_source

    article = read_article(args.article, args.fmt)
    accepted = read_suggestions(args.accept)
    options = SourceOptions(args.source_id, args.title, args.publisher, args.date, args.author, args.url,
                            args.language, args.test_only)
    plan = plan_add_source(args.data, article, accepted, options, force=args.force)
    diff = plan.diff()
    print(diff or "no change: the atlas already holds this source and these links")
    for note in plan.notes + plan.skipped:
        print(f"note: {note}", file=sys.stderr)
    summary = (f"source {plan.source_id}: {plan.citations} citation(s), {len(plan.places)} place(s)"
               + (f", {len(plan.report.warnings)} warning(s)" if plan.report and plan.report.warnings else ""))
    if args.dry_run:
        print(f"add-source (dry run, nothing written): {summary}", file=sys.stderr)
        return 0
    written = apply_plan(plan)
    print(f"add-source: wrote {len(written)} file(s); {summary}", file=sys.stderr)
    return 0
