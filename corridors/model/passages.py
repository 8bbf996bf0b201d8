"""How a reader refers to a passage: "paragraph 14, ‘In May 2023, Russia…’", not its id.

Passage ids (``p-in-may-2023-russia-s``) stay what machines use: share links,
exports, ``passages`` on the command line. Cards, popups and the app show
``passage_label`` instead: the passage's kind and its number among the passages
of that kind in the source (paragraph 14 is the fourteenth paragraph, captions
and headings counted apart), and its opening words.
"""

from __future__ import annotations

from corridors.data.sources import Passage, Source

OPENING_WORDS = 5
_KIND_NAMES = {"title": "title", "heading": "heading", "paragraph": "paragraph", "caption": "photo caption"}


def passage_number(source: Source, passage: Passage) -> int:
    """The passage's 1-based number among the source's passages of its kind."""
    same_kind = [p.id for p in source.passages if p.kind == passage.kind]
    try:
        return same_kind.index(passage.id) + 1
    except ValueError:
        raise ValueError(f"passage {passage.id!r} is not in source {source.id!r}") from None


def opening(text: str, words: int = OPENING_WORDS) -> str:
    """The first ``words`` words of a passage, with an ellipsis when there is more."""
    parts = text.split()
    head = " ".join(parts[:words])
    return head + ("\u2026" if len(parts) > words else "")


def passage_label(source: Source, passage: Passage, words: int = OPENING_WORDS) -> str:
    """``paragraph 14, ‘In May 2023, Russia…’``: the kind, its number, its opening words in quotes."""
    kind = _KIND_NAMES.get(passage.kind, passage.kind)
    if passage.kind == "title":
        return f"title, \u2018{opening(passage.text, words)}\u2019"
    return f"{kind} {passage_number(source, passage)}, \u2018{opening(passage.text, words)}\u2019"
