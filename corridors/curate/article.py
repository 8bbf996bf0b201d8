"""Read a new article (plain text, Markdown or HTML) into the text format of ``seeds/`` and its passages.

The output text is what ``add-source`` saves as ``seeds/<id>.txt``, so the
passages ``suggest`` shows are exactly the passages the saved source will have
(``corridors.data.sources.parse_source`` splits both). The conversions keep the
conventions of that format: blocks are separated by blank lines; a heading is
a short line of its own; a photo caption is written twice (the format's caption
mark, as the captured pages print them). Nothing is rewritten inside a block,
so every quote stays verbatim.

- **Plain text** is taken as it is.
- **Markdown**: ``#`` headings become heading lines, list items and block
  quotes become blocks, links and emphasis keep their text; a YAML-style front
  matter block (``---``) gives ``title``, ``publisher``, ``author``, ``date``
  and ``url`` when present.
- **HTML**: block elements become blocks; ``script``, ``style``, ``nav``,
  ``header``, ``footer``, ``aside``, ``form`` and ``noscript`` are left out;
  ``figcaption`` is a caption; ``<title>``, ``<meta>`` (Open Graph,
  ``author``, ``article:published_time``), ``<time datetime>`` and the
  canonical link give the metadata, each saying where it was read.

Metadata found here is *established by* the article itself; what is not found
stays unknown (``add-source`` asks for it and never invents it).
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from corridors.data.sources import Source, parse_source
from corridors.data.text import slugify

# The same bound as a seeds/*.txt article (the loader's text limit): an article is read whole.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
FORMATS = ("txt", "md", "html")
_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


class ArticleError(ValueError):
    """The article cannot be read; the message says why."""


@dataclass(frozen=True)
class Found:
    """A metadata value read from the article, with where it was read."""

    value: str
    established_by: str


@dataclass
class Article:
    """An article converted to the ``seeds/`` text format, with what it says about itself."""

    name: str  # the file name (or "pasted text")
    format: str  # "txt", "md" or "html"
    text: str  # the seeds/ text: blocks separated by blank lines
    sha256: str  # of the bytes as given, so add-source can check it is the same article
    metadata: dict[str, Found] = field(default_factory=dict)

    @property
    def default_id(self) -> str:
        """A source id from the file name (a lowercase slug)."""
        stem = Path(self.name).stem if self.name else ""
        return slugify(stem, max_words=8, max_length=60) if stem else "article"

    def source(self, source_id: str | None = None) -> Source:
        """The article split into passages, exactly as ``seeds/<id>.txt`` would be."""
        return parse_source(source_id or self.default_id, self.text, {})


def read_article(path: Path | str, fmt: str | None = None) -> Article:
    """Read an article file (at most ``MAX_ARTICLE_BYTES``); the format from ``fmt`` or the suffix."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: not a file")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} an article may have")
    with open(path, "rb") as f:
        data = f.read(MAX_ARTICLE_BYTES + 1)
    return article_from_bytes(data, path.name, fmt)


