"""The benchmark's arithmetic and its table, without running anything."""

from __future__ import annotations

import math

import pytest

from corridors.bench import command, run
from corridors.bench.exportbench import compact_geojson_bytes, loglog_slope
from corridors.bench.report import ROW_KEYS, markdown


def test_loglog_slope_recovers_known_exponents():
    scales = [1, 5, 20]
    assert loglog_slope(scales, [2.0 * s for s in scales]) == pytest.approx(1.0)
    assert loglog_slope(scales, [0.3 * s**1.5 for s in scales]) == pytest.approx(1.5)
    assert loglog_slope(scales, [4.0, 4.0, 4.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        loglog_slope([2, 2], [1.0, 3.0])


def test_verdicts_follow_the_limits():
    rows = run.rows_for(run.FULL)
    assert list(rows) == list(ROW_KEYS)
    rows["cold_start"].ratio = 0.79
    rows["toggle_sidebar"].ratio = 0.21
    rows["cli_help"].passed = False
    rows["naming"].error = "TimeoutError: no change"
    rows["toggle_map_control"].applicable = False
    rows["big_export_pan"].passed = True
    rows["sessions_max"].skipped = True
    assert rows["cold_start"].verdict(smoke=False) == "pass"
    assert rows["toggle_sidebar"].verdict(smoke=False) == "**FAIL**"
    assert rows["cli_help"].verdict(smoke=False) == "**FAIL**"
    assert rows["naming"].verdict(smoke=False) == "error"
    assert rows["toggle_map_control"].verdict(smoke=False) == "n/a"
    assert rows["cli_validate"].verdict(smoke=False) == "info"
    assert rows["big_export_pan"].verdict(smoke=False) == "pass"
    assert rows["sessions_max"].verdict(smoke=False) == "skipped"
    assert "180 s" in rows["big_export_open"].target
    assert rows["cold_start"].verdict(smoke=True) == "not judged (smoke)"
    assert rows["naming"].verdict(smoke=True) == "error"  # a broken measurement shows in smoke runs too


def test_markdown_has_a_header_and_a_row_per_figure():
    rows = run.rows_for(run.FULL)
    rows["cold_start"].ratio, rows["cold_start"].measured = 1.5, "app 3 s | naive 2 s"
    info = {"date": "D", "command": "python -m corridors bench", "duration": "1 s", "commit": "C", "machine": "M",
            "software": "S"}
    text = markdown(rows, info, smoke=False, notes=["how"])
    table = [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith("| #")]
    assert len(table) == len(ROW_KEYS)
    assert "`python -m corridors bench`" in text and "100× atlas" in text
    assert "app 3 s \\| naive 2 s" in text  # a pipe in a cell does not break the table
    assert "1.50×" in text and "**FAIL**" in text


def test_compact_geojson_counts_the_features_and_the_basemap(repo_root):
    sizes = compact_geojson_bytes(repo_root)
    assert sizes["features"] > 10_000 and sizes["basemap"] > 10_000
    assert sizes["features"] < sum(p.stat().st_size for p in (repo_root / "geodata").glob("*.geojson"))


def test_plans_and_sections_agree():
    assert command.SECTION_NAMES == run.SECTIONS
    for plan in (run.FULL, run.SMOKE):
        assert plan.sessions[0] == 1 and len(plan.sessions) == 3 and len(plan.scales) >= 2
        assert plan.big > 1 and math.isfinite(plan.timeout_ms)
    assert run.FULL.runs == 3 and run.FULL.big == 100 and run.FULL.scales == (1, 5, 20)
    assert run.FULL.sessions == (1, 5, 10)
