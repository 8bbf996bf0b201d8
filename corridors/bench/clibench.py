"""The command line measured: wall time of ``python -m corridors COMMAND`` and the heavy modules it imports.

Each command runs in a new interpreter, as a user runs it. Timing and the
import census are separate runs: listing ``sys.modules`` at exit would
otherwise be part of what is timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

# Modules that cost a noticeable share of a second or more to import.
HEAVY = ("folium", "branca", "streamlit", "streamlit_folium", "matplotlib", "geopandas", "shapely", "pandas",
         "pyproj", "jsonschema", "pyogrio")
# What each command must not import (issue 11's acceptance list and its Deliver item 2).
FORBIDDEN = {
    "--help": ("folium", "streamlit", "matplotlib", "geopandas"),
    "list": ("folium", "streamlit", "matplotlib"),
}
COMMANDS = ("--help", "list", "validate")

_CENSUS = """
import contextlib, io, runpy, sys
sys.argv = ["corridors", *{args!r}]
with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), \\
        contextlib.redirect_stderr(io.StringIO()):
    runpy.run_module("corridors", run_name="__main__")
print("CENSUS", " ".join(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


def _env(repo_root: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA"}
    env.update({"PYTHONPATH": str(repo_root)} | extra)
    return env


def wall_times(command: str, runs: int, repo_root: Path, env: dict[str, str]) -> list[float]:
    """Seconds per run of ``python -m corridors COMMAND`` (after one untimed run that warms caches)."""
    cmd = [sys.executable, "-m", "corridors", *command.split()]
    full_env = _env(repo_root, env)
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=repo_root, env=full_env, capture_output=True, text=True, timeout=600,
                              check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"`python -m corridors {command}` exited {done.returncode}: {done.stderr[-500:]}")
        if i:  # the first run compiles bytecode and fills the validation cache
            times.append(round(elapsed, 4))
    return times


def heavy_imports(command: str, repo_root: Path, env: dict[str, str]) -> list[str]:
    """The heavy modules (``HEAVY``) that ``python -m corridors COMMAND`` has imported by its end."""
    code = _CENSUS.format(args=command.split())
    done = subprocess.run([sys.executable, "-c", code], cwd=repo_root, env=_env(repo_root, env),
                          capture_output=True, text=True, timeout=600, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("CENSUS ")), None)
    if line is None:
        raise RuntimeError(f"import census of `{command}` failed: {done.stderr[-500:]}")
    loaded = set(line.split()[1:])
    return [m for m in HEAVY if m in loaded]
