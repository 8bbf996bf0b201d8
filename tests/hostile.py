"""Helpers for the hostile-input tests: a copy of the bundled data with one thing broken, and the CLI run on it."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from corridors.cli import main
from corridors.data.paths import REPO_ROOT
from tests.conftest import VALID_FEATURE
from tests.datagen import copy_data_dir, write_collection


def data_with(root: Path, features: list[dict] | None = None, raw: str | bytes | None = None,
              name: str = "fixture.geojson") -> Path:
    """The bundled data folder plus one file ``geodata/<name>`` holding ``features`` or ``raw`` text/bytes."""
    copy_data_dir(root)
    target = root / "geodata" / name
    if raw is not None:
        target.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
    elif features is not None:
        write_collection(target, features)
    return root


def feature(**changes) -> dict:
    """The valid fixture feature with ``changes`` applied: ``geometry=...`` or ``properties__name=...``."""
    result = copy.deepcopy(VALID_FEATURE)
    for key, value in changes.items():
        target = result
        *parents, last = key.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    return result


def run(capsys, *args: str) -> tuple[int, str, float]:
    """``python -m corridors ARGS`` in-process: (exit code, stdout + stderr, seconds)."""
    start = time.perf_counter()
    code = main(list(args))
    elapsed = time.perf_counter() - start
    captured = capsys.readouterr()
    return code, captured.out + captured.err, elapsed


def run_subprocess(*args: str, timeout: float = 60, env: dict | None = None) -> tuple[int, str]:
    """The CLI in a child process, for inputs whose risk is a hang or a memory blow-up."""
    result = subprocess.run(
        [sys.executable, "-m", "corridors", *args], capture_output=True, text=True, timeout=timeout,
        cwd=REPO_ROOT, env={**os.environ, **(env or {})}, check=False,
    )
    return result.returncode, result.stdout + result.stderr


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)
