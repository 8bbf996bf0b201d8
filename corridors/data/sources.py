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

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridors.data.text import normalize, slugify

PASSAGE_KINDS = ("title", "heading", "paragraph", "caption")
_PREFIX = {"title": "h", "heading": "h", "paragraph": "p", "caption": "c"}
_CLOSING_PUNCTUATION = tuple('.?!:;"\'')
_MAX_HEADING_WORDS = 12
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class SourceError(ValueError):
    """A source file or its metadata cannot be read; the message names the file."""


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
        return str(self.metadata.get("title", {}).get("value") or self.id)

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


def load_source(path: Path) -> Source:
    """Read ``<id>.txt`` and its ``<id>.json`` metadata; errors name the file."""
    path = Path(path)
    meta_path = path.with_suffix(".json")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read source text: {exc}") from exc
    if not meta_path.exists():
        raise SourceError(f"{meta_path}: metadata file is missing for source {path.stem!r}")
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{meta_path}: metadata is not valid JSON: {exc}") from exc
    if not isinstance(metadata, dict):
        raise SourceError(f"{meta_path}: metadata must be a JSON object")
    for rule in metadata.get("chrome", []):
        if not isinstance(rule, dict) or not isinstance(rule.get("starts_with"), str):
            raise SourceError(f"{meta_path}: each chrome rule needs a 'starts_with' string")
    source = parse_source(path.stem, raw, metadata)
    source.path = path
    return source


_SOURCE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_sources(seeds_dir: Path) -> dict[str, Source]:
    """Every ``*.txt`` source in ``seeds_dir``, keyed by source id (the file stem)."""
    sources: dict[str, Source] = {}
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        if not _SOURCE_ID.match(path.stem):
            raise SourceError(f"{path}: source id {path.stem!r} must be a lowercase slug")
        sources[path.stem] = load_source(path)
    return sources
