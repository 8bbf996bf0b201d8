"""Claims and their evidence: which quote supports which fact, and the checks on them.

Each fact of a feature -- its status over time, mode, missing-link flag,
stated figures, dates, period bounds and the attribution of each other name --
cites citation numbers (``cite``: 1 is the feature's first citation, as ``show``
prints them) and gives a basis: ``stated`` (the value is written in the quote),
``inferred`` (derived from the quotes; a note says how) or, for other names
only, ``outside`` (outside knowledge; a note says why the attribution holds).

What "the quote supports a stated value" means here, and its limits:

* a **number** (a figure) must appear in a cited quote as digits
  ("4,300" or "4300"), hedged ("around", "about", "more than" ... just before
  it) exactly when the figure says ``approx``, and its unit must appear too
  (``km``: "km", "kilometers", "kilometres"; any other unit as the word itself);
* a **date** must appear in a cited quote at its own precision: the year, the
  month's English name for a month, the day number too for a day;
* a **status** must be named by one of the words of its lexicon
  (``STATUS_WORDS``), a **mode** by one of ``MODE_WORDS`` (multimodal: words
  of two modes), ``missing_link`` by "missing", an other name by the name itself.

The check proves that the quote contains such a word or number; it cannot prove
that the sentence says it *of this feature*, nor catch a negation ("was never
agreed" contains "agreed"), nor read numbers written as words ("two"). Those
remain the editor's and the reviewer's job; the lexicon keeps a stated claim
from resting on a quote that says nothing of the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corridors.data.text import normalize

ERROR = "error"

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "operational": ("already has", "existing", "exists", "operational", "in operation", "in use", "operating"),
    "under_construction": ("construction", "being built", "building"),
    "planned": ("agreed", "agreement", "plan", "plans", "planned", "to build", "finance", "financing",
                "footing the bill"),
    "proposed": ("laid out", "proposed", "proposal", "envisaged", "stipulated"),
    "disputed": ("dispute", "disputed", "contested", "conflict", "war"),
    "suspended": ("dropped", "dropping", "halted", "suspended", "frozen", "abandoned"),
    "withdrawing": ("pulling out", "withdraw", "withdrawing", "withdrawal", "leave", "leaving", "departure"),
    "former": ("former", "no longer", "ended", "dissolved", "abolished"),
}
MODE_WORDS: dict[str, tuple[str, ...]] = {
    "rail": ("rail", "railroad", "railroads", "railway", "railways", "train", "trains"),
    "road": ("road", "roads", "highway", "motorway", "truck", "trucks"),
    "sea": ("ship", "ships", "shipping", "sea", "ferry", "port", "ports"),
}
UNIT_WORDS: dict[str, tuple[str, ...]] = {"km": ("km", "kilometer", "kilometers", "kilometre", "kilometres")}
HEDGES = ("around", "about", "some", "nearly", "almost", "approximately", "roughly", "more than", "over",
          "up to", "at least", "less than", "fewer than", "under", "close to")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")

_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?")

Finding = tuple[str, str, str]  # (severity, rule, message)


# ---------------------------------------------------------------- reading claims


def status_history(props) -> list[dict]:
    claims = props.get("claims") if isinstance(props.get("claims"), dict) else {}
    history = claims.get("status")
    return history if isinstance(history, list) else []


def stated_length(props) -> dict | None:
    """The figure giving the feature's length in km, if the sources state one."""
    claims = props.get("claims") if isinstance(props.get("claims"), dict) else {}
    for figure in claims.get("figures") or []:
        if isinstance(figure, dict) and figure.get("what") == "length" and figure.get("unit") == "km":
            return figure
    return None


def supported_facts(props) -> dict[int, list[str]]:
    """For each citation number, the facts it is cited for (``status planned from 2023-05``, ``mode`` ...)."""
    claims = props.get("claims") if isinstance(props.get("claims"), dict) else {}
    facts: list[tuple[str, dict]] = []
    for entry in status_history(props):
        value = f"status {entry['value']}" if entry.get("value") else "no status"
        facts.append((value + (f" from {entry['from']}" if entry.get("from") else ""), entry))
    for key in ("mode", "missing_link"):
        if isinstance(claims.get(key), dict):
            facts.append((key.replace("_", " "), claims[key]))
    for figure in claims.get("figures") or []:
        facts.append((f"{figure.get('what')} {figure.get('value'):g} {figure.get('unit')}", figure))
    for date in props.get("dates") or []:
        facts.append((f"date {date.get('date')}", date))
    period = props.get("period") if isinstance(props.get("period"), dict) else {}
    for key, label in (("start", "shown from"), ("end", "shown until")):
        if isinstance(period.get(key), dict):
            facts.append((f"{label} {period[key].get('date')}", period[key]))
    for alt in props.get("alt_names") or []:
        if alt.get("cite"):
            facts.append((f"name {alt.get('name')}", alt))
    out: dict[int, list[str]] = {}
    for label, claim in facts:
        for n in claim.get("cite") or []:
            out.setdefault(n, []).append(label)
    return out


