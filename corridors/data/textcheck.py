"""Which characters, lengths and numbers a string or value from data may hold.

Two kinds of string, because they travel differently:

* **names** (every short property: names, labels, ids, codes) are shown in
  lists, pills, tooltips and file names, where an invisible character can make
  one name pass for another. They may hold no control character (C0, DEL, C1),
  no bidirectional embedding, override, isolate or mark (the "Trojan Source"
  characters, CVE-2021-42574), no line or paragraph separator, no zero-width
  space, word joiner or byte-order mark, and no noncharacter U+FFFE/U+FFFF.
  The zero-width non-joiner and joiner stay allowed: Persian writes
  راه‌آهن with one.
* **text** (descriptions, notes, quotes, the source articles) may also hold
  tab, line feed and carriage return, and the bidirectional *marks*
  (LRM, RLM, ALM), which right-to-left prose needs; the rest is refused.

Lone surrogates (``"\\ud800"`` escapes, which JSON allows and no UTF-8 file
can encode) are refused in both: every export would fail on them later.
Characters are refused with a message naming them, never silently removed, so
what the validator passed is exactly what the maps show.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator

from corridors.data.limits import Limits

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
_BIDI_MARKS = "\u200e\u200f\u061c"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufffe\uffff"
_TEXT_FORBIDDEN = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_SURROGATES}{_NONCHARACTERS}]"
)
_NAME_FORBIDDEN = re.compile(
    f"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_BIDI_MARKS}\u2028\u2029\u200b\u2060\ufeff{_SURROGATES}{_NONCHARACTERS}]"
)

# Property keys whose values are prose; every other string property is a name.
TEXT_KEYS = frozenset({"description", "note", "quote"})


def describe_char(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``, or what kind of character it is when Unicode gives no name."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate, from a \\u{code:04x} escape; not valid Unicode text)"
    name = unicodedata.name(char, "")
    if not name:
        name = "a control character" if unicodedata.category(char) == "Cc" else "a noncharacter"
    return f"U+{code:04X} {name}"


def forbidden_char(value: str, kind: str = "name") -> tuple[int, str] | None:
    """(offset, character) of the first character ``kind`` ("name" or "text") may not hold, or None."""
    found = (_NAME_FORBIDDEN if kind == "name" else _TEXT_FORBIDDEN).search(value)
    return (found.start(), found.group()) if found else None


def string_problem(value: str, kind: str, limits: Limits) -> tuple[str, str] | None:
    """(rule, message) for a string that is too long or holds a refused character, else None."""
    limit = limits.name_chars if kind == "name" else limits.text_chars
    if len(value) > limit:
        setting = "CORRIDORS_LIMIT_NAME_CHARS" if kind == "name" else "CORRIDORS_LIMIT_TEXT_CHARS"
        return "limits", f"{len(value):,} characters, more than the limit of {limit:,} ({setting})"
    hit = forbidden_char(value, kind)
    if hit is not None:
        offset, char = hit
        what = "names" if kind == "name" else "text"
        return "text", (
            f"holds {describe_char(char)} at character {offset + 1}; control, bidirectional-override and "
            f"invisible characters are not allowed in {what} (they can disguise what a reader sees)"
        )
    return None


def walk(value: object, limits: Limits, text_keys: frozenset[str] = TEXT_KEYS,
         name_keys: frozenset[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """(path, rule, message) for every string, number and list in ``value`` that breaks a limit or rule.

    A string is text when its key is in ``text_keys``, or, when ``name_keys`` is
    given (uploads, whose keys are anyone's), when its key is *not* in ``name_keys``;
    otherwise it is a name. ``path`` is written like the schema rule's
    (``alt_names/0/name``). Iterative, so no nesting depth can exhaust the stack
    (the JSON reader bounds it anyway).
    """
    stack: list[tuple[str, str, object]] = [("", "", value)]
    while stack:
        path, key, item = stack.pop()
        if isinstance(item, str):
            is_text = key not in name_keys if name_keys is not None else key in text_keys
            problem = string_problem(item, "text" if is_text else "name", limits)
            if problem:
                yield path or "(value)", *problem
        elif isinstance(item, float) and not math.isfinite(item):
            yield path or "(value)", "number", f"{item} is not a finite number (a literal too large for a double?)"
        elif isinstance(item, dict):
            for child_key, child in reversed(list(item.items())):
                child_path = f"{path}/{child_key}" if path else str(child_key)
                problem = string_problem(str(child_key), "name", limits)
                if problem:
                    yield child_path, problem[0], f"property name {problem[1]}"
                    continue
                stack.append((child_path, str(child_key), child))
        elif isinstance(item, list):
            if len(item) > limits.list_items:
                yield path or "(value)", "limits", (
                    f"{len(item):,} entries, more than the limit of {limits.list_items:,} (CORRIDORS_LIMIT_LIST_ITEMS)"
                )
                continue
            for index in range(len(item) - 1, -1, -1):
                stack.append((f"{path}/{index}", key, item[index]))
