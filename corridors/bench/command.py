"""The ``bench`` command of ``python -m corridors``: registered at once, imported only when it runs."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from pathlib import Path

SECTION_NAMES = ("export", "cli", "app", "scale", "sessions")  # kept equal to run.SECTIONS (a test checks)


def add_bench_command(commands) -> None:
    p = commands.add_parser(
        "bench",
        help="time the app, exports and CLI against the naive baseline; write docs/benchmarks.md",
        description="Run issue 11's benchmark in one process: every figure a median of three and a ratio "
        "against the naive folium + streamlit-folium app (benchmarks/naive_app.py) measured in the same run. "
        "Needs the repository checkout, playwright and /usr/bin/chromium. Takes about an hour; --smoke runs "
        "every measurement once on tiny sizes in a few minutes and judges no target.",
    )
    p.add_argument("--smoke", action="store_true", help="every measurement once, tiny sizes, no verdicts")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="where to write the table (default: docs/benchmarks.md; with --smoke: "
                        "test-artifacts/benchmarks-smoke.md)")
    p.add_argument("--only", nargs="+", choices=SECTION_NAMES, metavar="SECTION",
                   help=f"measure only these sections: {', '.join(SECTION_NAMES)} (default: all)")
    p.add_argument("--app", type=Path, metavar="SCRIPT", help="the app to measure (default: app.py)")
    p.add_argument("--naive", type=Path, metavar="SCRIPT",
                   help="the baseline (default: benchmarks/naive_app.py)")
    p.set_defaults(func=cmd_bench)


@contextlib.contextmanager
def _stop_servers_on_signal():
    """SIGTERM or Ctrl-C: stop the app servers at once, then exit (Chromium closes with its driver)."""
    from corridors.bench.server import stop_all

    def stop(signum, _frame):
        stop_all()
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():  # e.g. called from a test's thread
        yield
        return
    saved = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def cmd_bench(args: argparse.Namespace) -> int:
    from corridors.bench.run import FULL, SMOKE, run
    from corridors.data.paths import REPO_ROOT

    app = args.app or REPO_ROOT / "app.py"
    naive = args.naive or REPO_ROOT / "benchmarks" / "naive_app.py"
    for script in (app, naive):
        if not script.is_file():
            raise FileNotFoundError(f"{script} not found: the benchmark runs from a checkout of the repository")
    out = args.out or REPO_ROOT / ("test-artifacts/benchmarks-smoke.md" if args.smoke else "docs/benchmarks.md")
    command = "python -m corridors bench" + (" --smoke" if args.smoke else "")
    if args.only:
        command += " --only " + " ".join(args.only)
    with _stop_servers_on_signal():
        rows = run(SMOKE if args.smoke else FULL, out, REPO_ROOT, app.resolve(), naive.resolve(),
                   tuple(args.only or SECTION_NAMES), command)
    return 1 if any(row.error for row in rows.values()) else 0
