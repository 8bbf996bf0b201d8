"""Find gazetteer place names in a text (for ``suggest`` and the article reader).

Method: tokenise the text into words, then at each word try the longest run of
up to ``MAX_WORDS`` words (joined only by spaces, a dash, or "St."-style dots)
whose ``name_key`` is a key of the gazetteer's index; the longest match wins and
matches never overlap. This is a multi-pattern match by hashing: every name in
the gazetteer is a pattern, looked up in one dict, in time linear in the text.
Chosen over a regex alternation of ~40,000 keys (slow to compile, and matching
keys would need the text rewritten into keys with an offset map) and over
pyahocorasick (a C dependency, and it knows no word boundaries): tokens give
word boundaries for free, and the same ``name_key`` serves text and names, so
"Rasht–Astara", "Naxçıvan" and "Nakhchivan" match exactly as search does.

Gazetteers are full of places named like words ("But", "Of", "Mart", "Imam").
A candidate is kept only if:

- its first letter is a capital (scripts without case are exempt);
- it is not an acronym (all capitals, up to 4 letters: "BAM", "EU");
- its key has at least ``MIN_LETTERS`` letters, or 3 for a place of 100,000+
  people (Ufa, Van);
- a one-word candidate's key is not in ``STOP_KEYS`` (English words that are
  names here), the same word does not also occur in lower case in the text
  (then it is a common word there), and it is not one of ``GIVEN_NAMES``
  followed by a capitalised word (a person: "Vladimir Putin").

The rules trade recall for precision: a place named like an English word is
missed when the text also uses the word. Every candidate place is returned for
an ambiguous name; none is chosen.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from corridors.data.gazetteer import Gazetteer, Place, load_gazetteer
from corridors.data.names_key import name_key

MAX_WORDS = 5
MIN_LETTERS = 4
# Keys of gazetteer names that are ordinary English words ("Rest" is a GeoNames
# spelling of Rasht, "Side" of a Turkish town). Found by matching ~400 common
# English words against this gazetteer; the test checks each is still a key.
# ("But", "Of", "Mart", "Imam" are places in the full GeoNames tables, not in
# this regional subset; "But" and "Of" would also fall under MIN_LETTERS.)
STOP_KEYS = frozenset({"bank", "big", "rest", "side"})
# Given names that are also places (Vladimir, Russia; "Ivan" is a spelling of
# Eyvan, Iran): skipped when a capitalised word follows ("Vladimir Putin").
GIVEN_NAMES = frozenset({"vladimir", "ivan"})
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼʻ`][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# What may stand between two words of one name: spaces, one dash (after a soft-sign
# apostrophe too: "Ust'-Kut"), or an abbreviating dot ("St. Petersburg").
_JOIN = re.compile(r"\.?\s+|['’ʼ]?\s*[-‐‑‒–—−]\s*")


class Mention(NamedTuple):
    start: int
    end: int
    surface: str
    places: list[Place]


def find_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every gazetteer name in ``text`` as (start, end, surface, candidate places), in text order."""
    gazetteer = gazetteer or load_gazetteer()
    words = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        possessive = _POSSESSIVE.search(match.group(0))
        words.append((start, end - (len(possessive.group(0)) if possessive else 0)))
    lowercase = {text[s:e].casefold() for s, e in words if text[s].islower()}
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        found = _longest_at(text, words, i, gazetteer, lowercase)
        if found is None:
            i += 1
            continue
        n, places = found
        start, end = words[i][0], words[i + n - 1][1]
        mentions.append(Mention(start, end, text[start:end], places))
        i += n
    return mentions


def _longest_at(text: str, words: list, i: int, gazetteer: Gazetteer, lowercase: set) -> tuple | None:
    last = i
    while (
        last + 1 < len(words)
        and last + 1 - i < MAX_WORDS
        and _JOIN.fullmatch(text[words[last][1] : words[last + 1][0]])
    ):
        last += 1
    for j in range(last, i - 1, -1):
        start, end = words[i][0], words[j][1]
        surface = text[start:end]
        places = gazetteer.index.get(name_key(surface))
        key = name_key(surface)
        if places and _plausible(surface, key, places, single=(i == j), lowercase=lowercase):
            if i == j and key in GIVEN_NAMES and j + 1 < len(words) and _is_person(text, words, j):
                continue
            return j - i + 1, list(places)
    return None


def _is_person(text: str, words: list, j: int) -> bool:
    """A given name directly followed (one space) by a capitalised word."""
    gap = text[words[j][1] : words[j + 1][0]]
    return gap == " " and text[words[j + 1][0]].isupper()


def _plausible(surface: str, key: str, places: tuple[Place, ...], single: bool, lowercase: set) -> bool:
    first = surface[0]
    if first.lower() != first.upper() and not first.isupper():
        return False
    letters = [c for c in surface if c.isalpha()]
    if len(letters) <= 4 and all(c.isupper() for c in letters) and len(letters) > 1:
        return False
    length = len(key.replace(" ", ""))
    big = max((p.population or 0) for p in places) >= 100_000
    if length < MIN_LETTERS and not (length == 3 and big):
        return False
    return not (single and (key in STOP_KEYS or surface.casefold() in lowercase))
