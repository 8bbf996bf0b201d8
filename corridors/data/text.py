"""Text normalization for matching quotes against source passages.

Quotes are typed by people and copied from web pages, so the same sentence can
arrive with curly or straight quotes, en or em dashes, non-breaking spaces and
odd runs of whitespace. Matching happens on a normalized form; offsets are then
mapped back to the original passage text so a quote can be highlighted where it
really sits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Characters that look alike to a reader and must compare equal.
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2026": "...",  # ellipsis
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte order mark
    }
)
_WHITESPACE = re.compile(r"\s+")
# ASCII text needs no NFC or translation; with single inner spaces only, it is already normalized.
_NOT_NORMAL_ASCII = re.compile(r"[^\S ]|  |^ | $")


def normalize(text: str) -> str:
    """Return ``text`` in the form used for matching (NFC, plain quotes and dashes, single spaces)."""
    return normalize_with_map(text)[0]


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, for each output character, its offset in ``text``.

    The map lets a match found in normalized text be reported as offsets in the
    original, so highlighting lands on the real characters.
    """
    if text.isascii() and not _NOT_NORMAL_ASCII.search(text):
        return text, list(range(len(text)))  # the common case, without a Python loop per character
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        replaced = unicodedata.normalize("NFC", char).translate(_TRANSLATE)
        for piece in replaced:
            if _WHITESPACE.fullmatch(piece):
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                offsets.append(index)
                pending_space = False
            out.append(piece)
            offsets.append(index)
    # NFC can compose across characters (a letter plus a combining accent); do
    # the composition on the whole string and keep the map aligned by length.
    joined = "".join(out)
    composed = unicodedata.normalize("NFC", joined)
    if len(composed) != len(joined):
        return _compose_with_map(out, offsets)
    return joined, offsets


def _compose_with_map(chars: list[str], offsets: list[int]) -> tuple[str, list[int]]:
    result: list[str] = []
    result_offsets: list[int] = []
    for char, offset in zip(chars, offsets, strict=True):
        if result and unicodedata.combining(char):
            merged = unicodedata.normalize("NFC", result[-1] + char)
            if len(merged) == 1:
                result[-1] = merged
                continue
        result.append(char)
        result_offsets.append(offset)
    return "".join(result), result_offsets


@dataclass(frozen=True)
class Span:
    """Where a quote sits in a passage, as offsets into the passage's original text."""

    start: int
    end: int


def locate(quote: str, passage_text: str) -> Span | None:
    """Find ``quote`` in ``passage_text`` after normalizing both; ``None`` if absent."""
    needle = normalize(quote)
    if not needle:
        return None
    haystack, offsets = _normalized_passage(passage_text)
    found = haystack.find(needle)
    if found < 0:
        return None
    last = found + len(needle) - 1
    return Span(start=offsets[found], end=offsets[last] + 1)


@functools.lru_cache(maxsize=1024)
def _normalized_passage(text: str) -> tuple[str, list[int]]:
    # Passages are few and quoted many times: validating 20,000 features normalized the same
    # passage text tens of thousands of times. Callers must not change the returned list.
    return normalize_with_map(text)


def slugify(text: str, max_words: int = 6, max_length: int = 48) -> str:
    """A lowercase ASCII slug made of the first words of ``text``."""
    ascii_text = unicodedata.normalize("NFKD", normalize(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    words = words[:max_words]
    # Cut on word boundaries so ids stay readable.
    while len(words) > 1 and len("-".join(words)) > max_length:
        words.pop()
    return "-".join(words)[:max_length] or "passage"
