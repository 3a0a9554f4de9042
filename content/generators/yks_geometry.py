"""TYT geometry generators in Turkish, each with its figure: triangle angles, the right
triangle (Pythagoras, area) and the circle (arc length, sector area).

The numbers are written in the stem and on the figure; harder seeds add a step (an exterior
angle, a missing leg before the area, the radius from an arc before the area).
"""

from __future__ import annotations

import random
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, pi_multiple, retry
from content.generators.shapes import right_triangle, triangle_from_angles
from content.generators.yks_math import OPTIONS
from content.schema import CircleFigure

TRIPLES = ((3, 4, 5), (6, 8, 10), (5, 12, 13), (8, 15, 17), (7, 24, 25), (9, 12, 15))
SECTOR_ANGLES = (30, 40, 45, 60, 72, 90, 120, 135, 150)


def triangle_angles(rng: random.Random) -> GeneratedQuestion:
    """Üçgende açılar: the third interior angle, or (harder) an angle from an exterior one."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        alpha, beta = 5 * rng.randint(5, 20), 5 * rng.randint(5, 20)
        gamma = 180 - alpha - beta
        if gamma < 20 or len({alpha, beta, gamma}) < 3:
            raise Redraw
        if rng.random() < 0.5:
            mistakes = [180 - alpha, 180 - beta, alpha + beta, 90 - abs(alpha - beta), gamma + 10]
            options, answer = assemble(rng, gamma, [m for m in mistakes if m > 0], count=OPTIONS)
            figure = triangle_from_angles(alpha, beta, angles=(f"{alpha}°", f"{beta}°", "x"))
            return GeneratedQuestion(
                stem=(
                    f"Şekildeki ABC üçgeninde m(BAC) = {alpha}° ve m(ABC) = {beta}° olduğuna "
                    f"göre m(ACB) = x kaç derecedir?"
                ),
                options=options,
                answer=answer,
                explanation=(
                    f"Üçgenin iç açıları toplamı 180°: x = 180° − {alpha}° − {beta}° = {gamma}°."
                ),
                difficulty=2,
                params={"alpha": alpha, "beta": beta},
                figure=figure,
            )
        exterior = alpha + beta
        mistakes = [180 - exterior, exterior - gamma, alpha, 180 - alpha - exterior, beta + 10]
        options, answer = assemble(rng, beta, [m for m in mistakes if m > 0], count=OPTIONS)
        figure = triangle_from_angles(
            alpha, beta, angles=(f"{alpha}°", "x", None), extension=(1, "D", f"{exterior}°")
        )
        return GeneratedQuestion(
            stem=(
                f"Şekildeki ABC üçgeninde B, C ve D noktaları doğrusaldır. m(BAC) = {alpha}° ve "
                f"m(ACD) = {exterior}° olduğuna göre m(ABC) = x kaç derecedir?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Dış açı, kendisine komşu olmayan iki iç açının toplamıdır: "
                f"{exterior}° = {alpha}° + x, x = {beta}°."
            ),
            difficulty=3,
            params={"alpha": alpha, "exterior": exterior},
            figure=figure,
        )

    return retry(rng, draw)


def right_triangle_sides(rng: random.Random) -> GeneratedQuestion:
    """Dik üçgen: the hypotenuse from the legs, or (harder) the area from a leg and the
    hypotenuse."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        scale = rng.randint(1, 3)
        first, second, hypotenuse = (side * scale for side in rng.choice(TRIPLES))
        if first + second + hypotenuse > 90:
            raise Redraw
        vertical, horizontal = (first, second) if rng.random() < 0.5 else (second, first)
        if rng.random() < 0.5:
            mistakes = [vertical + horizontal, hypotenuse + 1, hypotenuse - 1]
            mistakes += [abs(vertical - horizontal), vertical * horizontal // 2]
            options, answer = assemble(rng, hypotenuse, mistakes, count=OPTIONS)
            figure = right_triangle(
                vertical, horizontal, sides=(str(vertical), str(horizontal), "x")
            )
            return GeneratedQuestion(
                stem=(
                    f"Şekildeki ABC dik üçgeninde m(ABC) = 90°, |AB| = {vertical} cm ve "
                    f"|BC| = {horizontal} cm olduğuna göre |AC| = x kaç cm'dir?"
                ),
                options=options,
                answer=answer,
                explanation=(
                    f"Pisagor: x² = {vertical}² + {horizontal}² = {hypotenuse**2}, "
                    f"x = {hypotenuse} cm."
                ),
                difficulty=2,
                params={"ab": vertical, "bc": horizontal},
                figure=figure,
            )
        area = vertical * horizontal // 2
        mistakes = [vertical * horizontal, vertical * hypotenuse // 2, horizontal * hypotenuse // 2]
        mistakes += [area + vertical, area - horizontal]
        options, answer = assemble(rng, area, [m for m in mistakes if m > 0], count=OPTIONS)
        figure = right_triangle(vertical, horizontal, sides=(str(vertical), None, str(hypotenuse)))
        return GeneratedQuestion(
            stem=(
                f"Şekildeki ABC dik üçgeninde m(ABC) = 90°, |AB| = {vertical} cm ve "
                f"|AC| = {hypotenuse} cm olduğuna göre ABC üçgeninin alanı kaç cm²'dir?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Önce |BC|: √({hypotenuse}² − {vertical}²) = {horizontal} cm. "
                f"Alan = {vertical} · {horizontal} / 2 = {area} cm²."
            ),
            difficulty=3,
            params={"ab": vertical, "ac": hypotenuse},
            figure=figure,
        )

    return retry(rng, draw)


def circle_sector(rng: random.Random) -> GeneratedQuestion:
    """Çember ve daire: arc length or sector area from r and the central angle, or (hardest)
    the sector area from the arc length and the angle."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        angle, radius = rng.choice(SECTOR_ANGLES), rng.randint(2, 12)
        arc = Fraction(2 * radius * angle, 360)
        area = Fraction(radius * radius * angle, 360)
        if arc.denominator != 1 or area.denominator != 1:
            raise Redraw
        start = 5 * rng.randint(0, 9)
        variant = rng.choice(("arc", "arc", "area", "area", "from_arc"))
        given = f"yarıçapı {radius} cm olan O merkezli çemberde m(AOB) = {angle}°'dir."
        if variant == "arc":
            key, asked, difficulty = arc, "Küçük AB yayının uzunluğu kaç cm'dir?", 2
            mistakes = [arc / 2, area, 2 * radius * Fraction(360 - angle, 360), arc * 2, arc + 1]
            why = f"Yay = 2πr · α/360 = 2π · {radius} · {angle}/360 = {pi_multiple(arc)} cm."
        elif variant == "area":
            key, asked, difficulty = area, "AOB daire diliminin alanı kaç cm²'dir?", 3
            mistakes = [arc, Fraction(radius * radius), area * 2, radius * radius - area]
            mistakes += [area + radius]
            why = f"Dilim = πr² · α/360 = π · {radius}² · {angle}/360 = {pi_multiple(area)} cm²."
        else:
            key, asked, difficulty = area, "AOB daire diliminin alanı kaç cm²'dir?", 4
            given = f"O merkezli çemberde m(AOB) = {angle}° ve küçük AB yayının uzunluğu "
            given += f"{pi_multiple(arc)} cm'dir."
            mistakes = [arc, arc * radius, Fraction(radius * radius), area * 2, area / 2]
            why = (
                f"2πr · {angle}/360 = {pi_multiple(arc)} verir r = {radius} cm; dilim alanı "
                f"π · {radius}² · {angle}/360 = {pi_multiple(area)} cm²."
            )
        mistakes = [m for m in mistakes if m > 0]
        options, answer = assemble(rng, key, mistakes, count=OPTIONS, render=pi_multiple)
        figure = CircleFigure(
            start=start,
            end=start + angle,
            radius_label=None if variant == "from_arc" else f"{radius}",
            angle_label=f"{angle}°",
            arc_label=pi_multiple(arc) if variant == "from_arc" else None,
        )
        return GeneratedQuestion(
            stem=f"Şekilde {given} {asked}",
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"radius": radius, "angle": angle, "variant": variant},
            figure=figure,
        )

    return retry(rng, draw)
