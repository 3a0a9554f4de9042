"""content.figures: every figure-carrying generator draws a PNG that decodes, in DejaVu Sans with
every Turkish letter, deterministically, and the picture agrees with the numbers written on it;
shipped figures are read from the pack folder; text-only channels get a faithful description."""

from __future__ import annotations

import io
import math
import random
import re
import warnings
from pathlib import Path

import pytest
from PIL import Image
from pydantic import ValidationError

from content.figures import describe_figure, figure_png, font, render_png
from content.generators import resolve
from content.schema import CircleFigure, GraphFigure, GraphPoint, Question, TriangleFigure
from tests.unit.test_generators import WITH_FIGURES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Drawing takes about 50 ms, so fewer seeds are drawn than are checked for their numbers.
DRAWN_SEEDS, CHECKED_SEEDS = range(20), range(1000)
MAX_BYTES = 60_000


def _figures(
    function: str, seeds: range = CHECKED_SEEDS
) -> list[TriangleFigure | CircleFigure | GraphFigure]:
    generator = resolve(function)
    figures = [generator(random.Random(seed)).figure for seed in seeds]
    assert all(figure is not None for figure in figures)
    return [figure for figure in figures if figure is not None]


def _draw_quietly(spec: TriangleFigure | CircleFigure | GraphFigure) -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_png.__wrapped__(spec)  # past the cache: really draw it
    return png, [str(w.message) for w in caught]


@pytest.mark.parametrize("function", sorted(WITH_FIGURES))
def test_every_generated_figure_renders_a_small_png(function: str) -> None:
    for spec in _figures(function, DRAWN_SEEDS):
        png, caught = _draw_quietly(spec)
        assert caught == [], (spec, caught)
        assert png.startswith(PNG_SIGNATURE)
        assert len(png) < MAX_BYTES, len(png)
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            assert image.size == (640, 480)
            # Something is drawn: not a blank page.
            assert image.convert("L").getextrema()[0] < 100


def test_turkish_letters_render_with_dejavu_and_a_missing_glyph_would_be_caught() -> None:
    assert font().get_name() == "DejaVu Sans"
    turkish = TriangleFigure(
        vertices=((0, 0), (1, 0), (0.4, 0.7)),
        names=("Ç", "Ğ", "İ"),
        sides=("ışık", "öğün", "şüphe"),
        angles=("ÇĞIİÖŞÜ", "çğıiöşü", "x"),
    )
    png, caught = _draw_quietly(turkish)
    assert caught == [] and png.startswith(PNG_SIGNATURE)
    # The check can fail: DejaVu has no CJK ideographs, and matplotlib says so.
    _, caught = _draw_quietly(turkish.model_copy(update={"names": ("漢", "B", "C")}))
    assert any("missing from font" in message for message in caught), caught


def test_rendering_is_deterministic_and_depends_on_the_spec() -> None:
    spec = CircleFigure(start=10, end=70, radius_label="6", angle_label="60°")
    first, _ = _draw_quietly(spec)
    second, _ = _draw_quietly(spec)
    other, _ = _draw_quietly(spec.model_copy(update={"angle_label": "61°"}))
    assert first == second
    assert other != first


def _angle_at(spec: TriangleFigure, index: int) -> float:
    vertex = spec.vertices[index]
    a, b = (spec.vertices[(index + k) % 3] for k in (1, 2))
    first = math.atan2(a[1] - vertex[1], a[0] - vertex[0])
    second = math.atan2(b[1] - vertex[1], b[0] - vertex[0])
    difference = abs(math.degrees(first - second)) % 360
    return min(difference, 360 - difference)


@pytest.mark.parametrize("function", sorted(f for f in WITH_FIGURES if "triangle" in f))
def test_triangles_are_drawn_to_their_numbers(function: str) -> None:
    for spec in _figures(function):
        assert isinstance(spec, TriangleFigure)
        for index, label in enumerate(spec.angles):
            if label and label.endswith("°"):
                assert _angle_at(spec, index) == pytest.approx(float(label[:-1]), abs=0.01)
        if spec.right_angle is not None:
            assert _angle_at(spec, spec.right_angle) == pytest.approx(90, abs=0.01)
        ratios = [
            math.dist(spec.vertices[i], spec.vertices[(i + 1) % 3]) / float(label)
            for i, label in enumerate(spec.sides)
            if label and label.isdigit()
        ]
        assert max(ratios, default=1) == pytest.approx(min(ratios, default=1), rel=1e-4)
        if spec.extension is not None and spec.extension[2]:
            exterior = 180 - _angle_at(spec, (spec.extension[0] + 1) % 3)
            assert exterior == pytest.approx(float(spec.extension[2][:-1]), abs=0.01)


