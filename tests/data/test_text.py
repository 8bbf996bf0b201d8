from corridors.data.text import locate, normalize, slugify


def test_normalize_folds_quotes_dashes_and_spaces():
    assert normalize("\u201cIt\u2019s\u201d \u2014 a\u00a0test\n\t here") == "\"It's\" - a test here"


def test_normalize_composes_unicode():
    assert normalize("Naxc\u0327\u0131van") == "Naxçıvan"  # c + combining cedilla -> ç
    assert normalize("Naxc\u0327\u0131van") == normalize("Naxçıvan")


def test_locate_returns_offsets_in_original_text():
    passage = "Aliyev said  \u201cthe time has come\u201d \u2013 in January."
    span = locate('"the time has come" - in', passage)
    assert span is not None
    assert passage[span.start : span.end] == "\u201cthe time has come\u201d \u2013 in"


def test_locate_missing_quote():
    assert locate("not in there", "some passage text") is None
    assert locate("", "some passage text") is None


def test_slug_cuts_on_word_boundaries():
    slug = slugify("Aliyev met Ukrainian President Volodomyr Zelenskiy at the Munich Security Conference")
    assert slug == "aliyev-met-ukrainian-president-volodomyr"
    assert len(slug) <= 48
