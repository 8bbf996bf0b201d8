"""Source articles split into citable passages with stable ids.

A source is ``seeds/<source-id>.txt`` (the article as captured, page chrome and
all) with ``seeds/<source-id>.json`` beside it (title, publisher, what is known
of author, date and URL, and which blocks are page chrome).

Blocks are separated by blank lines. A block whose lines are all the same text
is a photo caption (the capture prints each caption twice); a short line with no
closing punctuation is a heading; everything else is a paragraph. Chrome blocks
named in the metadata are kept out of the passages but reported.

A passage id is the kind's prefix plus a slug of the passage's first words
(``p-when-the-presidents-of-azerbaijan-and``). It depends only on the passage's
own opening, so editing, adding or removing another passage never changes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridors.data.limits import Limits, current
from corridors.data.loader import Budget, LoadError, list_files, read_json, read_text
from corridors.data.text import normalize, slugify
from corridors.data.textcheck import describe_char, forbidden_char, walk

PASSAGE_KINDS = ("title", "heading", "paragraph", "caption")
_PREFIX = {"title": "h", "heading": "h", "paragraph": "p", "caption": "c"}
_CLOSING_PUNCTUATION = tuple('.?!:;"\'')
_MAX_HEADING_WORDS = 12
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class SourceError(ValueError):
    """A source file or its metadata cannot be read; the message names the file.

    ``file`` is the file's label (relative to the data folder), ``rule`` the
    validation rule it breaks: ``file``, ``limits``, ``encoding``, ``json``,
    ``text`` or ``source`` (metadata of the wrong shape).
    """

    def __init__(self, message: str, file: str = "", rule: str = "source"):
        super().__init__(message)
        self.file = file or message.split(":", 1)[0]
        self.rule = rule
        self.detail = message.removeprefix(f"{self.file}: ")  # the message without the file's name


@dataclass(frozen=True)
class Passage:
    source: str
    id: str
    kind: str
    text: str
    index: int
    line: int  # 1-based line in the source file, for error messages and the reader


@dataclass(frozen=True)
class ChromeBlock:
    text: str
    line: int
    reason: str


@dataclass
class Source:
    id: str
    path: Path
    metadata: dict
    passages: list[Passage]
    chrome: list[ChromeBlock] = field(default_factory=list)

    @property
    def title(self) -> str:
        entry = self.metadata.get("title")
        value = entry.get("value") if isinstance(entry, dict) else None
        return value if isinstance(value, str) and value else self.id

    @property
    def present_date(self) -> str | None:
        """The date the source's present tense refers to: its date, or its earliest possible
        date (``not_before``) when only that is known; None when the metadata has neither.

        The atlas describes what a source gives without a date (a railway that "already"
        exists) as holding from this date, never earlier.
        """
        entry = self.metadata.get("date")
        if not isinstance(entry, dict):
            return None
        for key in ("not_before", "value"):
            value = entry.get(key)
            if isinstance(value, str) and _PARTIAL_DATE.match(value):
                return value
        return None

    def passage(self, passage_id: str) -> Passage | None:
        return self._by_id.get(passage_id)

    def __post_init__(self) -> None:
        self._by_id = {p.id: p for p in self.passages}


@dataclass(frozen=True)
class _Block:
    lines: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def _blocks(raw: str) -> Iterator[_Block]:
    current: list[str] = []
    start = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            yield _Block(tuple(current), start)
            current = []
    if current:
        yield _Block(tuple(current), start)


def _classify(block: _Block) -> str:
    distinct = {normalize(line) for line in block.lines}
    if len(block.lines) > 1 and len(distinct) == 1:
        return "caption"
    text = block.text
    if (
        len(block.lines) == 1
        and len(text.split()) <= _MAX_HEADING_WORDS
        and not text.rstrip().endswith(_CLOSING_PUNCTUATION)
    ):
        return "heading"
    return "paragraph"


def _chrome_reason(text: str, rules: list[dict]) -> tuple[str, bool] | None:
    normalized = normalize(text)
    for rule in rules:
        if normalized.startswith(normalize(rule["starts_with"])):
            return rule.get("reason", "page chrome"), bool(rule.get("to_end"))
    return None


def parse_source(source_id: str, raw: str, metadata: dict) -> Source:
    """Split ``raw`` article text into passages and chrome, following ``metadata``."""
    rules = metadata.get("chrome", [])
    passages: list[Passage] = []
    chrome: list[ChromeBlock] = []
    used_ids: set[str] = set()
    in_footer: str | None = None
    for block in _blocks(raw):
        text = block.text
        if in_footer is None:
            matched = _chrome_reason(text, rules)
            if matched:
                reason, to_end = matched
                chrome.append(ChromeBlock(text, block.line, reason))
                if to_end:
                    in_footer = reason
                continue
        else:
            chrome.append(ChromeBlock(text, block.line, in_footer))
            continue
        kind = _classify(block)
        if kind == "caption":
            text = block.lines[0].strip()
        elif kind == "heading" and not any(p.kind == "title" for p in passages):
            kind = "title"
        passage_id = _unique_id(f"{_PREFIX[kind]}-{slugify(text)}", used_ids)
        passages.append(Passage(source_id, passage_id, kind, text, len(passages), block.line))
    return Source(source_id, Path(), metadata, passages, chrome)


def _unique_id(candidate: str, used: set[str]) -> str:
    # Two passages opening with the same words: number the later ones. Only the
    # colliding passages are affected, so the rest keep their ids.
    passage_id, n = candidate, 2
    while passage_id in used:
        passage_id = f"{candidate}-{n}"
        n += 1
    used.add(passage_id)
    return passage_id


# Metadata entries that record one fact and how it was established.
_FACTS = ("title", "publisher", "author", "date", "url")


def _type_name(value) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def metadata_problems(metadata, limits: Limits | None = None) -> list[str]:
    """Why ``metadata`` (a parsed ``seeds/<id>.json``) cannot be used; empty when it can."""
    limits = current(limits)
    if not isinstance(metadata, dict):
        return [f"metadata must be a JSON object, got {_type_name(metadata)}"]
    problems = []
    for name in _FACTS:
        entry = metadata.get(name)
        if entry is None:
            continue
        if not isinstance(entry, dict):
            problems.append(f"{name!r} must be an object with 'value' and 'established_by', got {_type_name(entry)}")
        elif not isinstance(entry.get("value"), str | None):
            problems.append(f"{name}.value must be a string or null, got {_type_name(entry.get('value'))}")
        elif not isinstance(entry.get("established_by", ""), str):
            problems.append(f"{name}.established_by must be a string")
    if not isinstance(metadata.get("language", ""), str):
        problems.append("'language' must be a string")
    chrome = metadata.get("chrome", [])
    if not isinstance(chrome, list):
        problems.append(f"'chrome' must be a list of rules, got {_type_name(chrome)}")
    else:
        for n, rule in enumerate(chrome, start=1):
            if not isinstance(rule, dict) or not isinstance(rule.get("starts_with"), str) or not rule["starts_with"]:
                problems.append(f"chrome rule {n} needs a 'starts_with' string")
            elif not isinstance(rule.get("reason", ""), str) or not isinstance(rule.get("to_end", False), bool):
                problems.append(f"chrome rule {n}: 'reason' must be a string and 'to_end' true or false")
    for where, _, message in walk(metadata, limits, text_keys=frozenset({"established_by", "note", "value"})):
        problems.append(f"{where}: {message}")
    return problems


def _text_problem(raw: str) -> str | None:
    hit = forbidden_char(raw, "text")
    if hit is None:
        return None
    offset, char = hit
    line = raw.count("\n", 0, offset) + 1
    return f"line {line} holds {describe_char(char)}; control and bidirectional-override characters are not allowed"


def _label(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_source(path: Path, root: Path | None = None, limits: Limits | None = None,
                budget: Budget | None = None) -> Source:
    """Read ``<id>.txt`` and its ``<id>.json`` metadata through the bounded loader; errors name the file.

    ``root`` is the data folder the files must lie in (default: the folder above ``seeds/``).
    """
    path = Path(path)
    root = Path(root) if root is not None else path.parent.parent
    limits = current(limits)
    meta_path = path.with_suffix(".json")
    label, meta_label = _label(path, root), _label(meta_path, root)
    try:
        raw = read_text(path, root, limits, budget)
    except LoadError as exc:
        raise SourceError(f"{label}: {exc.message}", label, exc.rule) from None
    problem = _text_problem(raw)
    if problem:
        raise SourceError(f"{label}: {problem}", label, "text")
    if not meta_path.exists() and not meta_path.is_symlink():
        raise SourceError(f"{meta_label}: metadata file is missing for source {path.stem!r}", meta_label, "file")
    try:
        metadata = read_json(meta_path, root, limits, budget)
    except LoadError as exc:
        raise SourceError(f"{meta_label}: {exc.message}", meta_label, exc.rule) from None
    problems = metadata_problems(metadata, limits)
    if problems:
        raise SourceError(f"{meta_label}: " + "; ".join(problems[:5]), meta_label, "source")
    source = parse_source(path.stem, raw, metadata)
    source.path = path
    return source


_SOURCE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Sources(dict):
    """Sources by id, plus what could not be read: ``errors`` (one ``SourceError`` each) and
    ``folder_error`` when ``seeds/`` itself is missing or unreadable. A citation of an
    unreadable source is then not also reported as "not in seeds/"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors: dict[str, SourceError] = {}
        self.folder_error: SourceError | None = None

    def unreadable(self, source_id: str) -> bool:
        return self.folder_error is not None or source_id in self.errors


