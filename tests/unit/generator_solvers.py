"""Independent solvers for the generator tests.

Each solver reads the numbers back out of the question text and decides, by brute force or by
substituting the option, whether an option is a correct answer. None of them reuses the
generator's formula, so a wrong formula in a generator cannot also pass its own check.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from fractions import Fraction
from functools import cache

Solver = Callable[[str, str], bool]
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _numbers(pattern: str, text: str) -> list[int]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return [int(group.replace("−", "-")) if group else 0 for group in match.groups()]


def _value(option: str) -> Fraction:
    """An option written as an integer, a fraction or a dollar amount."""
    text = option.replace("−", "-").replace("$", "").replace(",", "")
    if "/" in text:
        top, bottom = text.split("/")
        return Fraction(int(top), int(bottom))
    return Fraction(text)


def _signed(sign: str, value: str) -> int:
    return -int(value) if sign in ("−", "-") else int(value)


def exponents(stem: str, option: str) -> bool:
    a, b, c = _numbers(r"2\^(\d+) · 4\^(\d+) / 8\^(\d+)", stem)
    return Fraction(2) ** int(_value(option)) == Fraction(2**a * 4**b, 8**c)


def roots(stem: str, option: str) -> bool:
    p, q, r = _numbers(r"√(\d+) \+ √(\d+) − √(\d+)", stem)
    target = math.sqrt(p) + math.sqrt(q) - math.sqrt(r)
    coefficient, _, radicand = option.partition("√")
    value = (int(coefficient) if coefficient else 1) * (math.sqrt(int(radicand)) if radicand else 1)
    return math.isclose(value, target)


def ratio(stem: str, option: str) -> bool:
    p, q, total = _numbers(r"a/b = (\d+)/(\d+) ve a \+ b = (\d+)", stem)
    solutions = [a for a in range(total + 1) if a * q == (total - a) * p]
    return solutions == [int(option)]


def linear_equation(stem: str, option: str) -> bool:
    match = re.search(r"(\d+)\(x − (\d+)\) = (\d+)x(?: ([+−]) (\d+))?", stem)
    assert match, stem
    a, b, c = (int(g) for g in match.groups()[:3])
    d = _signed(match.group(4), match.group(5)) if match.group(4) else 0
    x = _value(option)
    return a * (x - b) == c * x + d


def absolute_value(stem: str, option: str) -> bool:
    match = re.search(r"\|x(?: ([+−]) (\d+))?\| ([<≤]) (\d+)", stem)
    assert match, stem
    shift = _signed(match.group(1), match.group(2)) if match.group(1) else 0
    bound, strict = int(match.group(4)), match.group(3) == "<"
    count = sum(
        1
        for x in range(-100, 101)
        if (abs(x + shift) < bound if strict else abs(x + shift) <= bound)
    )
    return int(option) == count


def digits(stem: str, option: str) -> bool:
    match = re.search(r"AB ([+−]) BA = (\d+) ve A ([+−]) B = (\d+) olduğuna göre (AB|BA)", stem)
    assert match, stem
    first_sign, first, second_sign, second, asked = match.groups()

    def combine(x: int, y: int, sign: str) -> int:
        return x + y if sign == "+" else x - y

    found = [
        10 * a + b if asked == "AB" else 10 * b + a
        for a in range(1, 10)
        for b in range(1, 10)
        if combine(10 * a + b, 10 * b + a, first_sign) == int(first)
        and combine(a, b, second_sign) == int(second)
    ]
    return found == [int(option)]


def gcd_pieces(stem: str, option: str) -> bool:
    first, second = _numbers(r"Uzunlukları (\d+) cm ve (\d+) cm", stem)
    longest = max(
        size for size in range(1, min(first, second) + 1) if first % size == second % size == 0
    )
    return int(option) == first // longest + second // longest


def profit(stem: str, option: str) -> bool:
    percent, price = _numbers(r"%(\d+) kârla (\d+) TL", stem)
    return _value(option) * (100 + percent) == price * 100


def ages(stem: str, option: str) -> bool:
    k, n, m = _numbers(r"yaşının (\d+) katıdır\. (\d+) yıl sonra .* yaşının (\d+) katı", stem)
    found = [x for x in range(1, 100) if k * x + n == m * (x + n)]
    return found == [int(option)]


def meeting_time(stem: str, option: str) -> bool:
    distance, first, second = _numbers(r"Aralarında (\d+) km .* saatte (\d+) km ve (\d+) km", stem)
    hours = _value(option)
    return first * hours + second * hours == distance


def logarithm(stem: str, option: str) -> bool:
    text = stem.translate(SUBSCRIPT_DIGITS)
    base, p, q, _, r = _numbers(r"log(\d+)\((\d+) · (\d+)\) − log(\d+)\((\d+)\)", text)
    value = Fraction(p * q, r)
    exponent = next(e for e in range(-30, 31) if Fraction(base) ** e == value)
    return int(option) == exponent


@cache
def _arrangements(n: int, k: int, apart: bool) -> int:
    count = 0
    for order in itertools.permutations(range(n)):
        places = sorted(order.index(book) for book in range(k))
        together = places[-1] - places[0] == k - 1
        count += together != apart
    return count


def adjacent_books(stem: str, option: str) -> bool:
    n, k = _numbers(r"(\d+) farklı (?:kitap|öğrenci|bayrak), belirli (\d+) ", stem)
    return int(option) == _arrangements(n, k, "olmayacak" in stem)


def sat_linear_equation(stem: str, option: str) -> bool:
    match = re.search(
        r"If (\d+)x ([+-]) (\d+) = (-?\d+), what is the value of (\d+)x ([+-]) (\d+)\?", stem
    )
    assert match, stem
    a, b, c = int(match.group(1)), _signed(match.group(2), match.group(3)), int(match.group(4))
    k, m = int(match.group(5)), _signed(match.group(6), match.group(7))
    x = next(Fraction(v, 6) for v in range(-600, 601) if a * Fraction(v, 6) + b == c)
    return _value(option) == k * x + m


def _linear(line: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d*)x ([+-]) (\d*)y = (-?\d+)", line)
    assert match, line
    a = int(match.group(1) or 1)
    b = _signed(match.group(2), match.group(3) or "1")
    return a, b, int(match.group(4))


def sat_linear_system(stem: str, option: str) -> bool:
    (a1, b1, c1), (a2, b2, c2) = (_linear(line) for line in stem.splitlines()[:2])
    x = _value(option)
    # x is right when the y it forces in the first equation also satisfies the second.
    y = (c1 - a1 * x) / b1
    return a2 * x + b2 * y == c2


def sat_percent_change(stem: str, option: str) -> bool:
    price, up, down = _numbers(r"\$(\d+) jacket by (\d+)%.* by (\d+)%", stem)
    raised = price + price * Fraction(up, 100)
    final = raised - raised * Fraction(down, 100)
    return _value(option) == final


def sat_quadratic_root(stem: str, option: str) -> bool:
    match = re.search(r"x²(?: ([+-]) (\d*)x)? - (\d+) = 0", stem)
    assert match, stem
    b = _signed(match.group(1), match.group(2) or "1") if match.group(1) else 0
    c = -int(match.group(3))
    x = _value(option)
    return x > 0 and x * x + b * x + c == 0


def sat_right_triangle_sine(stem: str, option: str) -> bool:
    ac, bc = _numbers(r"AC = (\d+), and BC = (\d+)", stem)
    hypotenuse = next(h for h in range(1, 500) if h * h == ac * ac + bc * bc)
    return _value(option) == Fraction(bc, hypotenuse)


SOLVERS: dict[str, Solver] = {
    "content.generators.yks_math:exponents": exponents,
    "content.generators.yks_math:roots": roots,
    "content.generators.yks_math:ratio": ratio,
    "content.generators.yks_math:linear_equation": linear_equation,
    "content.generators.yks_math:absolute_value": absolute_value,
    "content.generators.yks_math:digits": digits,
    "content.generators.yks_math:gcd_pieces": gcd_pieces,
    "content.generators.yks_problems:profit": profit,
    "content.generators.yks_problems:ages": ages,
    "content.generators.yks_problems:meeting_time": meeting_time,
    "content.generators.yks_problems:logarithm": logarithm,
    "content.generators.yks_problems:adjacent_books": adjacent_books,
    "content.generators.sat_math:linear_equation": sat_linear_equation,
    "content.generators.sat_math:linear_system": sat_linear_system,
    "content.generators.sat_math:percent_change": sat_percent_change,
    "content.generators.sat_math:quadratic_root": sat_quadratic_root,
    "content.generators.sat_math:right_triangle_sine": sat_right_triangle_sine,
}
