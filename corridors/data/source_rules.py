"""Rules about the sources themselves (beside ``validate``'s rules about features and citations).

``test-only-source``  a source marked ``"test_only": true`` in its metadata (an article written for the
                      tests, kept under ``tests/fixtures/``) is in the shipped ``seeds/``: it must never
                      be shipped with the atlas. Elsewhere (a ``--data`` folder, a test's copy) it is fine.
"""

from __future__ import annotations

from pathlib import Path

from corridors.data.paths import bundled_data_dir


def is_shipped(data_dir: Path) -> bool:
    """Whether ``data_dir`` is the atlas shipped with the code (the repository's, or the installed package's)."""
    try:
        return Path(data_dir).resolve() == bundled_data_dir().resolve()
    except OSError:
        return False


def check_sources(data_dir: Path, sources: dict, report) -> None:
    if not is_shipped(data_dir):
        return
    for source_id, source in sources.items():
        if source.metadata.get("test_only") is True:
            report.add("error", f"seeds/{source_id}.json", None, "test-only-source",
                       f"source {source_id!r} is marked test_only (written for the tests); "
                       "it belongs under tests/fixtures/, never in the shipped seeds/")
