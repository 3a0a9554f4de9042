"""TYT number generators in Turkish: powers, roots, ratio, equations, |x|, digits, EBOB.

Each function takes a seeded `random.Random` and returns a 5-option question whose wrong options
come from typical mistakes; parameters that make a poor question are drawn again.
"""

from __future__ import annotations

import math
import random

from content.generators.base import GeneratedQuestion, Redraw, assemble, retry

OPTIONS = 5
MINUS = "−"


def num(value: int) -> str:
    """An integer with a typographic minus sign."""
    return f"{MINUS}{-value}" if value < 0 else str(value)


def signed_term(value: int, text: str = "") -> str:
    """ " + 5x" or " − 5x": a term written after another one."""
    return f" {MINUS} {-value}{text}" if value < 0 else f" + {value}{text}"


def exponents(rng: random.Random) -> GeneratedQuestion:
    """Üslü sayılar: 2^a · 4^b / 8^c = 2^x, find x (= a + 2b - 3c)."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        a, b, c = rng.randint(1, 9), rng.randint(1, 6), rng.randint(1, 4)
        x = a + 2 * b - 3 * c
        mistakes = [a + b - c, a + 2 * b + 3 * c, a + 2 * b - c, a + b - 3 * c, x + 1, x - 1]
        options, answer = assemble(rng, x, mistakes, count=OPTIONS, render=num)
        return GeneratedQuestion(
            stem=f"2^{a} · 4^{b} / 8^{c} = 2^x olduğuna göre x kaçtır?",
            options=options,
            answer=answer,
            explanation=(
                f"4^{b} = 2^{2 * b} ve 8^{c} = 2^{3 * c} yazılır; üsler toplanıp çıkarılır: "
                f"{a} + {2 * b} − {3 * c} = {num(x)}."
            ),
            difficulty=2,
            params={"a": a, "b": b, "c": c},
        )

    return retry(rng, draw)


def _root(coefficient: int, k: int) -> str:
    return f"√{k}" if coefficient == 1 else f"{coefficient}√{k}"


def roots(rng: random.Random) -> GeneratedQuestion:
    """Köklü sayılar: √(a²k) + √(b²k) − √(c²k) = (a + b − c)√k."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        k = rng.choice([2, 3, 5, 6, 7])
        a, b, c = rng.randint(2, 9), rng.randint(2, 9), rng.randint(1, 5)
        total = a + b - c
        if total < 2 or len({a, b, c}) < 3:
            raise Redraw
        key = _root(total, k)
        mistakes = [
            _root(a + b + c, k),
            str(total * k),
            f"√{total * k}",
            _root(total + 1, k),
            _root(abs(a - b) + c, k) if abs(a - b) + c > 1 else "",
        ]
        options, answer = assemble(rng, key, [m for m in mistakes if m], count=OPTIONS)
        return GeneratedQuestion(
            stem=f"√{a * a * k} + √{b * b * k} − √{c * c * k} işleminin sonucu kaçtır?",
            options=options,
            answer=answer,
            explanation=(
                f"Kökler sadeleşir: {_root(a, k)} + {_root(b, k)} − {_root(c, k)} = {key}; "
                f"yalnızca kök içi aynı olan terimler toplanır."
            ),
            difficulty=3,
            params={"a": a, "b": b, "c": c, "k": k},
        )

    return retry(rng, draw)


