"""The curation commands, in-process: suggest → accept → add-source → validate → list, on a copy of the atlas."""

from __future__ import annotations

import json

from tests.clirun import run_cli
from tests.curate.conftest import TEST_ARTICLE


def test_suggest_prints_ranked_links_reasons_and_new_places():
    result = run_cli("suggest", TEST_ARTICLE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "p-the-baikal-amur-mainline-some-4" in out
    assert "1. bam-main-line  (Baikal-Amur Mainline (BAM))" in out and "likely" in out
    assert "why: name +3.00: names it: “Baikal-Amur Mainline”" in out
    assert "ambiguous, not resolved: “Julfa”" in out and "gn:148251" in out and "gn:130081" in out
    assert "new place: “Gyumri”" in out


def test_suggest_accept_add_source_validate_list(data_copy, tmp_path):
    before = {row["id"]: row["citations"]
              for row in json.loads(run_cli("list", "--format", "json", "--data", data_copy).stdout)}
    result = run_cli("suggest", TEST_ARTICLE, "--json", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["metadata"]["title"]["value"].startswith("TEST FIXTURE")
    for link in document["links"]:
        link["accepted"] = link["likely"]
    chosen = sum(link["accepted"] for link in document["links"])
    for place in document["places"]:
        if place["name"] == "Gyumri":
            place["accepted"] = True
    accept = tmp_path / "SUGGESTIONS.json"
    accept.write_text(json.dumps(document), encoding="utf-8")

    added = run_cli("add-source", TEST_ARTICLE, "--accept", accept, "--data", data_copy, "--test-only")
    assert added.returncode == 0, added.stderr
    assert "+++ b/seeds/test-second-view.json" in added.stdout
    assert f"{chosen} citation(s), 1 place(s)" in added.stderr

    validated = run_cli("validate", "--data", data_copy)
    assert validated.returncode == 0 and "0 error(s)" in validated.stdout + validated.stderr
    listed = json.loads(run_cli("list", "--format", "json", "--data", data_copy).stdout)
    citations = {row["id"]: row["citations"] for row in listed}
    assert citations["bam-main-line"] == before["bam-main-line"] + 1 and citations["gyumri"] == 1
    passages = run_cli("passages", "--data", data_copy).stdout
    assert "# test-second-view: TEST FIXTURE" in passages


def test_add_source_dry_run_writes_nothing(data_copy, tmp_path):
    document = json.loads(run_cli("suggest", TEST_ARTICLE, "--json", "--data", data_copy).stdout)
    document["links"][0]["accepted"] = True
    accept = tmp_path / "SUGGESTIONS.json"
    accept.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("add-source", TEST_ARTICLE, "--accept", accept, "--data", data_copy, "--dry-run")
    assert result.returncode == 0 and "dry run, nothing written" in result.stderr
    assert not (data_copy / "seeds" / "test-second-view.txt").exists()


def test_add_source_errors_say_what_to_do(data_copy, tmp_path):
    accept = tmp_path / "SUGGESTIONS.json"
    accept.write_text("{not json", encoding="utf-8")
    result = run_cli("add-source", TEST_ARTICLE, "--accept", accept, "--data", data_copy)
    assert result.returncode == 1 and "not valid UTF-8 JSON" in result.stderr
    missing = run_cli("add-source", TEST_ARTICLE, "--data", data_copy)
    assert missing.returncode == 2 and "--accept" in missing.stderr


def test_suggest_eval_prints_the_tables():
    result = run_cli("suggest-eval")
    assert result.returncode == 0, result.stderr
    assert "all corridors" in result.stdout and "recall cap" in result.stdout
    assert "place mentions" in result.stdout
