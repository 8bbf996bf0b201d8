"""The view model: validation with clear errors, share links, manifests' dicts, the selection it draws."""

from __future__ import annotations

import math

import pytest

from corridors.app.state import AppState, state_to_query
from corridors.model.mapview import (
    DEFAULT_VIEWPORT,
    MapView,
    parse_bbox,
    parse_view,
    view_bounds,
    view_features,
    zoom_for_bounds,
)
from corridors.model.selection import Selection, select
from corridors.model.view import View

MEGHRI = View(39.0, 46.2, 8)
FULL = MapView(
    centre=MEGHRI, layers=("Zangezur", "conflict"), statuses=("proposed", None), modes=("road",),
    as_of="2022-01", naming="hy", focus=("zangezur-meghri", "lachin-checkpoint"), basemap="osm", title="Meghri & co",
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("39,46", "view must be lat,lon,zoom"),
        ("39,x,8", "3 numbers"),
        ("nan,46,8", "finite"),
        ("39,inf,8", "finite"),
        ("95,46,8", r"lat in \[-90, 90\]"),
        ("39,46,30", r"zoom must be in \[0, 19\]"),
    ],
)
def test_bad_views_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_view(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("44,38,48", "west,south,east,north"),
        ("48,38,44,41", "west < east"),
        ("44,41,48,38", "south < north"),
        ("44,38,48,nan", "finite"),
        ("-200,38,48,41", "-180 <= west"),
    ],
)
def test_bad_bboxes_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_bbox(text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("layers", ("Silk Road",), "layer 'Silk Road' is not one of"),
        ("statuses", ("rumoured",), "status 'rumoured' is not one of"),
        ("modes", ("air",), "mode 'air' is not one of"),
        ("naming", "fr", "names 'fr' is not one of"),
        ("basemap", "google", "basemap 'google' is not one of"),
        ("as_of", "last year", "ISO 8601"),
    ],
)
def test_unknown_values_are_refused_by_name(field, value, message):
    with pytest.raises(ValueError, match=message):
        MapView(**{field: value})


def test_a_view_has_a_centre_or_a_bbox_not_both():
    with pytest.raises(ValueError, match="not both"):
        MapView(centre=MEGHRI, bbox=(44, 38, 48, 41))


def test_focus_ids_are_checked_against_the_atlas(atlas):
    assert MapView(focus=("zangezur-meghri",)).check(atlas).focus == ("zangezur-meghri",)
    with pytest.raises(ValueError, match=r"'zangezur-megri' \(did you mean 'zangezur-meghri'\?\)"):
        MapView(focus=("zangezur-megri",)).check(atlas)


def test_layer_groups_expand_to_their_corridors_and_give_the_same_selection(atlas):
    view = MapView(layers=("instc", "conflict"))
    assert view.layers == ("INSTC", "Karabakh")
    by_view = select(atlas.features, view.selection())
    by_selection = select(atlas.features, Selection(layers=("INSTC", "conflict")))
    assert list(by_view.index) == list(by_selection.index)


def test_share_link_round_trips_every_field():
    link = FULL.share_link("https://atlas.example/app?tab=article#x")
    assert link.startswith("https://atlas.example/app?")
    back = MapView.from_link(link)
    assert back == FULL
    bbox_view = MapView(bbox=(44.0, 38.5, 48.0, 41.0), naming="az")
    assert MapView.from_link(bbox_view.share_link()) == bbox_view


def test_an_app_link_opens_the_same_view():
    state = AppState(layers=("INSTC", "Karabakh"), statuses=("operational", None), modes=("rail",), basemap="osm",
                     naming="ru", as_of="2023-09", feature="instc-rasht", view=View(40.41, 49.87, 6), tab="article")
    view = MapView.from_query(state_to_query(state))
    assert view.layers == state.layers and view.statuses == state.statuses and view.modes == state.modes
    assert (view.basemap, view.naming, view.as_of, view.centre) == (state.basemap, state.naming, state.as_of,
                                                                    state.view)
    assert view.focus == (state.feature,)
    # And the other way: the view's link carries the parameters the app reads, under the app's names.
    assert {"layers", "status", "mode", "as_of", "feature", "view", "names", "basemap"} <= set(FULL.to_query())


def test_a_stale_link_is_strict_on_the_command_line_and_lenient_with_notes():
    query = {"layers": "INSTC,Silk", "names": "xx", "view": "1,2"}
    with pytest.raises(ValueError, match="layers: layer 'Silk'"):
        MapView.from_query({"layers": "INSTC,Silk"})
    notes: list[str] = []
    view = MapView.from_query(query, notes)
    assert view.layers == ("INSTC",) and view.naming == "article" and view.centre is None
    assert len(notes) == 3 and any("Silk" in n for n in notes) and any("names" in n for n in notes)


def test_dict_round_trip_for_manifests():
    for view in (FULL, MapView(), MapView(bbox=(44.0, 38.5, 48.0, 41.0), statuses=(None,))):
        assert MapView.from_dict(view.to_dict()) == view
    with pytest.raises(ValueError, match="unknown view field"):
        MapView.from_dict({**FULL.to_dict(), "zoom": 3})


def test_centre_and_zoom_mean_what_the_apps_map_shows():
    west, south, east, north = view_bounds(MEGHRI)
    # 800 px at zoom 8: 256 * 2**8 px span 360 degrees of longitude.
    assert east - west == pytest.approx(DEFAULT_VIEWPORT[0] * 360 / (256 * 2**8))
    assert south < MEGHRI.lat < north and west < MEGHRI.lon < east
    assert north - south < east - west  # a wider-than-tall screen
    assert zoom_for_bounds(view_bounds(MEGHRI)) == MEGHRI  # the largest zoom that shows it all
    box = (44.0, 38.5, 48.0, 41.0)  # 4 x 2.5 degrees: 728 x 590 px at zoom 8, twice that at 9
    fitted = zoom_for_bounds(box)
    assert fitted.zoom == 8
    west, south, east, north = view_bounds(fitted)
    assert west <= box[0] and south <= box[1] and east >= box[2] and north >= box[3]


def test_the_view_shows_the_features_in_its_extent(atlas):
    shown = view_features(atlas, MapView(centre=MEGHRI))
    assert "zangezur-meghri" in shown.index
    assert not shown["corridor"].isin(["BAM"]).any()  # Tayshet is 4,000 km away
    with pytest.raises(ValueError, match=r"nothing was selected.*within"):
        view_features(atlas, MapView(bbox=(-30.0, -10.0, -20.0, 0.0)))


def test_numbers_must_be_finite_even_when_built_in_code():
    with pytest.raises(ValueError):
        MapView(centre=View(39.0, math.nan, 8))
