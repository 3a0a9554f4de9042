"""Pictures of questions: a figure spec drawn as a PNG, a shipped image read, a one-line text.

`render_png(spec)` draws with matplotlib's Agg canvas directly (no pyplot, no display, no
global backend switch, so it is safe in a server), 640 × 480 pixels, every text in DejaVu Sans
(shipped with matplotlib, with all Turkish letters) and without a timestamp or version in the
file, so the same spec always gives the same bytes. `figure_png(question, pack_root)` returns a
question's picture, shipped or drawn; `describe_figure(spec, language)` says in one line what
the picture shows, for channels that send text only.
"""

from __future__ import annotations

import io
import math
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as Canvas
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Arc, Circle, Wedge

from content.schema import CircleFigure, GraphFigure, Question, TriangleFigure

Figure = TriangleFigure | CircleFigure | GraphFigure

SIZE_INCHES, DPI = (6.4, 4.8), 100
INK, SHADE = "#1a1a1a", "#d9e2ec"
Vector = tuple[float, float]


@cache
def font(size: float = 15) -> FontProperties:
    """DejaVu Sans from matplotlib's own data folder, whatever fonts the machine has."""
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return FontProperties(fname=str(path), size=size)


@lru_cache(maxsize=256)
def render_png(spec: Figure) -> bytes:
    """The figure as PNG bytes (640 × 480); equal specs give equal bytes."""
    canvas = Canvas(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
    FigureCanvasAgg(canvas)
    axes = canvas.add_axes((0.02, 0.02, 0.96, 0.96))
    axes.set_axis_off()
    if isinstance(spec, TriangleFigure):
        _triangle(axes, spec)
    elif isinstance(spec, CircleFigure):
        _circle(axes, spec)
    else:
        _graph(axes, spec)
    buffer = io.BytesIO()
    canvas.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def figure_png(question: Question, pack_root: str | Path) -> bytes | None:
    """A question's picture: its shipped file (relative to the pack folder) or its drawn spec.

    None when it has neither; FileNotFoundError when the shipped file is missing or lies
    outside the pack folder (`content validate` reports both as missing-figure).
    """
    if question.figure:
        root = Path(pack_root).resolve()
        path = (root / question.figure).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise FileNotFoundError(f"figure {question.figure!r} is not a file of {root}")
        return path.read_bytes()
    if question.figure_spec is not None:
        return render_png(question.figure_spec)
    return None


# ---------------------------------------------------------------- drawing helpers
def _text(axes: Axes, at: Vector, text: str, size: float = 15, **style: Any) -> None:
    # parse_math=False: a "$" in a label is a dollar sign, never TeX.
    axes.text(
        *at, text, fontproperties=font(size), ha="center", va="center", parse_math=False, **style
    )


def _unit(vector: Vector) -> Vector:
    length = math.hypot(*vector) or 1.0
    return (vector[0] / length, vector[1] / length)


def _minus(a: Vector, b: Vector) -> Vector:
    return (a[0] - b[0], a[1] - b[1])


def _along(start: Vector, direction: Vector, distance: float) -> Vector:
    return (start[0] + direction[0] * distance, start[1] + direction[1] * distance)


def _angle_mark(
    axes: Axes, vertex: Vector, towards: tuple[Vector, Vector], label: str | None, size: float
) -> None:
    """An arc between the rays vertex→towards[0] and vertex→towards[1], labelled inside."""
    first, second = (_unit(_minus(point, vertex)) for point in towards)
    theta_1, theta_2 = (math.degrees(math.atan2(u[1], u[0])) for u in (first, second))
    if (theta_2 - theta_1) % 360 > 180:
        theta_1, theta_2 = theta_2, theta_1
    radius = 0.11 * size
    axes.add_patch(Arc(vertex, 2 * radius, 2 * radius, theta1=theta_1, theta2=theta_2, color=INK))
    if label:
        bisector = _unit((first[0] + second[0], first[1] + second[1]))
        # A narrow angle pushes its label outwards, where the rays are far enough apart.
        half = math.radians((theta_2 - theta_1) % 360) / 2
        distance = min(
            max(radius + 0.09 * size, 0.08 * size / max(math.sin(half), 0.01)), 0.5 * size
        )
        _text(axes, _along(vertex, bisector, distance), label, 14)


def _frame(axes: Axes, points: list[Vector], margin: float) -> None:
    """Limits around the points, widened to the picture's 4:3 so that a unit is as long
    across as up (angles and lengths look like what they are)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs) + 2 * margin, max(ys) - min(ys) + 2 * margin
    ratio = SIZE_INCHES[0] / SIZE_INCHES[1]
    width, height = max(width, height * ratio), max(height, width / ratio)
    centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    axes.set_xlim(centre[0] - width / 2, centre[0] + width / 2)
    axes.set_ylim(centre[1] - height / 2, centre[1] + height / 2)


# ---------------------------------------------------------------- triangle
def _triangle(axes: Axes, spec: TriangleFigure) -> None:
    points = list(spec.vertices)
    size = max(math.dist(a, b) for a in points for b in points)
    centre = (sum(p[0] for p in points) / 3, sum(p[1] for p in points) / 3)
    axes.fill(*zip(*points, strict=True), facecolor="white", edgecolor=INK, linewidth=2)
    for index, (vertex, name) in enumerate(zip(points, spec.names, strict=True)):
        _text(axes, _along(vertex, _unit(_minus(vertex, centre)), 0.08 * size), name, 17)
        others = (points[(index + 1) % 3], points[(index + 2) % 3])
        if spec.angles[index]:
            _angle_mark(axes, vertex, others, spec.angles[index], size)
    for index, label in enumerate(spec.sides):
        if label:
            start, end = points[index], points[(index + 1) % 3]
            middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            _text(axes, _along(middle, _unit(_minus(middle, centre)), 0.07 * size), label, 14)
    shown = list(points)
    if spec.right_angle is not None:
        vertex = points[spec.right_angle]
        u, v = (_unit(_minus(points[(spec.right_angle + k) % 3], vertex)) for k in (1, 2))
        step = 0.06 * size
        corner = [_along(vertex, u, step), _along(_along(vertex, u, step), v, step)]
        corner.append(_along(vertex, v, step))
        axes.plot(*zip(*corner, strict=True), color=INK, linewidth=1.2)
    if spec.extension is not None:
        side, name, label = spec.extension
        start, end = points[side], points[(side + 1) % 3]
        far = _along(end, _unit(_minus(end, start)), 0.45 * size)
        axes.plot(*zip(end, far, strict=True), color=INK, linewidth=2)
        _text(axes, _along(far, _unit(_minus(far, end)), 0.06 * size), name, 17)
        _angle_mark(axes, end, (far, points[(side + 2) % 3]), label, size)
        shown.append(far)
    _frame(axes, shown, 0.16 * size)


# ---------------------------------------------------------------- circle
def _circle(axes: Axes, spec: CircleFigure) -> None:
    axes.add_patch(Wedge((0, 0), 1, spec.start, spec.end, facecolor=SHADE, edgecolor="none"))
    axes.add_patch(Circle((0, 0), 1, fill=False, edgecolor=INK, linewidth=2))
    centre, first, second = spec.names
    ends = [(math.cos(math.radians(a)), math.sin(math.radians(a))) for a in (spec.start, spec.end)]
    for point, name in zip(ends, (first, second), strict=True):
        axes.plot(*zip((0, 0), point, strict=True), color=INK, linewidth=2)
        axes.plot(*point, "o", color=INK, markersize=5)
        _text(axes, _along((0, 0), point, 1.13), name, 17)
    middle = math.radians((spec.start + spec.end) / 2)
    bisector = (math.cos(middle), math.sin(middle))
    axes.plot(0, 0, "o", color=INK, markersize=5)
    _text(axes, _along((0, 0), bisector, -0.14), centre, 17)
    _angle_mark(axes, (0, 0), (ends[0], ends[1]), spec.angle_label, 1.4)
    if spec.radius_label:
        # Beside the first radius, on the side away from the sector.
        normal = (math.sin(math.radians(spec.start)), -math.cos(math.radians(spec.start)))
        _text(axes, _along(_along((0, 0), ends[0], 0.55), normal, 0.1), spec.radius_label, 14)
    if spec.arc_label:
        _text(axes, _along((0, 0), bisector, 1.28), spec.arc_label, 14)
    _frame(axes, [(-1.0, -1.0), (1.0, 1.0)], 0.4)


# ---------------------------------------------------------------- graph
def _number(value: float, minus: str = "−") -> str:
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace("-", minus)


def _graph(axes: Axes, spec: GraphFigure) -> None:
    (x_low, x_high), (y_low, y_high) = spec.x_range, spec.y_range
    axes.set_xlim(x_low, x_high)
    axes.set_ylim(y_low, y_high)
    arrow = {"arrowstyle": "-|>", "color": INK, "linewidth": 1.3}
    axes.annotate("", xy=(x_high, 0), xytext=(x_low, 0), arrowprops=arrow)
    axes.annotate("", xy=(0, y_high), xytext=(0, y_low), arrowprops=arrow)
    dx, dy = (x_high - x_low) / 40, (y_high - y_low) / 30
    _text(axes, (x_high - dx, -1.6 * dy), "x", 15)
    _text(axes, (1.3 * dx, y_high - dy), "y", 15)
    _text(axes, (-1.1 * dx, -1.3 * dy), "O", 13)
    xs = np.linspace(x_low, x_high, 400)
    ys = np.polyval(spec.coefficients, xs)
    axes.plot(xs, ys, color="#1f4e99", linewidth=2.2)
    written: set[tuple[str, float]] = set()
    for point in spec.points:
        axes.plot(point.x, point.y, "o", color=INK, markersize=6, zorder=3)
        if point.x and point.y:
            axes.plot([point.x, point.x], [0, point.y], ":", color=INK, linewidth=1.2)
            axes.plot([0, point.x], [point.y, point.y], ":", color=INK, linewidth=1.2)
        if point.x and ("x", point.x) not in written:
            written.add(("x", point.x))
            below = -1.6 * dy if point.y >= 0 else 1.6 * dy
            _text(axes, (point.x, below), _number(point.x), 13)
        if point.y and ("y", point.y) not in written:
            written.add(("y", point.y))
            side = -1.6 * dx if point.x >= 0 else 1.6 * dx
            _text(axes, (side, point.y), _number(point.y), 13)
    inside = [i for i, y in enumerate(ys) if y_low + 3 * dy < y < y_high - 3 * dy]
    if inside:
        # Beside the curve, not on it: step off along its normal, measured in picture units.
        i = inside[int(len(inside) * 0.85)]
        j = min(i + 1, len(xs) - 1)
        along = _unit(((xs[j] - xs[i]) / dx, (ys[j] - ys[i]) / dy))
        normal = (-along[1], along[0]) if along[0] >= 0 else (along[1], -along[0])
        at = (xs[i] + normal[0] * 3 * dx, ys[i] + normal[1] * 3 * dy)
        _text(axes, at, f"y = {spec.name}(x)", 13, color="#1f4e99")


# ---------------------------------------------------------------- text for text-only channels
def describe_figure(spec: Figure, language: str) -> str:
    """One line that says what the figure shows, in Turkish ("tr") or English (otherwise)."""
    turkish = language == "tr"
    minus = "−" if turkish else "-"
    if isinstance(spec, GraphFigure):
        points = [p for p in spec.points if not p.vertex]
        through = _joined(
            [f"({_number(p.x, minus)}, {_number(p.y, minus)})" for p in points], turkish
        )
        vertex = next((p for p in spec.points if p.vertex), None)
        top = f"({_number(vertex.x, minus)}, {_number(vertex.y, minus)})" if vertex else ""
        if turkish:
            shape = "bir doğru" if spec.function == "line" else "bir parabol"
            head = f"Şekil: y = {spec.name}(x) grafiği, {shape}"
            head += f"; tepe noktası {top}" if top else ""
            ending = "noktalarından" if len(points) > 1 else "noktasından"
            return f"{head}; {through} {ending} geçer."
        shape = "a line" if spec.function == "line" else "a parabola"
        head = f"Figure: the graph of y = {spec.name}(x), {shape}"
        head += f" with vertex {top}" if top else ""
        return f"{head} through {through}."
    if isinstance(spec, CircleFigure):
        centre, first, second = spec.names
        label = spec.angle_label
        parts = [_angle(f"{first}{centre}{second}", label, turkish) if label else ""]
        if turkish:
            parts.insert(0, f"Şekil: {centre} merkezli çember, {first} ve {second} çember üzerinde")
            parts.append(f"|{centre}{first}| = {spec.radius_label}" if spec.radius_label else "")
            parts.append(f"küçük {first}{second} yayı = {spec.arc_label}" if spec.arc_label else "")
            parts.append(f"{first}{centre}{second} dilimi taralı")
        else:
            parts.insert(0, f"Figure: a circle with center {centre}; {first} and {second} on it")
            parts.append(f"{centre}{first} = {spec.radius_label}" if spec.radius_label else "")
            parts.append(f"minor arc {first}{second} = {spec.arc_label}" if spec.arc_label else "")
            parts.append(f"sector {first}{centre}{second} shaded")
        return "; ".join(part for part in parts if part) + "."
    return _describe_triangle(spec, turkish)


def _describe_triangle(spec: TriangleFigure, turkish: bool) -> str:
    names = spec.names
    parts = [f"Şekil: {''.join(names)} üçgeni" if turkish else f"Figure: triangle {''.join(names)}"]
    for index, label in enumerate(spec.angles):
        if label:
            a, b = (names[j] for j in range(3) if j != index)
            parts.append(_angle(f"{a}{names[index]}{b}", label, turkish))
    for index, label in enumerate(spec.sides):
        if label:
            first, second = sorted((index, (index + 1) % 3))
            segment = f"{names[first]}{names[second]}"
            parts.append(f"|{segment}| = {label}" if turkish else f"{segment} = {label}")
    if spec.right_angle is not None:
        corner = names[spec.right_angle]
        parts.append(f"{corner} açısı dik" if turkish else f"the angle at {corner} is right")
    if spec.extension is not None:
        side, far, label = spec.extension
        start, end, other = names[side], names[(side + 1) % 3], names[(side + 2) % 3]
        if turkish:
            parts.append(f"[{start}{end}] {end} yönünde {far} noktasına uzatılmış")
        else:
            parts.append(f"side {start}{end} is extended past {end} to {far}")
        if label:
            parts.append(_angle(f"{other}{end}{far}", label, turkish))
    return "; ".join(parts) + "."


def _angle(name: str, label: str, turkish: bool) -> str:
    return f"m({name}) = {label}" if turkish else f"angle {name} = {label}"


def _joined(items: list[str], turkish: bool) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'ve' if turkish else 'and'} {items[-1]}"
