"""The print map's legend: the ``LegendModel`` of the features shown, as matplotlib legends in rows."""

from __future__ import annotations

from matplotlib.legend import Legend

from corridors.printmap.style import swatch_handle
from corridors.style.legend import LegendModel, legend_model


def legend_sections(features) -> list[tuple[str, list, list[str]]]:
    """(title, handles, labels) per legend section, for what the map shows and nothing else."""
    return sections_of(legend_model(features))


def sections_of(model: LegendModel) -> list[tuple[str, list, list[str]]]:
    return [
        (section.title, [swatch_handle(e.swatch) for e in section.entries], [e.label for e in section.entries])
        for section in model.sections
    ]


def draw_legends(legend_ax, sections, width_in: float) -> float:
    """Legends side by side, wrapping to a new row when full; returns the height used, in inches.

    Anchored in figure inches (``dpi_scale_trans``) so SVG and PDF, saved at 72 dpi, match the PNG.
    """
    fig = legend_ax.figure
    renderer = fig.canvas.get_renderer()
    pos = legend_ax.get_position()
    left, top = pos.x0 * fig.get_figwidth(), pos.y1 * fig.get_figheight()
    x = y = row_height = 0.0
    gap = 0.3
    for title, handles, labels in sections:
        legend = Legend(
            legend_ax, handles, labels, title=title, loc="upper left", frameon=False, fontsize=7.5,
            title_fontproperties={"size": 8, "weight": "bold"}, alignment="left", handlelength=2.6,
            borderaxespad=0, borderpad=0, labelspacing=0.45, handletextpad=0.6,
        )
        for text in [*legend.get_texts(), legend.get_title()]:
            text.set_parse_math(False)  # labels are plain text, as everywhere on a print map (style.PLAIN_TEXT)
        legend.set_bbox_to_anchor((left + x, top - y), transform=fig.dpi_scale_trans)
        legend_ax.add_artist(legend)
        size = legend.get_window_extent(renderer)
        w, h = size.width / fig.dpi, size.height / fig.dpi
        if x > 0 and x + w > width_in:  # no room on this row: start the next one
            x, y, row_height = 0.0, y + row_height + gap / 2, 0.0
            legend.set_bbox_to_anchor((left + x, top - y), transform=fig.dpi_scale_trans)
        x += w + gap
        row_height = max(row_height, h)
    return y + row_height
