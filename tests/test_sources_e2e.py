"""Several sources in the browser: the card's disagreement view and the source filter, on an atlas with a
test-only second source (tests/multisource.py) served by ``streamlit run`` with $CORRIDORS_DATA."""

from __future__ import annotations

import pytest

from corridors.data.paths import REPO_ROOT
from tests.browser import ARTIFACTS, chromium_page
from tests.multisource import TEST_SOURCE, build_two_sources
from tests.test_app_e2e import STEP_TIMEOUT_MS, drawn, no_network_and_no_errors, open_app, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_url(tmp_path_factory):
    data = build_two_sources(tmp_path_factory.mktemp("two-e2e") / "atlas")
    with streamlit_server(REPO_ROOT / "app.py", ARTIFACTS / "sources-e2e-server.log",
                          {"CORRIDORS_DATA": str(data)}) as url:
        yield url


def test_the_card_shows_where_two_sources_disagree(request, two_url):
    from playwright.sync_api import expect

    with chromium_page(request, viewport=(1400, 1000)) as page:
        open_app(page, two_url, "?feature=bam-main-line")
        disagree = page.get_by_test_id("card-disagreements").first
        expect(disagree).to_contain_text("around 4,300 km", timeout=STEP_TIMEOUT_MS)
        expect(disagree).to_contain_text("around 4,000 km")
        expect(disagree).to_contain_text("some 4,000 kilometers")  # the other side's quote, beside it
        expect(page.get_by_test_id("card-source")).to_have_count(2)
        no_network_and_no_errors(page)


def test_the_source_filter_draws_what_one_source_supports(request, two_url):
    with chromium_page(request, viewport=(1400, 1000)) as page:
        open_app(page, two_url, f"?sources={TEST_SOURCE}")
        assert drawn(page, "BAM") > 0 and drawn(page, "Karabakh") > 0
        assert drawn(page, "Zangezur") == 0  # the test source cites nothing of the Zangezur corridor
        no_network_and_no_errors(page)
