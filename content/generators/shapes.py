"""Figure specs for generators: triangles placed from their angles or legs, graph windows.

The coordinates are exact enough that the picture agrees with the numbers written on it (a 50°
label sits on a 50° angle), so a student may trust the figure; tests/unit/test_figures.py
measures that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from content.schema import GraphFigure, GraphPoint, Point, TriangleFigure

Labels = tuple[str | None, str | None, str | None]
NO_LABELS: Labels = (None, None, None)


def triangle_from_angles(
    alpha: float,
    beta: float,
    *,
    angles: Labels = NO_LABELS,
    sides: Labels = NO_LABELS,
    extension: tuple[int, str, str | None] | None = None,
) -> TriangleFigure:
    """Triangle ABC with A at the origin, B on the x axis and the given angles at A and B."""
    gamma = math.radians(180 - alpha - beta)
    # Law of sines with |AB| = 1: |AC| = sin B / sin C.
    ac = math.sin(math.radians(beta)) / math.sin(gamma)
    c = (ac * math.cos(math.radians(alpha)), ac * math.sin(math.radians(alpha)))
    return TriangleFigure(
        vertices=_rounded(((0.0, 0.0), (1.0, 0.0), c)),
        angles=angles,
        sides=sides,
        extension=extension,
    )


def right_triangle(
    vertical: float, horizontal: float, *, sides: Labels = NO_LABELS
) -> TriangleFigure:
    """Right triangle ABC with the right angle at B: A above B, C to the right of B."""
    scale = max(vertical, horizontal)
    return TriangleFigure(
        vertices=_rounded(((0.0, vertical / scale), (0.0, 0.0), (horizontal / scale, 0.0))),
        sides=sides,
        right_angle=1,
    )


def _rounded(points: Iterable[Point]) -> tuple[Point, Point, Point]:
    a, b, c = ((round(x, 6), round(y, 6)) for x, y in points)
    return a, b, c


def graph(
    function: str,
    coefficients: tuple[float, ...],
    points: Iterable[tuple[float, float, bool]],
    *,
    also_show: Iterable[Point] = (),
    name: str = "f",
) -> GraphFigure:
    """A graph whose window holds the origin, the marked points and `also_show` with a margin."""
    marked = tuple(GraphPoint(x=x, y=y, vertex=vertex) for x, y, vertex in points)
    xs = [0.0, *(p.x for p in marked), *(x for x, _ in also_show)]
    ys = [0.0, *(p.y for p in marked), *(y for _, y in also_show)]
    return GraphFigure(
        function="line" if function == "line" else "parabola",
        coefficients=coefficients,
        points=marked,
        x_range=_window(xs),
        y_range=_window(ys),
        name=name,
    )


def _window(values: list[float]) -> Point:
    low, high = min(values), max(values)
    margin = max(1.0, 0.2 * (high - low))
    return (round(low - margin, 2), round(high + margin, 2))
