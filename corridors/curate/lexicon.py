"""The words ``suggest`` knows besides the features' own names: general domain knowledge, nothing per passage.

- ``CORRIDOR_ALIASES``: what articles call each corridor. ``strong`` names the
  corridor itself ("North-South Transport Corridor", "BAM"); ``weak`` words
  evoke it without naming it ("north-south" transit routes).
- ``DEMONYMS``: adjectives of the countries of the region ("Azerbaijani" →
  AZE). Country *names* come from the reference boundaries (Natural Earth).
- ``KIND_WORDS``: how articles speak of each kind and mode of feature, for the
  text similarity of the leak-free profiles ("railroad" for rail lines, "port"
  for ports, "peacekeepers" for a deployment).
- ``TRANSPORT_WORDS``: the words of a passage that speaks of routes at all.
- ``LOCATIVES``: prepositions that put a name in its place sense ("in Baku",
  "talks in Moscow"), as opposed to a capital or country standing for its
  government ("Baku's insistence", "Moscow was less capable").

Matching uses ``name_key``, so case, diacritics and dashes do not matter here.
"""

from __future__ import annotations

CORRIDOR_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "INSTC": {
        "strong": (
            "INSTC",
            "International North-South Transport Corridor",
            "International North-South Transit Corridor",
            "North-South Transport Corridor",
            "North-South Transit Corridor",
            "North-South Transportation Corridor",
            "North-South corridor",
        ),
        "weak": ("north-south", "North-South route", "North-South routes"),
    },
    "BAM": {
        "strong": ("BAM", "Baikal-Amur Mainline", "Baikal-Amur Magistral", "Baikal-Amur railway",
                   "Baikal Amur Mainline"),
        "weak": ("Baikal-Amur",),
    },
    "Zangezur": {
        "strong": ("Zangezur corridor", "Zangezur route", "Syunik corridor", "Crossroads of Peace",
                   "Trump Route for International Peace and Prosperity", "TRIPP"),
        "weak": ("Zangezur", "Naxcivan corridor", "Nakhchivan corridor"),
    },
    "Karabakh": {
        "strong": ("Karabakh conflict", "Nagorno-Karabakh conflict", "Second Karabakh War", "Karabakh war"),
        "weak": ("Karabakh",),
    },
}

# Adjectives and people of the region's countries, keyed by ISO 3166-1 alpha-3.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AZE": ("Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"),
    "RUS": ("Russian", "Russians"),
    "IRN": ("Iranian", "Iranians", "Persian"),
    "ARM": ("Armenian", "Armenians"),
    "GEO": ("Georgian", "Georgians"),
    "KAZ": ("Kazakh", "Kazakhs", "Kazakhstani"),
    "TKM": ("Turkmen",),
    "TUR": ("Turkish", "Turks"),
    "UKR": ("Ukrainian", "Ukrainians"),
}
# Common short or older names of countries that Natural Earth's short names do not give.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "RUS": ("Russian Federation",),
    "IRN": ("Islamic Republic of Iran",),
    "USA": ("United States", "U.S.", "US", "America"),
    "GBR": ("Britain", "United Kingdom", "UK"),
    "TUR": ("Turkiye", "Türkiye"),
}

# Words an article uses for each kind and mode; they join the feature's profile text.
KIND_WORDS: dict[str, str] = {
    "route": "route line corridor railway railroad",
    "segment": "route line section stretch railway railroad link",
    "sea_route": "sea route shipping ship ferry lane Caspian",
    "node": "station junction city hub",
    "port": "port ports harbour harbor terminal ship shipping",
    "border_crossing": "border crossing frontier",
    "checkpoint": "checkpoint border guards controlled",
    "area": "territory region enclave",
    "presence": "peacekeepers peacekeeping troops mission deployed presence",
    "event": "event",
    "place": "",
}
MODE_WORDS: dict[str, str] = {
    "rail": "rail railway railways railroad railroads train trains track",
    "road": "road roads highway truck trucks",
    "sea": "sea ship ships shipping ferry port ports",
    "multimodal": "rail ship road port",
}

# Words of getting things and people from place to place: a passage with none of them does not speak of routes.
TRANSPORT_WORDS = " ".join([*MODE_WORDS.values(), KIND_WORDS["route"], KIND_WORDS["segment"], KIND_WORDS["sea_route"],
                            KIND_WORDS["port"], "transport transportation transit freight cargo logistics connect "
                                                "connecting connection trade"])

LOCATIVES = frozenset({
    "in", "at", "to", "from", "near", "via", "through", "into", "across", "outside", "inside", "around", "toward",
    "towards", "between",
})