def article_from_bytes(data: bytes, name: str = "pasted text", fmt: str | None = None) -> Article:
    """Convert an article given as bytes (an upload, a paste) to the seeds/ format."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: more than the {MAX_ARTICLE_BYTES:,} bytes an article may have")
    fmt = fmt or _SUFFIXES.get(Path(name).suffix.lower()) or sniff_format(data)
    if fmt not in FORMATS:
        raise ArticleError(f"{name}: unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    raw = _decode(data, name)
    if fmt == "html":
        text, metadata = html_to_text(raw)
    elif fmt == "md":
        text, metadata = markdown_to_text(raw)
    else:
        text, metadata = _plain(raw), {}
    if not text.strip():
        raise ArticleError(f"{name}: no text found in the article")
    return Article(name, fmt, text, hashlib.sha256(data).hexdigest(), metadata)


def sniff_format(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(p|div|h1|article|body)[\s>]", head):
        return "html"
    if re.search(rb"(?m)^#{1,6} \S", data[:8192]):
        return "md"
    return "txt"


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); "
                           "save the article as UTF-8") from None


def _plain(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n") + "\n"


def _join_blocks(blocks: list[str]) -> str:
    kept = [b for b in (" ".join(b.split()) for b in blocks) if b]
    return "\n\n".join(kept) + "\n"


# ---------------------------------------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_META_KEYS = ("title", "publisher", "author", "date", "url")


def markdown_to_text(raw: str) -> tuple[str, dict[str, Found]]:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    metadata: dict[str, Found] = {}
    front = _FRONT_MATTER.match(raw)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip().strip("\"'")
            if key in _META_KEYS and value:
                metadata[key] = Found(value, f"The Markdown front matter's '{key}' field.")
        raw = raw[front.end():]
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for line in raw.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            close()
            blocks.append(_md_inline(heading.group(1)))
            if "title" not in metadata and line.startswith("# "):
                metadata["title"] = Found(_md_inline(heading.group(1)), "The Markdown's first-level heading.")
        elif not line.strip() or re.fullmatch(r"\s*([-*_]\s*){3,}", line):
            close()
        elif _MD_ITEM.match(line):
            close()
            current.append(_md_inline(_MD_ITEM.sub("", line, count=1)))
        else:
            current.append(_md_inline(line.lstrip("> ").strip()))
    close()
    return _join_blocks(blocks), metadata


def _md_inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis: **a *b* c**
        previous, text = text, _MD_EMPHASIS.sub(r"\2", text)
    return text.strip()


# ---------------------------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure", "section", "article",
    "main", "br", "tr", "td", "th", "table", "dd", "dt", "dl", "pre", "hr",
})
_SKIP_TAGS = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg", "button",
    "select",
})
_META_FIELDS = {
    ("property", "og:title"): "title",
    ("property", "og:site_name"): "publisher",
    ("name", "publisher"): "publisher",
    ("name", "author"): "author",
    ("property", "article:author"): "author",
    ("property", "article:published_time"): "date",
    ("name", "date"): "date",
    ("name", "dc.date"): "date",
    ("property", "og:url"): "url",
}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_caption = False
        self.title: list[str] = []
        self.meta: dict[str, Found] = {}

    def _close(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            # A caption is written twice: the seeds/ format's mark of a photo caption.
            self.blocks.append(f"{text}\n{text}" if self.in_caption else text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrs}
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta(attributes)
        elif tag == "link" and attributes.get("rel", "").lower() == "canonical" and attributes.get("href"):
            self.meta.setdefault("url", Found(attributes["href"], 'The HTML\'s <link rel="canonical">.'))
        elif tag == "time" and attributes.get("datetime") and not self.skip:
            self.meta.setdefault("date", Found(attributes["datetime"], "The HTML's first <time datetime>."))
        elif tag == "figcaption":
            self._close()
            self.in_caption = True
        elif tag in _BLOCK_TAGS:
            self._close()

    def _meta(self, attributes: dict[str, str]) -> None:
        content = attributes.get("content", "").strip()
        for (attr, value), key in _META_FIELDS.items():
            if content and attributes.get(attr, "").lower() == value and key not in self.meta:
                self.meta[key] = Found(content, f'The HTML\'s <meta {attr}="{value}">.')

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        elif tag == "figcaption":
            self._close()
            self.in_caption = False
        elif tag in _BLOCK_TAGS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.current.append(data)


def html_to_text(raw: str) -> tuple[str, dict[str, Found]]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    parser._close()
    metadata = dict(parser.meta)
    title = " ".join(html.unescape("".join(parser.title)).split())
    if title and "title" not in metadata:
        metadata["title"] = Found(title, "The HTML's <title>.")
    blocks = [b if "\n" in b else " ".join(b.split()) for b in parser.blocks]
    return "\n\n".join(b for b in blocks if b.strip()) + "\n", metadata
