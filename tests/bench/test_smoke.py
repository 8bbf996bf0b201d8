"""CI runs the benchmark once, in its smoke mode: every measurement runs and lands in the table.

Not a timed test: the smoke mode judges no target, so a slow CI machine cannot fail it; a
measurement that breaks (a selector the app no longer has, a server that does not start) can.
"""

from __future__ import annotations

import re

import pytest

from corridors.bench.report import ROW_KEYS
from corridors.bench.run import SMOKE, rows_for
from tests.browser import require_chromium
from tests.clirun import run_cli

pytestmark = pytest.mark.browser


def test_smoke_run_writes_a_table_with_every_row(tmp_path):
    require_chromium()
    out = tmp_path / "benchmarks.md"
    result = run_cli("bench", "--smoke", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert result.returncode == 0, result.stderr[-3000:]
    for field in ("**Date**", "**Command**: `python -m corridors bench --smoke`", "**Machine**", "CPUs (nproc)",
                  "GiB memory"):
        assert field in text, field
    table = [ln for ln in text.splitlines() if re.match(r"\| \d+ \|", ln)]
    figures = [row.figure for row in rows_for(SMOKE).values()]
    assert len(table) == len(ROW_KEYS) == len(figures)
    for line, figure in zip(table, figures, strict=True):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert cells[1] == figure.replace("|", "\\|")
        assert cells[2] and not cells[2].startswith("error"), line  # every figure was measured
        assert cells[5] in ("not judged (smoke)", "n/a"), line
