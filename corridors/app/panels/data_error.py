"""The page shown instead of the atlas when the data does not validate: every problem, errors first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from corridors.app.markdown import md
from corridors.data.errors import DataError


def show(error: DataError, data_dir: Path) -> None:
    st.error(
        f"The atlas data in {md(data_dir)} did not validate ({error.report.summary()}). "
        "Fix these problems (or run `python -m corridors validate`) and reload:"
    )
    problems = pd.DataFrame(
        [
            {"severity": p.severity, "file": p.file, "feature": p.feature or "", "rule": p.rule, "message": p.message}
            for p in sorted(error.report.problems, key=lambda p: p.severity != "error")  # errors first
        ]
    )
    st.dataframe(problems, hide_index=True, width="stretch")
