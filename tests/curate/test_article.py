"""Articles in plain text, Markdown and HTML become the seeds/ text format and the same passages."""

from __future__ import annotations

import pytest

from corridors.curate.article import MAX_ARTICLE_BYTES, ArticleError, article_from_bytes, read_article, sniff_format
from corridors.data.paths import REPO_ROOT
from corridors.data.sources import load_source

SHIPPED = REPO_ROOT / "seeds" / "rferl-one-winner-of-the-ukraine-war.txt"

HTML = """<!doctype html><html><head><title>Rail &amp; ports | Example</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2024-05-02T08:00:00Z">
<meta name="author" content="A. Writer">
<link rel="canonical" href="https://example.invalid/rail">
<script>var x = "<p>not text</p>";</script><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Rail and ports</h1>
<p>Trains run from <b>Baku</b> to Astara,
across the border.</p>
<figure><img src="a.jpg"><figcaption>A train at Astara station.</figcaption></figure>
<h2>What next</h2><p>The line to Rasht is &ldquo;missing&rdquo;.</p></article>
<footer>Copyright Example Wire</footer></body></html>"""

MARKDOWN = """---
title: "Rail and ports"
publisher: Example Wire
date: 2024-05
---

# Rail and ports

Trains run from **Baku** to [Astara](https://example.invalid/astara),
across the border.

## What next

- The line to *Rasht* is missing.
- ![a map](map.png) Ports matter.
"""


def test_plain_text_is_kept_as_it_is_and_gives_the_seeds_passages():
    article = read_article(SHIPPED)
    assert article.format == "txt"
    parsed = article.source("x")
    shipped = load_source(SHIPPED)
    # No chrome rules for a new article, so the shipped one's passages are a subset, ids unchanged.
    ids = [p.id for p in parsed.passages]
    assert all(p.id in ids for p in shipped.passages)


def test_html_keeps_the_article_drops_scripts_and_navigation_and_reads_its_metadata():
    article = article_from_bytes(HTML.encode(), "rail.html")
    source = article.source("rail")
    kinds = [(p.kind, p.text) for p in source.passages]
    assert kinds == [
        ("title", "Rail and ports"),
        ("paragraph", "Trains run from Baku to Astara, across the border."),
        ("caption", "A train at Astara station."),
        ("heading", "What next"),
        ("paragraph", "The line to Rasht is \u201cmissing\u201d."),
    ]
    assert "not text" not in article.text and "Home" not in article.text and "Copyright" not in article.text
    meta = {k: v.value for k, v in article.metadata.items()}
    assert meta == {"title": "Rail & ports | Example", "publisher": "Example Wire", "date": "2024-05-02T08:00:00Z",
                    "author": "A. Writer", "url": "https://example.invalid/rail"}
    assert "og:site_name" in article.metadata["publisher"].established_by


def test_markdown_front_matter_headings_lists_links_and_emphasis():
    article = article_from_bytes(MARKDOWN.encode(), "rail.md")
    texts = [(p.kind, p.text) for p in article.source("rail").passages]
    assert texts == [
        ("title", "Rail and ports"),
        ("paragraph", "Trains run from Baku to Astara, across the border."),
        ("heading", "What next"),
        ("paragraph", "The line to Rasht is missing."),
        ("paragraph", "Ports matter."),  # a list item is its own block; the image is dropped
    ]
    assert article.metadata["publisher"].value == "Example Wire"
    assert article.metadata["date"].value == "2024-05"


def test_format_is_sniffed_when_the_name_does_not_say():
    assert sniff_format(HTML.encode()) == "html"
    assert sniff_format(b"# Title\n\nText.") == "md"
    assert sniff_format(b"Just text.\n\nMore text.") == "txt"
    assert article_from_bytes(HTML.encode(), "pasted text").format == "html"


def test_bad_input_is_refused_with_a_reason(tmp_path):
    with pytest.raises(ArticleError, match="not UTF-8"):
        article_from_bytes("Bakı".encode("utf-16"), "a.txt")
    with pytest.raises(ArticleError, match="no text"):
        article_from_bytes(b"<html><script>x</script></html>", "a.html")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(ArticleError, match="more than"):
        read_article(big)
    with pytest.raises(ArticleError, match="not a file"):
        read_article(tmp_path)


def test_a_byte_order_mark_is_dropped():
    article = article_from_bytes(b"\xef\xbb\xbfTitle here\n\nA paragraph of text.", "a.txt")
    assert article.source("a").passages[0].text == "Title here"