@pytest.mark.parametrize("function", sorted(f for f in WITH_FIGURES if "circle" in f))
def test_circle_sectors_are_drawn_to_their_angle(function: str) -> None:
    for spec in _figures(function):
        assert isinstance(spec, CircleFigure) and spec.angle_label
        assert spec.end - spec.start == float(spec.angle_label.rstrip("°"))


def test_a_graph_spec_refuses_points_that_are_not_on_it() -> None:
    good = {"function": "line", "coefficients": (2, -1), "x_range": (-3, 3), "y_range": (-5, 5)}
    GraphFigure(points=(GraphPoint(x=1, y=1),), **good)
    with pytest.raises(ValidationError, match="not on the graph"):
        GraphFigure(points=(GraphPoint(x=1, y=2),), **good)
    with pytest.raises(ValidationError, match="outside the drawn range"):
        GraphFigure(points=(GraphPoint(x=3, y=5),), **good)


@pytest.mark.parametrize("function", sorted(f for f in WITH_FIGURES if "graph" in f))
def test_graph_descriptions_give_every_marked_point(function: str) -> None:
    language = "en" if ".sat_" in function else "tr"
    for spec in _figures(function):
        assert isinstance(spec, GraphFigure)
        text = describe_figure(spec, language).replace("−", "-")
        written = {(int(x), int(y)) for x, y in re.findall(r"\((-?\d+), (-?\d+)\)", text)}
        assert written == {(int(p.x), int(p.y)) for p in spec.points}, text


def test_descriptions_in_both_languages() -> None:
    triangle = TriangleFigure(
        vertices=((0, 0), (1, 0), (0.5, 0.6)),
        angles=("50°", None, "x"),
        sides=("7", None, None),
        extension=(1, "D", "110°"),
    )
    assert describe_figure(triangle, "tr") == (
        "Şekil: ABC üçgeni; m(BAC) = 50°; m(ACB) = x; |AB| = 7; [BC] C yönünde D noktasına "
        "uzatılmış; m(ACD) = 110°."
    )
    assert describe_figure(triangle, "en") == (
        "Figure: triangle ABC; angle BAC = 50°; angle ACB = x; AB = 7; side BC is extended past C "
        "to D; angle ACD = 110°."
    )
    circle = CircleFigure(start=0, end=60, angle_label="60°", arc_label="2π")
    assert describe_figure(circle, "tr") == (
        "Şekil: O merkezli çember, A ve B çember üzerinde; m(AOB) = 60°; küçük AB yayı = 2π; "
        "AOB dilimi taralı."
    )
    parabola = GraphFigure(
        function="parabola",
        coefficients=(1, -2, -3),
        points=(GraphPoint(x=1, y=-4, vertex=True), GraphPoint(x=0, y=-3)),
        x_range=(-2, 4),
        y_range=(-6, 6),
    )
    assert describe_figure(parabola, "en") == (
        "Figure: the graph of y = f(x), a parabola with vertex (1, -4) through (0, -3)."
    )


def _question(**fields: object) -> Question:
    base = {"id": "q1", "topic": "t", "difficulty": 2, "stem": "?", "options": ("a", "b")}
    return Question.model_validate(
        {**base, "answer": 0, "explanation": "e", "language": "tr", **fields}
    )


def test_figure_png_reads_shipped_files_and_draws_specs(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "q1.png").write_bytes(PNG_SIGNATURE + b"shipped")
    (tmp_path.parent / "outside.png").write_bytes(PNG_SIGNATURE)
    assert figure_png(_question(figure="figures/q1.png"), tmp_path) == PNG_SIGNATURE + b"shipped"
    spec = CircleFigure(start=0, end=90, angle_label="90°")
    assert figure_png(_question(figure_spec=spec.model_dump()), tmp_path) == render_png(spec)
    assert figure_png(_question(), tmp_path) is None
    for missing in ("figures/none.png", "../outside.png"):
        with pytest.raises(FileNotFoundError):
            figure_png(_question(figure=missing), tmp_path)
