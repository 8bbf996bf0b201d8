"""The exported HTML in headless Chromium with every non-local request blocked."""

from __future__ import annotations

import pytest

from corridors.data.atlas import load_atlas
from corridors.export import export
from corridors.vocabulary import CORRIDORS
from corridors.web.offline import external_asset_urls
from tests.browser import chromium_page

pytestmark = pytest.mark.browser

MIDPOINT_JS = """(el) => {
  const p = el.getPointAtLength(el.getTotalLength() / 2);
  const m = el.getScreenCTM();
  return {x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f};
}"""


def _lines(page, corridor):
    return page.locator(f'path.leaflet-interactive[stroke="{CORRIDORS[corridor].colour}"]')


@pytest.fixture(scope="module")
def exported(atlas, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "atlas.html"
    files = export(atlas, "html", out, title="Corridor Atlas")
    return out, files


def test_export_is_one_self_contained_file(exported):
    out, files = exported
    page = out.read_text(encoding="utf-8")
    assert external_asset_urls(page) == []
    assert files[1].name == "atlas-embed.html" and "<iframe" in files[1].read_text()


def test_map_renders_offline_with_all_corridors_legend_and_popups(exported, request):
    out, _ = exported
    with chromium_page(request) as page:
        page.goto(out.as_uri())
        page.wait_for_selector(".leaflet-container")
        page.wait_for_selector('[data-testid="legend"]')
        for corridor in ("INSTC", "BAM", "Zangezur", "Karabakh"):
            assert _lines(page, corridor).count() > 0, corridor
        assert page.locator(".ca-marker").count() > 5
        assert page.locator('[data-testid="map-title"]').inner_text() == "Corridor Atlas"

        # The legend starts closed (a button); opened, it follows the layer control.
        page.locator('[data-testid="legend"] summary').click()
        # Unticking a layer in the layer control hides its lines (and its legend row).
        bam_label = page.locator(".leaflet-control-layers label", has_text="BAM")
        bam_label.click()
        assert _lines(page, "BAM").count() == 0
        bam_row = page.locator('[data-testid="legend"] .ca-row', has_text="Baikal-Amur Mainline")
        assert bam_row.is_hidden()
        bam_label.click()
        assert _lines(page, "BAM").count() > 0
        assert bam_row.is_visible()

        # Clicking a route opens its popup with a citation.
        route = _lines(page, "BAM").first
        point = route.evaluate(MIDPOINT_JS)
        page.mouse.click(point["x"], point["y"])
        popup = page.wait_for_selector(".leaflet-popup-content .ca-popup")
        text = popup.inner_text()
        assert "\u201c" in text and "paragraph" in text  # one quote, and where it is in the article
        assert "Why it is on the map" not in text  # the full card waits behind "More"
        page.locator(".leaflet-popup .ca-more summary").click()
        assert "Why it is on the map" in popup.inner_text()
        assert page.blocked == [], page.blocked
        assert page.errors == [], page.errors


XSS = '<img src=x onerror="window.__xss=1"> `${window.__xss2=1}` \\ </script><script>window.__xss3=1</script>'


def test_hostile_strings_show_literally_and_run_nothing(valid_feature, make_data_dir, request, tmp_path):
    valid_feature["properties"]["name"] = "Baku " + XSS
    valid_feature["properties"]["description"] = "Described as " + XSS
    valid_feature["properties"]["alt_names"][0]["used_by"] = XSS
    atlas = load_atlas(make_data_dir([valid_feature]))
    out = tmp_path / "xss.html"
    export(atlas, "html", out, title="Title " + XSS)
    with chromium_page(request) as page:
        page.goto(out.as_uri())
        page.wait_for_selector(".ca-marker")
        page.locator(".ca-marker").first.hover()
        tooltip = page.wait_for_selector(".leaflet-tooltip")
        assert "<img src=x onerror=" in tooltip.inner_text()
        page.locator(".ca-marker").first.click()
        popup = page.wait_for_selector(".leaflet-popup-content .ca-popup")
        text = popup.inner_text()
        assert "Baku <img src=x onerror=" in text
        assert "`${window.__xss2=1}`" in text and "</script><script>" in text
        assert page.locator('[data-testid="map-title"]').inner_text().startswith("Title <img")
        assert page.locator('[data-testid="legend"]').count() == 1  # the script went on after the strings
        fired = page.evaluate("[window.__xss, window.__xss2, window.__xss3]")
        assert fired == [None, None, None]
        assert page.locator(".ca-popup img").count() == 0


FIND_MAP = "Object.values(window).find((v) => v instanceof L.Map)"
STATES = [
    {"layers": ["INSTC", "Karabakh"]},
    {"statuses": ["planned", None]},
    {"modes": ["sea"]},
    {"asOf": "2022-01"},
    {"asOf": "2024-06", "statuses": ["withdrawing", "former", None], "layers": ["Karabakh", "context", "BAM"]},
    {"asOf": "2019", "modes": ["rail", "road"]},
]


def test_filters_in_the_browser_select_what_python_selects(atlas, exported, request):
    """``js/atlas.js`` applies layers, statuses, modes and dates as ``model.selection.select`` does,
    and shows each feature's popup (the card template's compact popup, ``web.card.popup_card_html``, issue 8)
    in the naming chosen, for every feature."""
    from corridors.model.cards import feature_card
    from corridors.model.selection import Selection, select
    from corridors.web.card import popup_card_html
    from corridors.web.payload import popup_what

    out, _ = exported
    with chromium_page(request) as page:
        page.goto(out.as_uri())
        page.wait_for_selector(".ca-marker")
        for partial in STATES:
            state = {"layers": list(CORRIDORS)} | partial  # a state names every field it sets; layers kept
            shown = page.evaluate(f"(s) => {{ const m = {FIND_MAP}; CorridorAtlas.apply(m, s);"
                                  " return CorridorAtlas.shownIds(m); }", state)
            selection = Selection(layers=tuple(state["layers"]), statuses=tuple(state.get("statuses", ())),
                                  modes=tuple(state.get("modes", ())), as_of=state.get("asOf"))
            assert sorted(shown) == sorted(select(atlas.features, selection).index), state
        # Popups and tooltips follow the naming: the popup is the card template's HTML for it.
        got = page.evaluate(f"""(ids) => {{
            const m = {FIND_MAP};
            CorridorAtlas.apply(m, {{naming: 'az', statuses: [], modes: [], asOf: null}});
            return ids.map((id) => [CorridorAtlas.popupContent(m, id).outerHTML,
                                    CorridorAtlas.tooltipContent(m, id).querySelector('b').textContent]);
        }}""", list(atlas.features.index))
        for fid, (popup, tip) in zip(atlas.features.index, got, strict=True):
            card = feature_card(atlas, fid, "az")
            assert tip == card["name"], fid
            row = atlas.features.loc[fid]
            expected = popup_card_html(card, popup_what(card, row["corridor"], row["kind"]))
            assert _same_html(page, popup, str(expected)), fid
        # A date the browser chose that the cards were not written for: the popup says so.
        note = page.evaluate(f"""() => {{
            const m = {FIND_MAP};
            CorridorAtlas.apply(m, {{asOf: '2019', statuses: [], modes: [], naming: 'article'}});
            const p = CorridorAtlas.popupContent(m, 'instc-astara-rasht-missing-link');
            return p.querySelector('.ca-asof').textContent;
        }}""")
        assert "route card beside the map" in note
        assert page.errors == [], page.errors


def _same_html(page, a: str, b: str) -> bool:
    """Whether two HTML fragments parse to the same DOM, up to whitespace between elements
    (which the template has and a renderer need not: it shows nothing)."""
    return page.evaluate("""([a, b]) => {
        const clean = (node) => {
            [...node.childNodes].forEach((c) => {
                if (c.nodeType === 3 && !c.textContent.trim()) { c.remove(); } else { clean(c); }
            });
            node.normalize();
            return node;
        };
        const x = document.createElement('div'), y = document.createElement('div');
        x.innerHTML = a; y.innerHTML = b;
        const same = clean(x).isEqualNode(clean(y));
        if (!same) { console.log(x.innerHTML.slice(0, 3000) + '\\n---\\n' + y.innerHTML.slice(0, 3000)); }
        return same;
    }""", [a, b])
