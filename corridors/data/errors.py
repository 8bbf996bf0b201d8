"""The error raised when the atlas data does not validate.

Its own small module so that code which only catches it (the CLI) need not import the
geometry stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corridors.data.validate import Report


class DataError(Exception):
    """The data did not validate; ``report`` lists every problem."""

    def __init__(self, report: Report):
        self.report = report
        lines = [str(p) for p in report.errors[:20]]
        more = len(report.errors) - len(lines)
        super().__init__(
            f"atlas data has {report.summary()}:\n" + "\n".join(lines) + (f"\n… and {more} more" if more > 0 else "")
        )