def read_sources(seeds_dir: Path, root: Path | None = None, limits: Limits | None = None,
                 budget: Budget | None = None) -> Sources:
    """Every ``*.txt`` source in ``seeds_dir`` that can be read; the others in ``errors``."""
    seeds_dir = Path(seeds_dir)
    root = Path(root) if root is not None else seeds_dir.parent
    limits = current(limits)
    sources = Sources()
    label = _label(seeds_dir, root) + "/"
    try:
        paths = list_files(seeds_dir, ".txt")
    except LoadError as exc:
        sources.folder_error = SourceError(f"{label}: {exc.message}", label, exc.rule)
        return sources
    if not paths:
        sources.folder_error = SourceError(f"{label}: no source (*.txt with its *.json) found", label, "file")
    if len(paths) > limits.files:
        sources.folder_error = SourceError(f"{label}: {len(paths):,} sources, more than the limit of "
                                           f"{limits.files:,} files (CORRIDORS_LIMIT_FILES)", label, "limits")
        return sources
    for path in paths:
        if not _SOURCE_ID.match(path.stem):
            sources.errors[path.stem] = SourceError(
                f"{_label(path, root)}: source id {path.stem!r} must be a lowercase slug", _label(path, root), "source")
            continue
        try:
            sources[path.stem] = load_source(path, root, limits, budget)
        except SourceError as exc:
            sources.errors[path.stem] = exc
    return sources


def load_sources(seeds_dir: Path, root: Path | None = None, limits: Limits | None = None,
                 budget: Budget | None = None) -> dict[str, Source]:
    """Every ``*.txt`` source in ``seeds_dir``, keyed by source id (the file stem); the first problem raises."""
    sources = read_sources(seeds_dir, root, limits, budget)
    if sources.folder_error is not None:
        raise sources.folder_error
    if sources.errors:
        raise next(iter(sources.errors.values()))
    return sources
