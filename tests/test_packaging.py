"""Installable: ``pip install .`` gives a ``corridors`` command that finds the bundled atlas anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
from setuptools import find_packages

from corridors.data.paths import REPO_ROOT

BUNDLED = {"corridors._bundled.geodata", "corridors._bundled.seeds"}


def test_pyproject_lists_every_package():
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(find_packages(where=str(REPO_ROOT), include=["corridors", "corridors.*"]))
    found.discard("corridors.assets")  # vendored files, shipped as package data of corridors
    assert set(config["packages"]) == found | BUNDLED
    assert config["package-dir"] == {"corridors._bundled.geodata": "geodata", "corridors._bundled.seeds": "seeds"}


@pytest.mark.install
def test_installed_command_finds_the_bundled_atlas_from_any_directory(tmp_path):
    # A venv that sees the already-installed dependencies, so the test installs only the project.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(REPO_ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CORRIDORS_DATA", "PYTHONPATH")}
    result = subprocess.run([str(venv / "bin" / "corridors"), "validate"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout + result.stderr
    where = subprocess.run([str(python), "-c", "import corridors.data.paths as p; print(p.bundled_data_dir())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert str(venv) in where.stdout  # the installed copy, not this checkout
    # The browser runtime ships with it: an exported map without it would draw nothing.
    runtime = subprocess.run([str(python), "-c", "import corridors.web.layers as l; print(len(l.runtime_js()))"],
                             cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert runtime.returncode == 0 and int(runtime.stdout) > 1000, runtime.stdout + runtime.stderr
