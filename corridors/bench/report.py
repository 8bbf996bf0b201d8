"""The benchmark's rows, their targets from issue 11, and the markdown table they become.

``ROWS`` fixes which figures a run reports, in order, with the target the
issue's acceptance list sets for each: a run fills in what it measured, and a
row whose measurement failed says so (``error``) instead of disappearing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

PAN_LIMIT_S = 0.1  # a pan redrawn within 0.1 s feels instant; the "pans" has no number of its own

# key, figure, target (as the issue words it), limit on the ratio (None: judged otherwise, or not at all)
ROWS: tuple[tuple[str, str, str, float | None], ...] = (
    ("cold_start", "Cold start to a visible map: app ÷ naive app", "≤ 0.8×", 0.8),
    ("toggle_sidebar", "Layer toggle from the sidebar: app ÷ naive rebuild", "≤ 0.2×", 0.2),
    ("toggle_map_control", "Layer toggle from the map's own layer control: app ÷ naive rebuild", "≤ 0.2×", 0.2),
    ("naming", "Naming change: app ÷ naive rebuild", "≤ 0.3×", 0.3),
    ("status_filter", "Status filter change: app ÷ naive rebuild", "≤ 0.3×", 0.3),
    ("export_bytes", "HTML export bytes ÷ compact GeoJSON of the same features", "≤ 1.5×", 1.5),
    ("export_exponent", "HTML export time (CPU): log-log slope over {scales}× the atlas", "≤ 1.1", 1.1),
    ("cli_help", "`python -m corridors --help`: wall time, heavy imports",
     "imports none of folium, streamlit, matplotlib, geopandas", None),
    ("cli_list", "`python -m corridors list`: wall time, heavy imports",
     "imports none of folium, streamlit, matplotlib", None),
    ("cli_validate", "`python -m corridors validate`: wall time, heavy imports", "— (no target)", None),
    ("big_export_bytes", "{big}× atlas: HTML export bytes ÷ compact GeoJSON", "≤ 1.5× (the 1× rule)", 1.5),
    ("big_export_open", "{big}× atlas: HTML export load in Chromium ÷ 1× export load",
     "opens (features drawn within {timeout} s)", None),
    ("big_export_pan", "{big}× atlas: HTML export pan (½ map width) and zoom in Chromium",
     f"pans: ≤ {PAN_LIMIT_S} s per pan (our reading of \"pans\": the 'instant' response limit)", None),
    ("big_app_cold", "{big}× atlas: app cold start ÷ app cold start at 1×", "≤ 3×", 3.0),
    ("big_app_toggle", "{big}× atlas: app layer toggle ÷ naive rebuild at 1×", "≤ 0.3×", 0.3),
    ("sessions_mid", "{mid} concurrent sessions: first map (slowest) ÷ 1 session", "— (see next row)", None),
    ("sessions_max", "{max} concurrent sessions: first map (slowest) ÷ 1 session", "≤ 3×", 3.0),
)
ROW_KEYS = tuple(r[0] for r in ROWS)


@dataclass
class Row:
    key: str
    figure: str
    target: str
    limit: float | None
    measured: str = ""
    ratio: float | None = None
    passed: bool | None = None  # for targets that are not a ratio limit
    applicable: bool = True  # False: the app has nothing to measure here (said in ``measured``)
    skipped: bool = False  # not measured in this run (``--only``)
    error: str | None = None
    samples: dict = field(default_factory=dict)

    def verdict(self, smoke: bool) -> str:
        if self.skipped:
            return "skipped"
        if self.error:
            return "error"
        if not self.applicable:
            return "n/a"
        if smoke:
            return "not judged (smoke)"
        if self.passed is not None:
            return "pass" if self.passed else "**FAIL**"
        if self.limit is not None and self.ratio is not None:
            return "pass" if self.ratio <= self.limit else "**FAIL**"
        return "info"


def new_rows(names: dict[str, object]) -> dict[str, Row]:
    return {key: Row(key, figure.format(**names), target.format(**names), limit)
            for key, figure, target, limit in ROWS}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def ratio_text(row: Row) -> str:
    if row.ratio is None:
        return "—"
    return f"{row.ratio:.2f}" if row.key == "export_exponent" else f"{row.ratio:.2f}×"


def markdown(rows: dict[str, Row], meta: dict[str, str], smoke: bool, notes: list[str]) -> str:
    lines = [
        "# Benchmarks (issue 11: Speed)" + (" — smoke run, targets not judged" if smoke else ""),
        "",
        f"- **Date**: {meta['date']}",
        f"- **Command**: `{meta['command']}` (took {meta['duration']})",
        f"- **Code**: {meta['commit']}",
        f"- **Machine**: {meta['machine']}",
        f"- **Software**: {meta['software']}",
        "",
        "Each figure is the median of " + ("one run (smoke)" if smoke else "three runs (for changes: three "
        "there and three back)") + "; ratios are against the naive baseline (`benchmarks/naive_app.py`) "
        "measured in the same run, or against the figure named in the row. Targets are issue 11's "
        "acceptance list. Raw samples (seconds unless named) are at the end.",
        "",
        "| # | figure | measured | ratio | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for n, row in enumerate(rows.values(), start=1):
        measured = f"error: {row.error}" if row.error else row.measured
        lines.append(
            f"| {n} | {_cell(row.figure)} | {_cell(measured)} | {ratio_text(row)} | {_cell(row.target)} | "
            f"{row.verdict(smoke)} |"
        )
    lines += ["", "## How the figures are taken", ""] + [f"- {_cell(note)}" for note in notes]
    lines += ["", "## Samples", ""] + [
        f"- `{row.key}`: `{json.dumps(row.samples, ensure_ascii=False)}`" for row in rows.values() if row.samples
    ] + [""]
    return "\n".join(lines)
