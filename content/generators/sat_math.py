"""Digital SAT Math generators (English, 4 options): linear equations and systems, percentages,
quadratics and right-triangle trigonometry."""

from __future__ import annotations

import random
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, retry

OPTIONS = 4
TRIPLES = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29))


def fraction_text(value: Fraction) -> str:
    """A fraction as "a/b" (or an integer), with a plain minus sign as the SAT writes it."""
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def money(value: Fraction) -> str:
    """A dollar amount with cents."""
    cents = round(value * 100)
    return f"${cents // 100:,}.{cents % 100:02d}"


def _plus(value: int, text: str = "") -> str:
    return f" - {-value}{text}" if value < 0 else f" + {value}{text}"


def linear_equation(rng: random.Random) -> GeneratedQuestion:
    """Linear equation in one variable: a x + b = c, asking for k x + m."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        a, x, b = rng.randint(2, 9), rng.randint(-8, 12), rng.randint(-20, 20)
        k, m = rng.randint(2, 5), rng.randint(-9, 9)
        if b == 0 or m == 0:
            raise Redraw
        c = a * x + b
        target = k * x + m
        # Wrong moves: stopping at x, moving b with the wrong sign, forgetting m.
        wrong_x = Fraction(c + b, a)
        mistakes: list[Fraction | int] = [x, k * x, target + k, k * wrong_x + m, target - 2 * m]
        options, answer = assemble(
            rng,
            Fraction(target),
            [Fraction(v) for v in mistakes],
            count=OPTIONS,
            render=fraction_text,
        )
        return GeneratedQuestion(
            stem=f"If {a}x{_plus(b)} = {c}, what is the value of {k}x{_plus(m)}?",
            options=options,
            answer=answer,
            explanation=f"{a}x = {c - b}, so x = {x}; then {k}x{_plus(m)} = {target}.",
            difficulty=1,
            params={"a": a, "b": b, "c": c, "k": k, "m": m},
        )

    return retry(rng, draw)


def linear_system(rng: random.Random) -> GeneratedQuestion:
    """System of two linear equations: find x from two equations with integer solution."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        x, y = rng.randint(-6, 9), rng.randint(-6, 9)
        a1, b1, a2, b2 = (rng.randint(1, 6) for _ in range(4))
        b2 = -b2
        if a1 * b2 - a2 * b1 == 0 or x == y:
            raise Redraw
        c1, c2 = a1 * x + b1 * y, a2 * x + b2 * y
        mistakes = [y, -x, x + y, x - y, c1 - c2]
        options, answer = assemble(rng, x, mistakes, count=OPTIONS)
        first = f"{_coef(a1)}x{_plus(b1, 'y')}".replace(" 1y", " y")
        second = f"{_coef(a2)}x{_plus(b2, 'y')}".replace(" 1y", " y")
        return GeneratedQuestion(
            stem=(
                f"{first} = {c1}\n{second} = {c2}\n"
                f"If (x, y) is the solution to the system above, what is the value of x?"
            ),
            options=options,
            answer=answer,
            explanation=f"Eliminate y (or substitute): the system gives x = {x} and y = {y}.",
            difficulty=2,
            params={"x": x, "y": y},
        )

    return retry(rng, draw)


def _coef(value: int) -> str:
    return "" if value == 1 else str(value)


def percent_change(rng: random.Random) -> GeneratedQuestion:
    """Percentages: a price increased by p% and then decreased by q%."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        price = 20 * rng.randint(2, 50)
        up, down = rng.choice([10, 20, 25, 40, 50]), rng.choice([10, 20, 25, 30, 50])
        if up == down and rng.random() < 0.5:
            raise Redraw
        final = Fraction(price) * (100 + up) / 100 * (100 - down) / 100
        mistakes = [
            Fraction(price) * (100 + up - down) / 100,
            Fraction(price) * (100 + up) / 100,
            Fraction(price) * (100 - down) / 100,
            Fraction(price) * (100 + up) / 100 - down,
        ]
        options, answer = assemble(rng, final, mistakes, count=OPTIONS, render=money)
        return GeneratedQuestion(
            stem=(
                f"A store raises the price of a ${price} jacket by {up}%. Later it lowers the new "
                f"price by {down}%. What is the final price of the jacket?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Multiply the factors: {price} × {1 + Fraction(up, 100)!s} × "
                f"{1 - Fraction(down, 100)!s} = {money(final)}. The changes do not simply add up."
            ),
            difficulty=2,
            params={"price": price, "up": up, "down": down},
        )

    return retry(rng, draw)


def quadratic_root(rng: random.Random) -> GeneratedQuestion:
    """Nonlinear equation: x² + bx + c = 0 with one positive and one negative root."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        positive, negative = rng.randint(1, 12), -rng.randint(1, 12)
        if positive == -negative:
            raise Redraw
        b, c = -(positive + negative), positive * negative
        middle = "" if b == 0 else _plus(b, "x").replace(" 1x", " x")
        mistakes = [-negative, negative, -positive, positive + negative, abs(c)]
        options, answer = assemble(rng, positive, mistakes, count=OPTIONS)
        return GeneratedQuestion(
            stem=(f"x²{middle} - {-c} = 0\nIf x > 0, what is the solution to the equation above?"),
            options=options,
            answer=answer,
            explanation=(
                f"Factor: (x - {positive})(x + {-negative}) = 0, so x = {positive} or "
                f"x = {negative}; only {positive} is positive."
            ),
            difficulty=2,
            params={"b": b, "c": c},
        )

    return retry(rng, draw)


def right_triangle_sine(rng: random.Random) -> GeneratedQuestion:
    """Right triangles and trigonometry: sin A from two legs (a scaled Pythagorean triple)."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        short, long, hyp = rng.choice(TRIPLES)
        scale = rng.randint(1, 4)
        if rng.random() < 0.5:
            short, long = long, short
        ac, bc, ab = short * scale, long * scale, hyp * scale
        sine = Fraction(bc, ab)
        mistakes = [Fraction(ac, ab), Fraction(bc, ac), Fraction(ac, bc), Fraction(ab, bc)]
        options, answer = assemble(rng, sine, mistakes, count=OPTIONS, render=fraction_text)
        return GeneratedQuestion(
            stem=(
                f"In triangle ABC, angle C is a right angle, AC = {ac}, and BC = {bc}. "
                f"What is the value of sin A?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"AB = √({ac}² + {bc}²) = {ab}. sin A = opposite/hypotenuse = BC/AB = "
                f"{fraction_text(sine)}."
            ),
            difficulty=2,
            params={"ac": ac, "bc": bc},
        )

    return retry(rng, draw)
