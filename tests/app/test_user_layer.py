"""The user's own GeoJSON layer under AppTest (issue 12): hostile files give a message and the app goes on;
a valid layer with a hostile name is drawn with the name shown as text; ``geodata/`` and ``seeds/`` are
byte-identical afterwards."""

from __future__ import annotations

import hashlib
import json

import pytest

from corridors.app.session import Key
from corridors.data.paths import REPO_ROOT
from corridors.web.user_layer import USER_COLOUR
from tests.app.helpers import map_args, run_app

SCRIPT_NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>![i](http://198.51.100.7/t.png) :red[x]"


def folder_hashes() -> dict[str, str]:
    """sha256 of every file under geodata/ and seeds/ (and the file list itself)."""
    roots = [REPO_ROOT / "geodata", REPO_ROOT / "seeds"]
    return {str(p.relative_to(REPO_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
            for root in roots for p in sorted(root.rglob("*")) if p.is_file()}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def line(name: str, coords) -> dict:
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "LineString", "coordinates": coords}}


# 10^6 positions in under the 10 MiB upload limit (whole degrees): refused by the vertex limits, not the size.
MILLION = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"big"},' \
          b'"geometry":{"type":"LineString","coordinates":[' + b",".join(
              b"[%d,%d]" % (i % 90, (i // 90) % 80) for i in range(1_000_000)) + b"]}}]}"
EXPECTED = {  # the rule each file breaks, as the message names it
    "script-and-broken-geometry": "Self\\-intersection",
    "a-million-vertices": "250,000 per feature",
    "not-json": "not UTF\\-8",
    "control-characters-in-names": "RIGHT\\-TO\\-LEFT OVERRIDE",
}
HOSTILE_FILES = {
    "script-and-broken-geometry": collection(
        line(SCRIPT_NAME, [[45.0, 40.0]]),  # a one-point line
        {"type": "Feature", "properties": {"name": "bowtie"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}),
    "a-million-vertices": MILLION,
    "not-json": b"\x00\xff{ nope",
    "control-characters-in-names": collection(line("evil\u202ename\u0007", [[45, 40], [46, 41]])),
}


def upload(at, name: str, data: bytes):
    at.file_uploader(key=Key.USER_LAYER_UPLOAD).set_value((name, data, "application/geo+json")).run()
    assert not at.exception, at.exception
    return at


def user_layer(at):
    return at.session_state["user_layer"] if "user_layer" in at.session_state else None  # noqa: SIM401 (AppTest state has no .get)


def user_scripts(at) -> list[str]:
    return [s for s in [map_args(at)["feature_group"]] if USER_COLOUR in s]


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_a_hostile_upload_gives_a_message_and_the_app_goes_on(case):
    before = folder_hashes()
    at = upload(run_app(), f"{case}.geojson", HOSTILE_FILES[case])
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("The file was not added:")
    assert "Traceback" not in "".join(errors)
    assert EXPECTED[case] in errors[0]
    assert user_layer(at) is None and not user_scripts(at)
    assert map_args(at)["feature_group"]  # the atlas is still drawn
    # The app goes on: a widget still works after the refused upload.
    at.toggle(key=Key.USE_AS_OF).set_value(True).run()
    assert not at.exception
    assert folder_hashes() == before


def test_the_problems_name_the_rules_and_are_escaped():
    at = upload(run_app(), "<b>x</b>.geojson", HOSTILE_FILES["script-and-broken-geometry"])
    message = at.error[0].value
    assert "#1" in message and "#2" in message  # each feature named
    assert "<b>" not in message and "![" not in message  # escaped Markdown


def test_a_valid_layer_with_a_hostile_name_is_drawn_and_shown_as_text():
    before = folder_hashes()
    name = "<script>x</script>:red[y].geojson"
    at = upload(run_app(), name, collection(line(SCRIPT_NAME, [[45.0, 40.0], [46.0, 41.0], [47.0, 40.5]])))
    assert not at.error
    layer_name, features = user_layer(at)
    assert layer_name == name and features[0]["properties"]["name"] == SCRIPT_NAME
    (script,) = user_scripts(at)
    assert "Your layer: " in script and "(uncited)" in script
    assert "<script>alert" not in script and "<img src" not in script and "onerror=alert(2)" not in \
        script.replace("\\u0026", "&").replace("&lt;img src=x onerror=alert(2)&gt;", "")
    caption = next(c.value for c in at.caption if c.value.startswith("Your layer:"))
    assert "<script>" not in caption and "\\<script\\>x\\</script\\>" in caption and "\\:" in caption
    # Removing the layer takes it off the map.
    at.button(key=Key.USER_LAYER_CLEAR).click().run()
    assert user_layer(at) is None and not user_scripts(at)
    assert folder_hashes() == before


def test_a_refused_upload_keeps_the_previous_layer():
    at = upload(run_app(), "good.geojson", collection(line("Good", [[45.0, 40.0], [46.0, 41.0]])))
    upload(at, "bad.geojson", b"[]")
    assert user_layer(at)[0] == "good.geojson" and at.error
    assert user_scripts(at)


def test_the_upload_size_matches_the_limits_and_the_server():
    from corridors.data.limits import MIB, Limits

    at = run_app()
    uploader = at.file_uploader(key=Key.USER_LAYER_UPLOAD)
    assert set(uploader.allowed_type) == {".geojson", ".json"}
    config = (REPO_ROOT / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {Limits().upload_bytes // MIB}\n" in config
    assert uploader.proto.max_upload_size_mb == Limits().upload_bytes // MIB
