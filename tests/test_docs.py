"""Docs as tests: the README's commands are what CI runs, and every dependency and data file is explained."""

from __future__ import annotations

import re

from corridors.data.paths import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CI = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_gives_the_two_setup_commands():
    commands = _commands()
    assert any("requirements.txt" in c and "streamlit run app.py" in c for c in commands)
    assert any("requirements-dev.txt" in c and "pytest" in c for c in commands)


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in _commands() if "pytest" in c)
    assert test_command in CI


def test_every_requirement_is_explained():
    names = []
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO_ROOT / file).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                names.append(re.split(r"[=<>~!]", line)[0].strip())
    deps_section = README.split("## Dependencies", 1)[1]
    missing = [n for n in names if n.lower() not in deps_section.lower()]
    assert not missing, f"README's Dependencies section does not say what these are for: {missing}"


def test_requirements_are_pinned():
    for line in (REPO_ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert "==" in line, line


def test_every_data_file_has_provenance():
    geodata_readme = (REPO_ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "geodata").glob("*.geojson")):
        assert f"`{path.name}`" in geodata_readme, path.name
    reference_readme = (REPO_ROOT / "geodata" / "reference" / "README.md").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "geodata" / "reference").glob("*.geojson")):
        assert path.name in reference_readme, path.name
    seeds_readme = (REPO_ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "seeds").glob("*.txt")):
        assert path.stem in seeds_readme and path.with_suffix(".json").exists(), path.name