def ratio(rng: random.Random) -> GeneratedQuestion:
    """Oran-orantı: a/b = p/q and a + b = S, find a (= p·m)."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        p, q, m = rng.randint(1, 9), rng.randint(1, 9), rng.randint(2, 12)
        if p == q or math.gcd(p, q) != 1:
            raise Redraw
        total = (p + q) * m
        mistakes = [q * m, m, (p + 1) * m, p * (m + 1), p * m - m if p > 1 else p * m + 2 * m]
        options, answer = assemble(rng, p * m, mistakes, count=OPTIONS)
        return GeneratedQuestion(
            stem=f"a/b = {p}/{q} ve a + b = {total} olduğuna göre a kaçtır?",
            options=options,
            answer=answer,
            explanation=(
                f"a = {p}k, b = {q}k alınır: {p + q}k = {total}, k = {m}; a = {p}·{m} = {p * m}."
            ),
            difficulty=2,
            params={"p": p, "q": q, "m": m},
        )

    return retry(rng, draw)


def linear_equation(rng: random.Random) -> GeneratedQuestion:
    """Birinci dereceden denklem: a(x − b) = cx + d, find x."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        x0, a, b, c = rng.randint(-9, 12), rng.randint(2, 9), rng.randint(1, 9), rng.randint(1, 9)
        if c == a:
            raise Redraw
        d = a * (x0 - b) - c * x0
        right = f"{c}x" + (signed_term(d) if d else "")
        mistakes = [-x0, x0 + 1, x0 - 1]
        # Typical slips: forgetting to distribute a over b, or moving cx with the wrong sign.
        for numerator, denominator in ((d + b, a - c), (d + a * b, a + c), (d - a * b, a - c)):
            if denominator and numerator % denominator == 0:
                mistakes.insert(0, numerator // denominator)
        options, answer = assemble(rng, x0, mistakes, count=OPTIONS, render=num)
        return GeneratedQuestion(
            stem=f"{a}(x − {b}) = {right} denklemini sağlayan x kaçtır?",
            options=options,
            answer=answer,
            explanation=(
                f"Parantez açılır: {a}x − {a * b} = {right}. x'li terimler bir tarafa: "
                f"{num(a - c)}x = {num(d + a * b)}, x = {num(x0)}."
            ),
            difficulty=2,
            params={"a": a, "b": b, "c": c, "d": d},
        )

    return retry(rng, draw)


def absolute_value(rng: random.Random) -> GeneratedQuestion:
    """Mutlak değer: how many integers satisfy |x − a| < b (or ≤ b)."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        a, b = rng.randint(-9, 9), rng.randint(2, 10)
        strict = rng.random() < 0.5
        count = 2 * b - 1 if strict else 2 * b + 1
        inside = "x" if a == 0 else f"x{signed_term(-a)}"
        sign = "<" if strict else "≤"
        mistakes = [2 * b, 2 * b + 1 if strict else 2 * b - 1, b, count - 2, count + 2]
        options, answer = assemble(rng, count, mistakes, count=OPTIONS)
        low, high = (a - b + 1, a + b - 1) if strict else (a - b, a + b)
        return GeneratedQuestion(
            stem=f"|{inside}| {sign} {b} eşitsizliğini sağlayan kaç farklı x tam sayısı vardır?",
            options=options,
            answer=answer,
            explanation=(
                f"{num(a - b)} {sign} x {sign} {num(a + b)} olur; tam sayılar {num(low)} ile "
                f"{num(high)} arasında (uçlar dahil) {count} tanedir."
            ),
            difficulty=2,
            params={"a": a, "b": b, "strict": strict},
        )

    return retry(rng, draw)


def digits(rng: random.Random) -> GeneratedQuestion:
    """Sayı basamakları: from AB − BA (or AB + BA) and A + B (or A − B), find AB or BA."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        tens = rng.randint(2, 9)
        ones = rng.randint(1, tens - 1)
        value, swapped = 10 * tens + ones, 10 * ones + tens
        if rng.random() < 0.5:
            given = f"AB − BA = {value - swapped} ve A + B = {tens + ones}"
            step = f"AB − BA = 9(A − B), yani A − B = {tens - ones}"
        else:
            given = f"AB + BA = {value + swapped} ve A − B = {tens - ones}"
            step = f"AB + BA = 11(A + B), yani A + B = {tens + ones}"
        ask_swapped = rng.random() < 0.5
        key, other = (swapped, value) if ask_swapped else (value, swapped)
        mistakes = [other, key + 9, key - 9, key + 11, key - 11, tens * ones]
        options, answer = assemble(rng, key, [m for m in mistakes if 10 <= m <= 99], count=OPTIONS)
        asked = "BA" if ask_swapped else "AB"
        return GeneratedQuestion(
            stem=(
                f"AB ve BA iki basamaklı doğal sayılardır. {given} olduğuna göre {asked} kaçtır?"
            ),
            options=options,
            answer=answer,
            explanation=f"{step}. Buradan A = {tens}, B = {ones}; {asked} = {key}.",
            difficulty=2,
            params={"A": tens, "B": ones, "asked": asked},
        )

    return retry(rng, draw)


def gcd_pieces(rng: random.Random) -> GeneratedQuestion:
    """EBOB: two wires cut into equal, longest possible pieces; how many pieces."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        g, r, s = rng.randint(2, 12), rng.randint(2, 9), rng.randint(2, 9)
        if r == s or math.gcd(r, s) != 1:
            raise Redraw
        first, second = g * r, g * s
        pieces = r + s
        mistakes = [g, g * r * s, r * s, pieces + 1, pieces - 1]
        options, answer = assemble(rng, pieces, mistakes, count=OPTIONS)
        return GeneratedQuestion(
            stem=(
                f"Uzunlukları {first} cm ve {second} cm olan iki tel, eşit uzunlukta ve mümkün "
                f"olan en uzun parçalara ayrılacaktır. Toplam kaç parça elde edilir?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Parça boyu EBOB({first}, {second}) = {g} cm; parça sayısı "
                f"{first}/{g} + {second}/{g} = {r} + {s} = {pieces}."
            ),
            difficulty=2,
            params={"g": g, "r": r, "s": s},
        )

    return retry(rng, draw)
