"""Run ``python -m corridors ...`` in-process, as sqlite-utils tests its CLI: a new interpreter per
call would cost seconds of imports each time, and the CLI is a thin shell over ``corridors.cli.main``."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from corridors.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits for --help and for usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Result(int(code or 0), out.getvalue(), err.getvalue())
