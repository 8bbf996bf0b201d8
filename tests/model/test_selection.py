"""``model.selection.select``: the filters keep what their help text says they keep."""

from __future__ import annotations

from corridors.model.selection import Selection, select


def test_a_mode_filter_is_about_lines_and_keeps_features_without_a_mode(atlas):
    rows = select(atlas.features, Selection(modes=("sea",)))
    modes = [m if isinstance(m, str) else None for m in rows["mode"]]
    assert set(modes) == {"sea", None}
    without_mode = atlas.features[atlas.features["mode"].map(lambda m: not isinstance(m, str))]
    assert set(without_mode.index) <= set(rows.index)  # places and areas stay
    assert "bam-main-line" not in rows.index  # a rail line goes


def test_a_status_filter_can_ask_for_status_not_given(atlas):
    rows = select(atlas.features, Selection(statuses=(None,)))
    assert len(rows) and all(not isinstance(s, str) for s in rows["status"])
