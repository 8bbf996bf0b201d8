"""One normalisation for matching place names: the app's search, ``suggest`` and the gazetteer.

``name_key`` maps every spelling a reader may type to one ASCII key, so that
"Rasht–Astara" (en dash) equals "Rasht-Astara", "Xankəndi" equals "Khankendi"
and "Naxçıvan" equals "Nakhchivan". Steps, in order:

1. NFKC and casefold (ligatures, full-width letters, "ß" -> "ss").
2. Transliterate to ASCII with ``anyascii`` (ISC licence). Not ``unidecode``:
   it is GPL and turns Azerbaijani "ə" into "@"; anyascii gives "e".
   Cyrillic and Armenian come out readable ("Մեղրի" -> "meghri"); Persian
   script loses its short vowels ("نخجوان" -> "nkhjwn"), so Persian names only
   meet other Persian-script names, and Latin ones only through a place's
   alternate names.
3. Delete apostrophe-like marks (', `, ", ʻ, ’, soft-sign transliterations), so
   "Komsomol'sk" = "Komsomolsk" and "Stepʻanakert" = "Stepanakert"; every
   other run of non-alphanumerics (all dashes, slashes, dots, spaces) becomes
   one space.
4. Rewrite the letter groups in ``DIGRAPHS`` until nothing changes. These are
   the spots where Azerbaijani/Turkish Latin and the English/Russian-style
   romanisations disagree (x/kh, ğ/gh, ç/ch, ş/sh, q/g(h)), so Naxcivan,
   Nakhchivan and Naxçıvan all become "naxcivan".
5. Rewrite whole words with ``WORDS`` (Saint/Sankt -> st) and drop the Persian
   ezafe ("Bandar-e Anzali" = "Bandar Anzali").

The key is deliberately lossy: "Shusha" and "Susa" share a key. It finds
candidates; callers must show every candidate place, never pick one silently.
Names linked only by history or politics (Stepanakert/Khankendi,
Berdzor/Lachin) are *not* joined here: they meet through the gazetteer's
alternate names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Letter groups that different romanisations of the same name spell differently.
# Applied repeatedly (until stable) so the key is idempotent: "chh" -> "ch" -> "c".
DIGRAPHS = {
    "kh": "x",  # Xankəndi / Khankendi, Naxçıvan / Nakhchivan
    "gh": "g",  # Ağdam / Aghdam, Meğri / Meghri
    "ch": "c",  # Naxçıvan (anyascii "c") / Nakhchivan, Laçın / Lachin
    "sh": "s",  # Şuşa (anyascii "s") / Shusha, Rasht
    "q": "g",  # Qazvin / Ghazvin, Qazax / Gazakh (Azerbaijani q is a g sound)
}
# Whole-word variants.
WORDS = {"saint": "st", "sankt": "st"}
# Persian ezafe written as its own word: Bandar-e Anzali, Shahr-e Kord.
EZAFE = frozenset({"e", "ye"})

_APOSTROPHES = re.compile(r"['`\"]+")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_DIGRAPH = re.compile("|".join(sorted(DIGRAPHS, key=len, reverse=True)))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The matching key of a place name (lowercase ASCII words separated by single spaces)."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", text).casefold()).lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    key = _SEPARATORS.sub(" ", ascii_text).strip()
    while True:
        rewritten = _DIGRAPH.sub(lambda m: DIGRAPHS[m.group(0)], key)
        if rewritten == key:
            break
        key = rewritten
    words = [WORDS.get(word, word) for word in key.split(" ") if word]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if w not in EZAFE), words[-1]]
    return " ".join(words)
