"""Function-graph generators in Turkish: a line (TYT Fonksiyonlar) and a parabola (AYT Parabol).

The stem only says what is asked ("Şekilde grafiği verilen f ... için f(3) kaçtır?"); every
number of the function lives in the figure, as marked points whose coordinates are written at
the axes, so the question is answered by reading the graph.
"""

from __future__ import annotations

import random
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, retry
from content.generators.shapes import graph
from content.generators.yks_math import OPTIONS, num, signed_term

SLOPES = tuple(Fraction(top, bottom) for top in (-3, -2, -1, 1, 2, 3) for bottom in (1, 1, 2, 3))
LEADING = (-2, -1, 1, 2)


def fraction_tr(value: Fraction | int) -> str:
    """An exact value as an integer or a fraction, with a typographic minus: "−3/2"."""
    value = Fraction(value)
    text = num(value.numerator)
    return text if value.denominator == 1 else f"{text}/{value.denominator}"


def linear_text(slope: Fraction, intercept: int) -> str:
    """ "(−3/2)x + 4", "2x − 1", "−x + 3": the formula of a line."""
    if slope.denominator != 1:
        head = f"({fraction_tr(slope)})x"
    else:
        head = {1: "x", -1: "−x"}.get(int(slope), f"{num(int(slope))}x")
    return head + signed_term(intercept)


def line_graph(rng: random.Random) -> GeneratedQuestion:
    """Doğrusal fonksiyon grafiği: f(k) from the graph, or (harder) the a with f(a) = v."""

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
        # Two points on the axes when the line crosses the x axis at a whole number.
        second = int(root) if root.denominator == 1 and root in whole else rng.choice(whole)
        marked = (0, second)
        asked = [x for x in range(-8, 9) if x not in marked and f(x).denominator == 1]
        k = rng.choice(asked)
        value = f(k)
        figure = graph(
            "line",
            (float(slope), float(intercept)),
            [(0, intercept, False), (second, float(f(second)), False)],
        )
        if rng.random() < 0.5:
            mistakes: list[Fraction | int] = [-value, intercept - slope * k, slope * k]
            mistakes += [f(k + 1), f(k - 1)]
            mistakes.insert(2, k / slope + intercept)
            options, answer = assemble(rng, value, mistakes, count=OPTIONS, render=fraction_tr)
            return GeneratedQuestion(
                stem=f"Şekilde grafiği verilen f doğrusal fonksiyonu için f({num(k)}) kaçtır?",
                options=options,
                answer=answer,
                explanation=(
                    f"İşaretli iki noktadan eğim {fraction_tr(slope)}, y eksenini kestiği "
                    f"nokta {num(intercept)}: f(x) = {linear_text(slope, intercept)}, "
                    f"f({num(k)}) = {fraction_tr(value)}."
                ),
                difficulty=2,
                params={"k": k},
                figure=figure,
            )
        mistakes = [-k, (value + intercept) / slope, value / slope]
        mistakes += [k + 1, k - 1, slope * value + intercept]
        options, answer = assemble(rng, k, mistakes, count=OPTIONS, render=fraction_tr)
        return GeneratedQuestion(
            stem=(
                f"Şekilde grafiği verilen f doğrusal fonksiyonu için f(a) = {fraction_tr(value)} "
                f"olduğuna göre a kaçtır?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Grafikten f(x) = {linear_text(slope, intercept)}; f(a) = {fraction_tr(value)} "
                f"denklemi a = {num(k)} verir."
            ),
            difficulty=3,
            params={"value": str(value)},
            figure=figure,
        )

    return retry(rng, draw)


def parabola_graph(rng: random.Random) -> GeneratedQuestion:
    """Parabol grafiği: f(m) from the vertex and the y-intercept, or (harder) the vertex's
    ordinate from the two roots and the y-intercept."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        a = rng.choice(LEADING)
        if rng.random() < 0.5:
            h, k = rng.randint(-4, 4), rng.randint(-6, 6)
            c = a * h * h + k
            if h == 0 or k == 0 or abs(c) > 16:
                raise Redraw
            m = rng.choice([x for x in range(-5, 6) if x not in (0, h, 2 * h)])

            def f(x: int) -> int:
                return a * (x - h) ** 2 + k

            if abs(f(m)) > 40:
                raise Redraw
            mistakes = [f(-m), a * (m + h) ** 2 + k, (m - h) ** 2 + k, a * (m - h) ** 2 - k]
            mistakes += [f(m) + a, c]
            options, answer = assemble(rng, f(m), mistakes, count=OPTIONS, render=num)
            figure = graph(
                "parabola",
                (a, -2 * a * h, c),
                [(h, k, True), (0, c, False)],
                also_show=[(2 * h, c)],
            )
            return GeneratedQuestion(
                stem=(
                    f"Şekilde grafiği verilen f ikinci dereceden fonksiyonu için f({num(m)}) "
                    f"kaçtır?"
                ),
                options=options,
                answer=answer,
                explanation=(
                    f"Tepe noktası ({num(h)}, {num(k)}): f(x) = a(x{signed_term(-h)})²"
                    f"{signed_term(k)}. "
                    f"f(0) = {num(c)} verir a = {num(a)}; f({num(m)}) = {num(f(m))}."
                ),
                difficulty=3,
                params={"m": m},
                figure=figure,
            )
        first, second = sorted(rng.sample([x for x in range(-6, 7) if x], 2))
        # Symmetric roots would put the vertex on the y axis, where f(0) is already marked.
        if (second - first) % 2 or first == -second or abs(a * first * second) > 16:
            raise Redraw
        c = a * first * second
        middle = (first + second) // 2
        top = a * (middle - first) * (middle - second)
        mistakes = [c, -top, middle, top + a, top - a, a * (second - first)]
        options, answer = assemble(rng, top, mistakes, count=OPTIONS, render=num)
        figure = graph(
            "parabola",
            (a, -a * (first + second), c),
            [(first, 0, False), (second, 0, False), (0, c, False)],
            also_show=[(middle, top)],
        )
        return GeneratedQuestion(
            stem=(
                "Şekilde grafiği verilen f ikinci dereceden fonksiyonunun tepe noktasının "
                "ordinatı kaçtır?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Kökler {num(first)} ve {num(second)}: f(x) = a(x{signed_term(-first)})"
                f"(x{signed_term(-second)}); f(0) = {num(c)} verir a = {num(a)}. "
                f"Tepe x = {num(middle)}, "
                f"f({num(middle)}) = {num(top)}."
            ),
            difficulty=4,
            params={"a": a},
            figure=figure,
        )

    return retry(rng, draw)
