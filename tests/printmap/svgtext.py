"""Text boxes read back from a print map's SVG, to check the label rules on the file itself.

matplotlib writes each line of text as an SVG ``<text>`` (``svg.fonttype: none``)
inside a group named by the artist's gid (``label-3``, ``legend-0``, ``map-title``);
frames are paths in groups ``map-frame`` and ``inset-frame``. A line's box is
measured again from the file: the string's width as matplotlib lays it out in
DejaVu Sans, and the height above and below the baseline that matplotlib gives a
line (at least that of "lp", so "a" is as tall as "l").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

SVG = "{http://www.w3.org/2000/svg}"
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float  # SVG y grows downwards: y0 is the top
    x1: float
    y1: float

    def overlaps(self, other: Box, tolerance: float = 0.25) -> bool:
        return (self.x0 < other.x1 - tolerance and other.x0 < self.x1 - tolerance
                and self.y0 < other.y1 - tolerance and other.y0 < self.y1 - tolerance)

    def inside(self, other: Box, tolerance: float = 0.25) -> bool:
        return (self.x0 >= other.x0 - tolerance and self.x1 <= other.x1 + tolerance
                and self.y0 >= other.y0 - tolerance and self.y1 <= other.y1 + tolerance)

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@lru_cache(maxsize=4096)
def _metrics(text: str, size: float, weight: str, style: str) -> tuple[float, float, float]:
    """(width, height above the baseline, depth below it), as ``matplotlib.text.Text`` lays out a line."""
    prop = FontProperties(family="DejaVu Sans", size=size, weight=weight, style=style)
    width, height, descent = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    _, lp_height, lp_descent = _TEXT_TO_PATH.get_text_width_height_descent("lp", prop, ismath=False)
    return width, max(height - descent, lp_height - lp_descent), max(descent, lp_descent)


def text_box(element: ET.Element) -> Box:
    style = dict(part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    style = {k.strip(): v.strip() for k, v in style.items()}
    size = float(style["font-size"].removesuffix("px"))
    weight = "bold" if style.get("font-weight") in ("700", "bold") else "normal"
    width, above, below = _metrics(element.text or "", size, weight, style.get("font-style", "normal"))
    transform = element.get("transform", "")
    if element.get("x") is not None:  # one line: x, y and the anchor
        x, y = float(element.get("x")), float(element.get("y"))
    else:  # a line of a multi-line text, placed by matplotlib: translate(x y), anchored at its start
        x, y = (float(v) for v in re.match(r"translate\(([\d.e+-]+) ([\d.e+-]+)\)", transform).groups())
    if re.search(r"rotate\((?!-?0 )", transform):
        raise ValueError(f"rotated text is not expected here: {transform}")
    anchor = style.get("text-anchor", "start")
    x0 = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    return Box(x0, y - above, x0 + width, y + below)


def path_box(element: ET.Element) -> Box:
    numbers = [float(v) for v in re.findall(r"-?[\d.]+(?:e[+-]?\d+)?", element.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def groups(path) -> dict[str, Box]:
    """Every group with an id we set: its text lines' union (labels, legends, titles) or its path (frames)."""
    root = ET.parse(path).getroot()
    boxes: dict[str, Box] = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if gid in ("map-frame", "inset-frame"):
            boxes[gid] = path_box(next(group.iter(f"{SVG}path")))
        elif re.fullmatch(r"label-\d+|legend-\d+|map-title|small-print|inset-title", gid):
            lines = [text_box(t) for t in group.iter(f"{SVG}text")]
            if lines:
                box = lines[0]
                for line in lines[1:]:
                    box = box.union(line)
                boxes[gid] = box
    return boxes


def label_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["\n".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g") if re.fullmatch(r"label-\d+", g.get("id", ""))]


def collisions(path) -> list[str]:
    """Every way the labels break the rule: overlapping each other, a frame, the legend or the titles."""
    boxes = groups(path)
    frame = boxes["map-frame"]
    inset = boxes.get("inset-frame")
    labels = {k: v for k, v in boxes.items() if k.startswith("label-")}
    others = {k: v for k, v in boxes.items() if k.startswith("legend-") or k in ("map-title", "small-print")}
    if "inset-title" in boxes:
        others["inset-title"] = boxes["inset-title"]
    problems = []
    names = sorted(labels)
    for i, a in enumerate(names):
        box = labels[a]
        in_inset = inset is not None and box.inside(inset)
        if not box.inside(frame):
            problems.append(f"{a} crosses the map frame")
        if inset is not None and not in_inset and box.overlaps(inset, tolerance=-0.5):
            problems.append(f"{a} overlaps the inset")
        for b in names[i + 1:]:
            if box.overlaps(labels[b]):
                problems.append(f"{a} overlaps {b}")
        for other, obox in others.items():
            if box.overlaps(obox):
                problems.append(f"{a} overlaps {other}")
    return problems
