"""The command line: every command has help, appears in the README, and prints real rows."""

from __future__ import annotations

import csv
import io
import json

import pytest

from corridors.cli import build_parser
from corridors.data.paths import REPO_ROOT
from tests.clirun import run_cli

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


run = run_cli


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_readme(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "usage: python -m corridors" in result.stdout
    assert f"python -m corridors {command}" in (REPO_ROOT / "README.md").read_text()


def test_list_json_has_all_corridors_cited_with_lengths():
    result = run("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["corridor"] for r in rows} == {"INSTC", "BAM", "Zangezur", "Karabakh", "context"}
    assert all(r["citations"] >= 1 for r in rows)
    assert any(r["length_km"] and r["length_km"] > 1000 for r in rows if r["corridor"] == "BAM")


def test_list_csv_and_table():
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").stdout)))
    assert rows and set(rows[0]) >= {"id", "corridor", "kind", "status", "length_km", "citations"}
    table = run("list", "--corridor", "BAM").stdout
    assert "BAM" in table and "INSTC" not in table


def test_show_prints_citations():
    first = json.loads(run("list", "--format", "json", "--corridor", "Zangezur").stdout)[0]["id"]
    out = run("show", first).stdout
    assert "Citations:" in out and "\u201c" in out


def test_show_unknown_feature_is_a_clear_error():
    result = run("show", "no-such-feature")
    assert result.returncode == 1
    assert "no feature with id 'no-such-feature'" in result.stderr
    assert "Traceback" not in result.stderr


def test_passages_and_summary():
    out = run("passages", "--cited", "--chrome").stdout
    assert "cited by:" in out and "legal footer" in out
    summary = json.loads(run("summary", "BAM", "--format", "json").stdout)
    assert summary[0]["corridor"] == "BAM" and summary[0]["total_km"] > 3400
