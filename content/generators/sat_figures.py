"""Digital SAT Math generators with a figure (English, 4 options): circle arcs and sectors, and a
linear function read from its graph (the numbers live only in the graph)."""

from __future__ import annotations

import random
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, pi_multiple, retry
from content.generators.sat_math import OPTIONS, fraction_text
from content.generators.shapes import graph
from content.schema import CircleFigure

SECTOR_ANGLES = (30, 40, 45, 60, 72, 90, 120, 135, 150)
SLOPES = tuple(Fraction(top, bottom) for top in (-3, -2, -1, 1, 2, 3) for bottom in (1, 2, 3))


def circle_arc(rng: random.Random) -> GeneratedQuestion:
    """Circles: the length of a minor arc, or (harder) the area of a sector, from r and ∠AOB."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        angle, radius = rng.choice(SECTOR_ANGLES), rng.randint(2, 12)
        arc = Fraction(radius * angle, 180)
        area = Fraction(radius * radius * angle, 360)
        if arc.denominator != 1 or area.denominator != 1:
            raise Redraw
        given = (
            f"In the figure, points A and B lie on the circle with center O. The radius of the "
            f"circle is {radius}, and the measure of angle AOB is {angle}°."
        )
        if rng.random() < 0.5:
            key, asked, difficulty = arc, "What is the length of minor arc AB?", 2
            mistakes = [arc / 2, 2 * radius * Fraction(360 - angle, 360), area, arc * 2]
            why = f"Arc = (angle/360) × 2πr = ({angle}/360) × 2π({radius}) = {pi_multiple(arc)}."
        else:
            key, asked, difficulty = area, "What is the area of sector AOB?", 3
            mistakes = [arc, Fraction(radius * radius), radius * radius - area, area * 2]
            why = (
                f"Sector = (angle/360) × πr² = ({angle}/360) × π({radius})² = {pi_multiple(area)}."
            )
        options, answer = assemble(
            rng, key, [m for m in mistakes if m > 0], count=OPTIONS, render=pi_multiple
        )
        start = 5 * rng.randint(0, 9)
        figure = CircleFigure(
            start=start, end=start + angle, radius_label=str(radius), angle_label=f"{angle}°"
        )
        return GeneratedQuestion(
            stem=f"{given} {asked}",
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"radius": radius, "angle": angle},
            figure=figure,
        )

    return retry(rng, draw)


def line_graph(rng: random.Random) -> GeneratedQuestion:
    """Linear functions: the slope of a graphed line, or (harder) f(k), read from the graph."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        slope, intercept = rng.choice(SLOPES), rng.randint(-5, 5)
        if intercept == 0:
            raise Redraw

        def f(x: int) -> Fraction:
            return slope * x + intercept

        whole = [x for x in range(-6, 7) if x and f(x).denominator == 1 and abs(f(x)) <= 8]
        if not whole:
            raise Redraw
        root = -intercept / slope
        second = int(root) if root.denominator == 1 and root in whole else rng.choice(whole)
        figure = graph(
            "line",
            (float(slope), float(intercept)),
            [(0, intercept, False), (second, float(f(second)), False)],
        )
        if rng.random() < 0.5:
            key: Fraction = slope
            stem = "The graph of the linear function f is shown. What is the slope of the graph?"
            mistakes = [1 / slope, -slope, -1 / slope, Fraction(intercept), slope + 1]
            why = (
                f"From (0, {intercept}) to ({second}, {f(second)}) y changes by "
                f"{f(second) - intercept} while x changes by {second}: the slope is "
                f"{fraction_text(slope)}."
            )
            difficulty = 2
        else:
            k = rng.choice([x for x in range(-8, 9) if x not in (0, second)])
            key = f(k)
            if key.denominator != 1:
                raise Redraw
            stem = f"The graph of the linear function f is shown. What is the value of f({k})?"
            mistakes = [-key, intercept - slope * k, slope * k, k / slope + intercept, f(k + 1)]
            why = (
                f"From the graph, f(x) = {_linear(slope, intercept)}; f({k}) = "
                f"{fraction_text(key)}."
            )
            difficulty = 3
        options, answer = assemble(rng, key, mistakes, count=OPTIONS, render=fraction_text)
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"second": second},
            figure=figure,
        )

    return retry(rng, draw)


def _linear(slope: Fraction, intercept: int) -> str:
    """ "(2/3)x - 4", "-x + 3": the formula of a line as the SAT writes it."""
    if slope.denominator != 1:
        head = f"({fraction_text(slope)})x"
    else:
        head = {1: "x", -1: "-x"}.get(int(slope), f"{int(slope)}x")
    return f"{head} - {-intercept}" if intercept < 0 else f"{head} + {intercept}"
