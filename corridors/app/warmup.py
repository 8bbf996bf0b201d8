"""Shared work done once when the server starts, before the first reader arrives (issue 11).

``streamlit run app.py`` finds ``app = st.App(...)`` in ``app.py`` and serves
the page through Streamlit's ASGI app, whose ``lifespan`` calls ``lifespan``
here. It starts one background thread that loads (and, on a new data version,
validates) the atlas and builds the default map into the same caches every
session reads (``corridors.app.cache``): the first reader's page then finds them
ready instead of paying for them on the path to the first map. The server
answers at once; a reader who comes before the thread ends waits for the same
cached step (Streamlit's cache computes each value once), never twice.

Warming up only ever saves time: a failure here (bad data, a missing
boundary file) is left for the page, which reports it to the reader with its
file, feature and rule.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

THREAD_NAME = "corridors-warmup"
_LOG = logging.getLogger(__name__)


class _OutsideScriptRun(logging.Filter):
    """Streamlit warns about a missing script context for every cached call made outside a page run;
    from this thread that is the point, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD_NAME


def warm() -> None:
    """Load the atlas and build the default map, into the caches the sessions share."""
    from corridors.app import cache
    from corridors.app.state import data_fingerprint
    from corridors.data.errors import DataError
    from corridors.data.paths import default_data_dir
    from corridors.vocabulary import OFFLINE

    try:
        data_dir = default_data_dir()
        fingerprint = data_fingerprint(data_dir)
        loaded = cache.atlas(str(data_dir), fingerprint)
        if not isinstance(loaded, DataError):
            cache.base(loaded, fingerprint, OFFLINE)
    except Exception:  # the page shows the reader what is wrong; here it only costs the head start
        _LOG.warning("warm-up failed; the first page run will do this work", exc_info=True)


@asynccontextmanager
async def lifespan(_app):
    """``st.App``'s lifespan hook: start the warm-up and serve at once."""
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching"):
        logging.getLogger(name).addFilter(_OutsideScriptRun())
    threading.Thread(target=warm, name=THREAD_NAME, daemon=True).start()
    yield
