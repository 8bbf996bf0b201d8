"""Text made safe for the files it lands in: CSV cells opened by spreadsheets, and XML (KML, SVG).

HTML and JavaScript have their own escaping in ``corridors.web.escape``.
"""

from __future__ import annotations

import re

# OWASP "CSV Injection": a spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) phones home, =cmd|... ran commands in old Excel). A leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading ``'``.

    Only text is changed (numbers stay numbers); the change is visible, which is the
    point: the cell shows what the data holds instead of running it.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Characters XML 1.0 cannot hold at all (not even as character references): C0 controls other
# than tab, line feed and carriage return, lone surrogates, and U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text an XML document (KML, SVG) can hold: illegal characters become U+FFFD.

    The validator already refuses them in data; this keeps a title typed on the
    command line, or any future input, from producing a file no reader opens.
    """
    return _XML_ILLEGAL.sub("\ufffd", str(value))
