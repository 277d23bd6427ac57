"""Box plots of a role family's pay by level, drawn as SVG on the server (the template is
salaries/includes/box_plot.html).

Each level gets a row: a box from the lower to the upper quartile, a line at the median and whiskers to
the lowest and highest salaries where those are shown. A level without enough data gets the words "Not
enough data" and no shape. The scale is made from published figures only, so its range gives nothing
away about a suppressed cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .money import pounds
from .selectors import Choice, Published, Row

WIDTH = 900
PLOT_LEFT = 140
PLOT_RIGHT = 800
TOP = 12
ROW_HEIGHT = 48
BOX_HEIGHT = 24
AXIS_SPACE = 52


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BoxRow:
    label: str
    y: float  # the row's middle
    suppressed: bool
    low: float | None = None  # whisker ends; None when withheld
    q1: float = 0
    median: float = 0
    q3: float = 0
    high: float | None = None
    median_label: str = ""
    median_label_x: float = 0
    median_label_anchor: str = "start"

    @property
    def box_top(self) -> float:
        return self.y - BOX_HEIGHT / 2

    @property
    def box_bottom(self) -> float:
        return self.y + BOX_HEIGHT / 2

    @property
    def box_height(self) -> int:
        return BOX_HEIGHT

    @property
    def box_width(self) -> float:
        return max(self.q3 - self.q1, 1)

    @property
    def cap_top(self) -> float:
        return self.y - BOX_HEIGHT / 4

    @property
    def cap_bottom(self) -> float:
        return self.y + BOX_HEIGHT / 4


@dataclass(frozen=True)
class BoxPlot:
    family: Choice
    description: str
    height: int
    rows: tuple[BoxRow, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    plot_top: float
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 22

    @property
    def axis_label_y(self) -> float:
        return self.axis_y + 46

    @property
    def row_label_x(self) -> int:
        return self.plot_left - 14

    @property
    def note_x(self) -> int:
        return self.plot_left + 8


def _step(span: float) -> int:
    for step in (5_000, 10_000, 20_000, 25_000, 50_000):
        if span / step <= 8:
            return step
    return 100_000


def _scale(figures: list[Published]) -> tuple[int, int, int]:
    values = []
    for published in figures:
        values.append(published.minimum if published.minimum is not None else published.lower_quartile)
        values.append(published.maximum if published.maximum is not None else published.upper_quartile)
    low, high = min(values), max(values)
    step = _step(max(high - low, 1))
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    if end <= start:
        end = start + step
    return start, end, step


def _summary(level: str, published: Published | None) -> str:
    if published is None:
        return f"{level}: not enough data."
    parts = [
        f"{level}: median {pounds(published.median)}",
        f"lower quartile {pounds(published.lower_quartile)}",
        f"upper quartile {pounds(published.upper_quartile)}",
    ]
    if published.minimum is not None:
        parts.append(f"lowest {pounds(published.minimum)}")
    if published.maximum is not None:
        parts.append(f"highest {pounds(published.maximum)}")
    return ", ".join(parts) + "."


def box_plot(family: Choice, rows: list[Row]) -> BoxPlot | None:
    """The chart of `rows` (one per level of `family`), or None when there are no rows."""
    if not rows:
        return None
    published = [row.figures for row in rows if row.figures is not None]
    start, end, step = _scale(published) if published else (0, 1, 1)

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - start) / (end - start) * (PLOT_RIGHT - PLOT_LEFT), 1)

    boxes = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        figures = row.figures
        if figures is None:
            boxes.append(BoxRow(label=row.level.name, y=y, suppressed=True))
            continue
        low = x(figures.minimum) if figures.minimum is not None else None
        high = x(figures.maximum) if figures.maximum is not None else None
        right = high if high is not None else x(figures.upper_quartile)
        left = low if low is not None else x(figures.lower_quartile)
        # The median's figure goes right of the plot's shape, or left of it when there is no room.
        if right + 80 <= WIDTH:
            label_x, anchor = right + 8, "start"
        else:
            label_x, anchor = left - 8, "end"
        boxes.append(
            BoxRow(
                label=row.level.name,
                y=y,
                suppressed=False,
                low=low,
                q1=x(figures.lower_quartile),
                median=x(figures.median),
                q3=x(figures.upper_quartile),
                high=high,
                median_label=pounds(figures.median),
                median_label_x=label_x,
                median_label_anchor=anchor,
            )
        )
    axis_y = TOP + len(rows) * ROW_HEIGHT
    ticks = (
        tuple(Tick(x=x(value), label=f"£{value // 1000:,}k") for value in range(start, end + 1, step))
        if published
        else ()
    )
    description = " ".join(
        [
            f"Annual salary (the midpoint of each advertised range) of {family.name} roles by level.",
            "Each box runs from the lower to the upper quartile, with a line at the median;",
            "whiskers reach the lowest and highest salaries where enough organisations share them.",
            *(_summary(row.level.name, row.figures) for row in rows),
        ]
    )
    return BoxPlot(
        family=family,
        description=description,
        height=int(axis_y + AXIS_SPACE + 8),
        rows=tuple(boxes),
        ticks=ticks,
        axis_y=axis_y,
        plot_top=TOP,
    )
