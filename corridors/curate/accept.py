"""``SUGGESTIONS.json``: what ``suggest --json`` and the app write, a curator edits and ``add-source`` reads.

```text
{"format": "corridor-atlas-suggestions/1",
 "article":  {"name": "...", "format": "html", "sha256": "..."},   the article the suggestions were made from
 "source":   {"id": "..."},                                         the source id add-source will use
 "metadata": {"title": {"value": "...", "established_by": "..."}, "publisher": ..., "date": ..., ...},
 "passages": [{"id": "p-...", "kind": "paragraph", "text": "..."}],
 "links":  [{"passage": "p-...", "feature": "baku", "quote": "...", "accepted": true | false | null, ...}],
 "places": [{"passage": "p-...", "name": "Julfa", "quote": "...", "candidates": [{"gazetteer_id": ...}, ...],
             "accepted": true | false | null, "candidate": "gn:148251" | null}]}
```

Only entries with ``"accepted": true`` are written. A place with several
candidates is written only when ``candidate`` names one of them: an ambiguous
name is never resolved for the curator. ``metadata`` values may also be plain
strings (``"publisher": "RFE/RL"``); ``established_by`` then says the curator
gave them.

The file is read with a size bound and checked field by field; every problem
is reported at once with where it is (``links[3].quote``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corridors.data.limits import Limits
from corridors.data.loader import LoadError, parse_json

FORMAT = "corridor-atlas-suggestions/1"
MAX_BYTES = 16 * 1024 * 1024
METADATA_FIELDS = ("title", "publisher", "author", "date", "url")


class SuggestionsError(ValueError):
    """SUGGESTIONS.json cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class AcceptedLink:
    passage: str
    feature: str
    quote: str


@dataclass(frozen=True)
class AcceptedPlace:
    passage: str
    name: str  # as the article writes it
    quote: str
    candidate: dict  # the chosen gazetteer candidate, as suggest wrote it


@dataclass
class Accepted:
    source_id: str | None
    article_sha256: str | None
    metadata: dict[str, dict]
    links: list[AcceptedLink] = field(default_factory=list)
    places: list[AcceptedPlace] = field(default_factory=list)
    test_only: bool = False


def read_suggestions(path: Path | str) -> Accepted:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SuggestionsError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise SuggestionsError(f"{path}: {size:,} bytes, more than the {MAX_BYTES:,} a suggestions file may have")
    try:
        # The atlas's JSON reader: duplicate keys, NaN and deep nesting are refused with a message (issue 12).
        data = parse_json(path.read_bytes(), Limits.from_env())
    except OSError as exc:
        raise SuggestionsError(f"{path}: cannot read ({exc.strerror})") from None
    except LoadError as exc:
        raise SuggestionsError(f"{path}: not valid UTF-8 JSON: {exc.message}") from None
    return parse_suggestions(data, str(path))


def parse_suggestions(data: object, where: str = "SUGGESTIONS.json") -> Accepted:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise SuggestionsError(f"{where}: the top level must be an object")
    if data.get("format") != FORMAT:
        problems.append(f"format: expected {FORMAT!r}, got {data.get('format')!r}")
    source_id = _dig(data, "source", "id")
    sha = _dig(data, "article", "sha256")
    accepted = Accepted(source_id if isinstance(source_id, str) else None, sha if isinstance(sha, str) else None,
                        _metadata(data.get("metadata"), problems), test_only=data.get("test_only") is True)
    for n, link in enumerate(_list(data, "links", problems)):
        at = f"links[{n}]"
        if not isinstance(link, dict):
            problems.append(f"{at}: must be an object")
            continue
        if not _decision(link, at, problems):
            continue
        values = [_text(link, key, at, problems) for key in ("passage", "feature", "quote")]
        if all(values):
            accepted.links.append(AcceptedLink(*values))
    for n, place in enumerate(_list(data, "places", problems)):
        at = f"places[{n}]"
        if not isinstance(place, dict):
            problems.append(f"{at}: must be an object")
            continue
        if not _decision(place, at, problems):
            continue
        values = [_text(place, key, at, problems) for key in ("passage", "name", "quote")]
        chosen = _candidate(place, at, problems)
        if all(values) and chosen is not None:
            accepted.places.append(AcceptedPlace(*values, chosen))
    if problems:
        raise SuggestionsError(f"{where}: " + "; ".join(problems))
    return accepted


def _dig(data: dict, *keys: str):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _list(data: dict, key: str, problems: list[str]) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(f"{key}: must be a list")
        return []
    return value


def _decision(item: dict, at: str, problems: list[str]) -> bool:
    value = item.get("accepted")
    if value not in (True, False, None):
        problems.append(f"{at}.accepted: must be true, false or null, got {value!r}")
    return value is True


def _text(item: dict, key: str, at: str, problems: list[str]) -> str | None:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{at}.{key}: must be a non-empty string")
        return None
    return value


def _candidate(place: dict, at: str, problems: list[str]) -> dict | None:
    candidates = place.get("candidates")
    if not isinstance(candidates, list) or not candidates or not all(isinstance(c, dict) for c in candidates):
        problems.append(f"{at}.candidates: must be a non-empty list of gazetteer candidates")
        return None
    chosen = place.get("candidate")
    if chosen is None:
        if len(candidates) > 1:
            ids = ", ".join(str(c.get("gazetteer_id")) for c in candidates)
            problems.append(f"{at}: “{place.get('name')}” is ambiguous; set \"candidate\" to one of {ids}")
            return None
        return candidates[0]
    match = [c for c in candidates if c.get("gazetteer_id") == chosen]
    if not match:
        problems.append(f"{at}.candidate: {chosen!r} is not one of its candidates")
        return None
    return match[0]


def _metadata(raw: object, problems: list[str]) -> dict[str, dict]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append("metadata: must be an object")
        return {}
    out: dict[str, dict] = {}
    for key in METADATA_FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            out[key] = {"value": value, "established_by": "Given by the curator in SUGGESTIONS.json."}
        elif isinstance(value, dict) and (value.get("value") is None or isinstance(value.get("value"), str)):
            out[key] = dict(value)
        else:
            problems.append(f"metadata.{key}: must be a string or an object with a string 'value'")
    return out
