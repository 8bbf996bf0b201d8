"""``streamlit run`` on a free localhost port, for as long as a measurement needs it.

Started the way the end-to-end tests start it (``tests/test_app_e2e.py``):
bound to 127.0.0.1, headless, no telemetry, no file watcher; ready when
``/_stcore/health`` answers ``ok``. Nothing sleeps except the poll interval,
bounded by a deadline. The server's output goes to a log file, quoted in the
error when it does not come up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 120
_LIVE: set[subprocess.Popen] = set()  # servers running now, for stop_all
_stopping = False


class ServerError(RuntimeError):
    """The app server did not start; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, repo_root: Path, log: Path, env: dict[str, str]) -> Iterator[str]:
    """Run ``script`` with ``env`` added to this process's environment; yield its base URL once healthy."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "CORRIDORS_DATA"}
    full_env.update({"PYTHONPATH": str(repo_root)} | env)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
    ]
    if _stopping:
        raise ServerError("the benchmark is stopping: no new server")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=repo_root, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        _LIVE.add(proc)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(proc, url, log)
            yield url
        finally:
            _stop(proc)


def stop_process(proc: subprocess.Popen) -> None:
    """Ask a server to stop, and kill it if it has not within 15 s (the tests' servers stop this way too)."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _stop(proc: subprocess.Popen) -> None:
    stop_process(proc)
    _LIVE.discard(proc)


def stop_all() -> None:
    """Stop every server this process started and start no more (on SIGTERM/SIGINT: a signal can
    arrive inside the browser driver's event loop, where the exception it raises may not unwind
    our ``with`` blocks)."""
    global _stopping
    _stopping = True
    for proc in list(_LIVE):
        _stop(proc)


def _wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # the poll interval; the deadline bounds the wait
    raise ServerError(f"streamlit not healthy after {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")
