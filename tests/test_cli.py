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
    assert any(r["drawn_km"] and r["drawn_km"] > 1000 for r in rows if r["corridor"] == "BAM")


def test_list_csv_and_table():
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").stdout)))
    assert rows and set(rows[0]) >= {"id", "corridor", "kind", "status", "drawn_km", "stated_km", "citations"}
    table = run("list", "--corridor", "BAM").stdout
    assert "BAM" in table and "INSTC" not in table


def test_show_prints_citations():
    first = json.loads(run("list", "--format", "json", "--corridor", "Zangezur").stdout)[0]["id"]
    out = run("show", first).stdout
    assert "Citations ([n] above):" in out and "\u201c" in out


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


# --- in-process: the acceptance commands ------------------------------------------------


def main_out(capsys, *args) -> str:
    from corridors.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_list_as_of_1975_gives_the_bam_under_construction_and_not_the_link(capsys):
    rows = {r["id"]: r for r in json.loads(main_out(capsys, "list", "--as-of", "1975", "--format", "json"))}
    assert "instc-astara-rasht-missing-link" not in rows  # nothing in the source places it before 2016
    bam = rows["bam-main-line"]
    assert (bam["status"], bam["status_from"], bam["status_basis"]) == ("under_construction", "1974", "stated")
    [evidence] = bam["status_evidence"]
    assert evidence["passage"] == "p-the-occasion-for-the-visit-at"
    assert "1974 start of construction" in evidence["quote"]
    assert all(r["status"] != "planned" for r in rows.values())


def test_list_as_of_2023_06_gives_the_link_planned(capsys):
    rows = {r["id"]: r for r in json.loads(main_out(capsys, "list", "--as-of", "2023-06", "--format", "json"))}
    link = rows["instc-astara-rasht-missing-link"]
    assert (link["status"], link["status_from"]) == ("planned", "2023-05")
    assert any("In May 2023" in e["quote"] for e in link["status_evidence"])


def test_list_and_show_agree_with_the_map_selection(capsys, atlas):
    from corridors.model.cards import feature_card
    from corridors.model.selection import Selection, select

    for as_of in ("1975", "2019", "2023-06", "2023-10", "2024-06"):
        rows = json.loads(main_out(capsys, "list", "--as-of", as_of, "--format", "json"))
        drawn = select(atlas.features, Selection(as_of=as_of))  # what the map draws
        assert [r["id"] for r in rows] == list(drawn.index), as_of
        for r in rows:
            status = drawn.loc[r["id"], "status"]
            assert r["status"] == (status if isinstance(status, str) else None), (as_of, r["id"])
            card = feature_card(atlas, r["id"], as_of=as_of)  # what `show` prints
            assert card["shown"] and card["status"] == r["status"], (as_of, r["id"])
        hidden = [fid for fid in atlas.features.index if fid not in drawn.index]
        assert all(not feature_card(atlas, fid, as_of=as_of)["shown"] for fid in hidden), as_of
    # And `show` itself, end to end, for the features whose status changes.
    for fid, as_of, status in [("instc-astara-rasht-missing-link", "2019", "suspended"),
                               ("bam-main-line", "1975", "under_construction"),
                               ("russian-peacekeepers-karabakh", "2024-06", "withdrawing")]:
        card = json.loads(main_out(capsys, "show", fid, "--as-of", as_of, "--format", "json"))
        assert (card["shown"], card["status"]) == (True, status)
        assert all(e["quote"] for row in card["rows"] for e in row["evidence"])


def test_show_bam_gives_the_stated_length_with_its_quote_and_the_drawn_one_as_drawn(capsys):
    out = main_out(capsys, "show", "bam-main-line")
    length = next(line for line in out.splitlines() if line.startswith("Length:"))
    assert length.startswith("Length: around 4,300 km (stated) [")
    n = length.rsplit("[", 1)[1].rstrip("]")
    assert f"[{n}] \u201cThe Baikal-Amur Mainline railway, spanning around 4,300 kilometers" in out
    drawn = next(line for line in out.splitlines() if line.startswith("Drawn length:"))
    assert drawn.startswith("Drawn length: drawn line 3,6")
    assert "% of the stated length: chords between stations cut the curves" in drawn


def test_show_as_of_before_the_sources_says_so(capsys):
    out = main_out(capsys, "show", "instc-astara-rasht-missing-link", "--as-of", "1975")
    assert "As of 1975 (not on the map; the sources describe it from 2016)" in out
    assert "Status: not yet described by the sources" in out


def test_summary_names_drawn_and_stated_lengths(capsys):
    out = main_out(capsys, "summary", "BAM")
    assert "km drawn" in out and "stated length: Baikal-Amur Mainline (BAM) around 4,300 km" in out
    [bam] = json.loads(main_out(capsys, "summary", "BAM", "--format", "json"))
    assert bam["lengths"] == "drawn" and bam["stated_lengths"][0]["stated_km"] == 4300