# ---------------------------------------------------------------- when the sources place a feature
# (the "as of" rules are explained in corridors/model/timeline.py; these two are needed when loading)


def feature_source_date(props: dict, present_dates: dict[str, str | None]) -> str | None:
    """The earliest present date of the sources a feature cites (None when none is known)."""
    dates = [present_dates.get(c.get("source")) for c in props.get("citations") or [] if isinstance(c, dict)]
    dates = [d for d in dates if isinstance(d, str)]
    return min(dates) if dates else None


def described_from(props: dict, source_date: str | None) -> str | None:
    """The earliest date the sources place the feature (see the module docstring)."""
    period = props.get("period") or {}
    start = (period.get("start") or {}).get("date")
    if isinstance(start, str):
        return start
    claims = props.get("claims") or {}
    candidates = [e.get("from") or source_date for e in claims.get("status") or []]
    candidates += [d.get("date") for d in props.get("dates") or []]
    candidates.append(source_date)
    candidates = [c for c in candidates if isinstance(c, str)]
    return min(candidates) if candidates else None


# ---------------------------------------------------------------- support tests


def _text(quote: str) -> str:
    return normalize(quote).casefold()


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in phrases)


def date_in(date: str, text: str) -> bool:
    """Whether ``text`` (casefolded) writes ``date`` at its own precision."""
    if not re.search(rf"(?<!\d){date[:4]}(?!\d)", text):
        return False
    if len(date) >= 7 and not has_phrase(text, [MONTHS[int(date[5:7]) - 1]]):
        return False
    return not (len(date) == 10 and not re.search(rf"(?<!\d)0?{int(date[8:10])}(?!\d)", text))


def status_in(status: str, text: str) -> bool:
    return has_phrase(text, STATUS_WORDS.get(status, ()))


def mode_in(mode: str, text: str) -> bool:
    if mode == "multimodal":
        return sum(has_phrase(text, words) for words in MODE_WORDS.values()) >= 2
    return has_phrase(text, MODE_WORDS.get(mode, ()))


def figure_in(value: float, unit: str, approx: bool, text: str) -> bool:
    """Whether ``text`` gives ``value`` (hedged iff ``approx``) and names ``unit``."""
    if not has_phrase(text, UNIT_WORDS.get(unit, (unit.casefold(),))):
        return False
    for match in _NUMBER.finditer(text):
        if float(match.group().replace(",", "")) != float(value):
            continue
        before = " ".join(text[: match.start()].split()[-3:])
        hedged = any(before.endswith(h) for h in HEDGES)
        if hedged == bool(approx):
            return True
    return False


# ---------------------------------------------------------------- the checks


def check_claims(props: dict) -> list[Finding]:
    """Every claim problem of one feature's properties (never raises on malformed data)."""
    citations = props.get("citations") if isinstance(props.get("citations"), list) else []
    quotes = [_text(c["quote"]) if isinstance(c, dict) and isinstance(c.get("quote"), str) else "" for c in citations]
    out: list[Finding] = []
    claims = props.get("claims") if isinstance(props.get("claims"), dict) else {}

    def cited(where: str, claim: dict) -> list[str]:
        numbers = claim.get("cite") if isinstance(claim.get("cite"), list) else []
        bad = [n for n in numbers if not isinstance(n, int) or not 1 <= n <= len(quotes)]
        if bad:
            out.append((ERROR, "claim-ref", f"{where}: cites {bad}, but the feature has {len(quotes)} citation(s)"))
        return [quotes[n - 1] for n in numbers if isinstance(n, int) and 1 <= n <= len(quotes)]

    def noted(where: str, claim: dict) -> None:
        if claim.get("basis") in ("inferred", "outside") and not str(claim.get("note") or "").strip():
            out.append((ERROR, "claim-note", f"{where}: an {claim.get('basis')} claim needs a note saying how"))

    def stated(where: str, claim: dict, texts: list[str], ok, what: str) -> None:
        if claim.get("basis") == "stated" and texts and not any(ok(t) for t in texts):
            out.append((ERROR, "claim-stated", f"{where}: stated {what}, but no cited quote says so"))

    _check_status(props, claims, cited, noted, stated, out)
    mode = props.get("mode")
    if isinstance(mode, str):
        claim = claims.get("mode")
        if not isinstance(claim, dict):
            out.append((ERROR, "claim-missing", f"mode {mode!r} has no evidence (claims.mode)"))
        else:
            texts = cited("claims.mode", claim)
            noted("claims.mode", claim)
            stated("claims.mode", claim, texts, lambda t: mode_in(mode, t), f"mode {mode!r}")
    if props.get("missing_link") is True:
        claim = claims.get("missing_link")
        if not isinstance(claim, dict):
            out.append((ERROR, "claim-missing", "missing_link has no evidence (claims.missing_link)"))
        else:
            texts = cited("claims.missing_link", claim)
            noted("claims.missing_link", claim)
            stated("claims.missing_link", claim, texts, lambda t: has_phrase(t, ["missing"]), "a missing link")
    for i, figure in enumerate(claims.get("figures") or []):
        if not isinstance(figure, dict) or not isinstance(figure.get("value"), (int, float)):
            continue
        where = f"claims.figures[{i}] ({figure.get('what')})"
        texts = cited(where, figure)
        noted(where, figure)
        value, unit, approx = figure["value"], str(figure.get("unit", "")), bool(figure.get("approx"))
        shown = f"{'around ' if approx else ''}{value:g} {unit}"
        stated(where, figure, texts, lambda t, v=value, u=unit, a=approx: figure_in(v, u, a, t), shown)
    for i, date in enumerate(props.get("dates") or []):
        if not isinstance(date, dict) or not isinstance(date.get("date"), str):
            continue
        where = f"dates[{i}] ({date['date']})"
        texts = cited(where, date)
        noted(where, date)
        stated(where, date, texts, lambda t, d=date["date"]: date_in(d, t), f"date {date['date']}")
    for i, alt in enumerate(props.get("alt_names") or []):
        if not isinstance(alt, dict):
            continue
        where = f"alt_names[{i}] ({alt.get('name')})"
        if alt.get("basis") in ("stated", "inferred") and not alt.get("cite"):
            out.append((ERROR, "claim-missing", f"{where}: a {alt.get('basis')} name needs cite"))
        texts = cited(where, alt)
        noted(where, alt)
        name = _text(str(alt.get("name", "")))
        stated(where, alt, texts, lambda t, n=name: n in t, f"name {alt.get('name')!r}")
    out += _check_period(props.get("period"), cited, stated)
    return out


