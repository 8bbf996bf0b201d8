"""Words, stems and sentences of a passage, and names found in it by ``name_key``.

A name matches a run of words whose keys (``corridors.data.names_key.name_key``)
equal the name's keys, so case, diacritics, dashes and the usual
transliteration variants do not matter ("Naxçıvan" = "Nakhchivan",
"Rasht–Astara" = "Rasht-Astara"). The words of one name may be joined only by
spaces, one dash or an abbreviating dot ("St. Petersburg"), as in
``corridors.data.mentions``. Case still matters where it carries meaning: a
name written with a capital needs a capital in the text, an acronym ("BAM",
"US") needs capitals ("us" is not the United States).

Stems are a light suffix strip (peacekeepers/peacekeeping → "peacekeep"),
enough to compare a descriptive name with the passage's wording. The last
section says what words tell about a passage: whether it speaks of transport
and which modes, whether a name stands in its place sense ("in Baku"), and
the TF-IDF cosine of two texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from corridors.curate.lexicon import LOCATIVES, MODE_WORDS, TRANSPORT_WORDS
from corridors.data.names_key import name_key

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_JOIN = re.compile(r"\.?\s+|['’ʼ]?\s*[-‐‑‒–—−]\s*")
MAX_NAME_WORDS = 8

STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with",
    "will", "would", "who", "what", "when", "where", "while", "not", "no", "than", "then", "there", "these",
    "those", "they", "them", "he", "she", "his", "her", "also", "more", "most", "other", "such", "only", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "about", "over", "after", "before", "under",
    "between", "through", "during", "without", "within", "along", "among", "because", "so", "if", "up", "out",
    "all", "any", "each", "every", "both", "one", "two", "own", "same", "very", "just", "now", "new", "s",
})
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "s")


@dataclass(frozen=True)
class Token:
    start: int
    end: int  # a possessive "'s" is left out
    text: str
    key: str  # name_key of the word

    @property
    def capitalized(self) -> bool:
        first = self.text[0]
        return first.isupper() or first.lower() == first.upper()  # scripts without case count as capitals


def tokens(text: str) -> list[Token]:
    out = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        possessive = _POSSESSIVE.search(match.group(0))
        if possessive:
            end -= len(possessive.group(0))
        word = text[start:end]
        key = name_key(word)
        if key:
            out.append(Token(start, end, word, key))
    return out


def stem(word: str) -> str:
    """A light stem of a lowercase ASCII word (a ``name_key`` word)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that carry meaning (no stopwords, no one-letter words)."""
    out = []
    for key in name_key(text).split():
        if len(key) > 1 and key not in STOPWORDS and not key.isdigit():
            out.append(stem(key))
    return out


@dataclass(frozen=True)
class Hit:
    """A name found in a text: where, as written, and what it names."""

    start: int
    end: int
    surface: str
    target: object  # whatever the index maps the name to


class NameIndex:
    """Names (any number of words) to targets; ``find`` returns the longest non-overlapping hits."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], list[tuple[str, object]]] = {}
        self.longest = 1

    def add(self, name: str, target: object) -> None:
        keys = tuple(name_key(name).split())
        if not keys or len(keys) > MAX_NAME_WORDS:
            return
        entry = self._entries.setdefault(keys, [])
        if all(existing != (name, target) for existing in entry):
            entry.append((name, target))
        self.longest = max(self.longest, len(keys))

    def add_all(self, names: Iterable[str], target: object) -> None:
        for name in names:
            self.add(name, target)

    def find(self, text: str, words: list[Token] | None = None) -> list[Hit]:
        words = tokens(text) if words is None else words
        hits: list[Hit] = []
        i = 0
        while i < len(words):
            span = _joined_run(text, words, i, self.longest)
            for n in range(span, 0, -1):
                candidates = self._entries.get(tuple(w.key for w in words[i : i + n]))
                if not candidates:
                    continue
                surface = text[words[i].start : words[i + n - 1].end]
                targets = [t for name, t in candidates if case_fits(name, surface)]
                if targets:
                    hits.extend(Hit(words[i].start, words[i + n - 1].end, surface, t) for t in dict.fromkeys(targets))
                    i += n
                    break
            else:
                i += 1
        return hits


def _joined_run(text: str, words: list[Token], i: int, limit: int) -> int:
    n = 1
    while n < limit and i + n < len(words) and _JOIN.fullmatch(text[words[i + n - 1].end : words[i + n].start]):
        n += 1
    return n


def case_fits(name: str, surface: str) -> bool:
    """Whether ``surface`` is written with the capitals ``name`` needs (acronyms in capitals, names capitalised)."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 5:
        return all(c.isupper() for c in surface if c.isalpha())
    first = name.lstrip()[:1]
    if first.isupper():
        head = surface.lstrip()[:1]
        return head.isupper() or head.lower() == head.upper()
    return True


# ---------------------------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({"st", "mr", "mrs", "ms", "dr", "jr", "sr", "no", "vs", "u.s", "u.k", "e.g", "i.e", "gen",
                            "lt", "col", "prof", "inc", "co", "corp", "p.m", "a.m"})
MAX_SENTENCE_WORDS = 45


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (start, end), trimmed; long sentences split at ";" and " -- "."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        end = match.start() + len(match.group(0).rstrip())
        spans.append((start, end))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    out = []
    for s, e in spans:
        out.extend(_clauses(text, s, e))
    return [(s, e) for s, e in out if e > s]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) <= MAX_SENTENCE_WORDS:
        return [(start, end)]
    parts, cursor = [], start
    for match in re.finditer(r";\s+|\s+--\s+", text[start:end]):
        cut = start + match.start()
        if len(text[cursor:cut].split()) >= 6:
            parts.append((cursor, cut + (1 if text[cut] == ";" else 0)))
            cursor = start + match.end()
    parts.append((cursor, end))
    return parts


# ---------------------------------------------------------------------------------------------- what words say

TRANSPORT_STEMS = frozenset(content_stems(TRANSPORT_WORDS))


def speaks_of_transport(text: str) -> bool:
    """Whether a passage uses any word of transport (modes, routes, ports, freight)."""
    return bool(set(content_stems(text)) & TRANSPORT_STEMS)


def modes_named(text: str) -> set[str]:
    """The transport modes a passage speaks of (rail, sea, road), from their usual words."""
    stems = set(content_stems(text))
    return {mode for mode, words in MODE_WORDS.items() if mode != "multimodal" and stems & set(content_stems(words))}


def locative(text: str, start: int, end: int) -> bool:
    """Whether a name is in its place sense: after a place preposition, or in "X-based"."""
    before = text[:start].rstrip().rsplit(None, 1)
    after = text[end:end + 7].lower()
    if after.startswith(("-based", "–based")):
        return True
    word = before[-1].lower().strip("(\"'“‘") if before else ""
    if word == "the" and len(before) > 0:
        earlier = text[:start].rstrip()[: -len("the")].rstrip().rsplit(None, 1)
        word = earlier[-1].lower() if earlier else ""
    return word in LOCATIVES


def cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[s] * b[s] * idf.get(s, 1.0) ** 2 for s in common)
    norm_a = math.sqrt(sum((c * idf.get(s, 1.0)) ** 2 for s, c in a.items()))
    norm_b = math.sqrt(sum((c * idf.get(s, 1.0)) ** 2 for s, c in b.items()))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0
