"""Fixtures for the curation tests: a copy of the atlas to write into, the test-only article, one suggester."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridors.data.paths import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "articles"
# Written for the tests and marked so (front matter, title, text): never shipped, never in seeds/.
TEST_ARTICLE = FIXTURES / "test-second-view.md"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the bundled atlas (geodata/*.geojson, the schema, seeds/) that a test may write to."""
    root = tmp_path / "atlas"
    (root / "geodata").mkdir(parents=True)
    for path in (REPO_ROOT / "geodata").glob("*.geojson"):
        shutil.copy(path, root / "geodata" / path.name)
    shutil.copytree(REPO_ROOT / "geodata" / "schema", root / "geodata" / "schema")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    return root


@pytest.fixture(scope="session")
def suggester(atlas):
    from corridors.curate.suggest import Suggester

    return Suggester(atlas)


@pytest.fixture(scope="session")
def test_article():
    from corridors.curate.article import read_article

    return read_article(TEST_ARTICLE)