def _check_status(props, claims, cited, noted, stated, out: list[Finding]) -> None:
    history = claims.get("status")
    status = props.get("status")
    if history is None:
        if isinstance(status, str):
            out.append((ERROR, "claim-missing", f"status {status!r} has no evidence (claims.status)"))
        return
    if not isinstance(history, list):
        return  # the schema rule reports it
    entries = [e for e in history if isinstance(e, dict)]
    last = entries[-1].get("value") if entries else None
    if last != status:
        out.append((ERROR, "status-history",
                    f"status is {status!r} but the last entry of claims.status gives {last!r}"))
    previous = None
    for i, entry in enumerate(entries):
        where = f"claims.status[{i}] ({entry.get('value')})"
        start = entry.get("from")
        if not isinstance(start, str) and i < len(entries) - 1:
            out.append((ERROR, "status-history", f"{where}: only the last entry may omit 'from' (the source's date)"))
        if isinstance(start, str) and isinstance(previous, str) and start[: len(previous)] < previous[: len(start)]:
            out.append((ERROR, "status-history", f"{where}: from {start} is before the previous entry's {previous}"))
        previous = start if isinstance(start, str) else previous
        texts = cited(where, entry)
        noted(where, entry)
        value = entry.get("value")
        if value is None and entry.get("basis") == "stated":
            out.append((ERROR, "claim-stated", f"{where}: 'no status given' cannot be stated; make it inferred"))
        elif isinstance(value, str):
            stated(where, entry, texts, lambda t, v=value: status_in(v, t), f"status {value!r}")
        if isinstance(start, str):
            stated(where, entry, texts, lambda t, d=start: date_in(d, t), f"from {start}")


def _check_period(period, cited, stated) -> list[Finding]:
    out: list[Finding] = []
    if not isinstance(period, dict):
        return out
    dates = {}
    for key in ("start", "end"):
        bound = period.get(key)
        if bound is None:
            continue
        where = f"period.{key}"
        if not isinstance(bound, dict) or not isinstance(bound.get("date"), str):
            continue  # the schema rule reports it
        dates[key] = bound["date"]
        basis = bound.get("basis")
        if basis not in ("stated", "inferred"):
            out.append((ERROR, "period-basis", f"{where}: needs basis 'stated' or 'inferred' (got {basis!r})"))
        elif basis == "inferred" and not str(bound.get("note") or "").strip():
            out.append((ERROR, "period-basis", f"{where}: an inferred bound needs a note giving the reasoning"))
        if not bound.get("cite"):
            out.append((ERROR, "period-basis", f"{where}: cites no quote"))
        texts = cited(where, bound)
        stated(where, bound, texts, lambda t, d=bound["date"]: date_in(d, t), f"date {bound['date']}")
    start, end = dates.get("start"), dates.get("end")
    # Compare at the shared precision: '2023' is not after '2023-09'.
    if start and end and start[: len(end)] > end[: len(start)]:
        out.append((ERROR, "period", f"period ends ({end}) before it starts ({start})"))
    return out
