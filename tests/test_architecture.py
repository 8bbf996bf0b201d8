"""The layer rules of ARCHITECTURE.md, enforced: stages import only the stages below them,
the renderer-free stages import no renderer, and ``import corridors`` stays light."""

from __future__ import annotations

import ast
import contextlib
import io
import subprocess
import sys

import pytest

from corridors.data.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "corridors"
RENDERERS = ("folium", "branca", "streamlit", "streamlit_folium", "matplotlib")
MAX_MODULE_LINES = 500


def test_import_contracts_hold():
    # import-linter reads the contracts from pyproject.toml ([tool.importlinter]).
    from importlinter.cli import lint_imports

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = lint_imports(config_filename=str(REPO_ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, out.getvalue()


def _imported_after(code: str) -> set[str]:
    """Top-level module names imported by a fresh interpreter after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_loading_the_atlas_imports_no_renderer():
    loaded = _imported_after(
        "import corridors\natlas = corridors.load_atlas()\ncorridors.feature_card(atlas, 'bam-main-line')"
    )
    assert "corridors" in loaded and "geopandas" in loaded  # the probe really ran
    assert not loaded & set(RENDERERS), sorted(loaded & set(RENDERERS))


def test_import_corridors_and_help_are_light():
    assert not _imported_after("import corridors") & {"geopandas", "shapely", "pandas", *RENDERERS}
    loaded = _imported_after(
        "import runpy, sys, contextlib, io\nsys.argv = ['corridors', '--help']\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    runpy.run_module('corridors', run_name='__main__')"
    )
    assert "argparse" in loaded
    assert not loaded & {"geopandas", *RENDERERS}, sorted(loaded & {"geopandas", *RENDERERS})


@pytest.mark.parametrize("command", ["list", "bench --help"])
def test_list_imports_no_renderer(command):
    """Issue 11: `list` needs the atlas (geopandas), never a map or figure library; nor does `bench --help`."""
    loaded = _imported_after(
        f"import runpy, sys, contextlib, io\nsys.argv = ['corridors', *{command.split()!r}]\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    runpy.run_module('corridors', run_name='__main__')"
    )
    assert "corridors" in loaded and ("geopandas" in loaded) == (command == "list")  # the command really ran
    assert not loaded & set(RENDERERS), sorted(loaded & set(RENDERERS))


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "assets" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines: does it hold two jobs?"


def test_app_entry_is_thin():
    lines = len((REPO_ROOT / "app.py").read_text(encoding="utf-8").splitlines())
    assert lines <= 150, f"app.py has {lines} lines; panels belong in corridors/app/"


def test_every_subpackage_says_its_job():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(REPO_ROOT)} needs a docstring saying its stage's job"
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} >= {
        "data", "model", "style", "web", "printmap", "export", "app"
    }
