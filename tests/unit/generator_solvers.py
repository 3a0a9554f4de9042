"""Independent solvers for the generator tests.

Each solver reads the numbers back out of the question text and decides, by brute force or by
substituting the option, whether an option is a correct answer. None of them reuses the
generator's formula, so a wrong formula in a generator cannot also pass its own check.
Function-graph questions carry their numbers in the figure only; their solvers (in
FIGURE_SOLVERS) read the marked points of the figure's JSON and the stem.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import cache
from typing import Any

Solver = Callable[[str, str], bool]
FigureSolver = Callable[[str, Mapping[str, Any], str], bool]
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _texts(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return match.groups()


def _numbers(pattern: str, text: str) -> list[int]:
    return [int(group.replace("−", "-")) if group else 0 for group in _texts(pattern, text)]


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


def _tr(text: str) -> Fraction:
    """A Turkish number: "−2,5", "3/4", "12"."""
    return Fraction(text.replace("−", "-").replace(",", "."))


def _pi(option: str) -> Fraction:
    match = re.fullmatch(r"(\d*)π(?:/(\d+))?", option)
    assert match, option
    return Fraction(int(match.group(1) or 1), int(match.group(2) or 1))


def triangle_angles(stem: str, option: str) -> bool:
    x = int(option)
    if "doğrusaldır" in stem:
        alpha, exterior = _numbers(r"m\(BAC\) = (\d+)° ve m\(ACD\) = (\d+)°", stem)
        angles = (alpha, x, 180 - exterior)  # the interior angle at C supplements the exterior
    else:
        alpha, beta = _numbers(r"m\(BAC\) = (\d+)° ve m\(ABC\) = (\d+)°", stem)
        angles = (alpha, beta, x)
    return min(angles) > 0 and sum(angles) == 180


def right_triangle_sides(stem: str, option: str) -> bool:
    if "alanı" in stem:
        ab, ac = _numbers(r"\|AB\| = (\d+) cm ve \|AC\| = (\d+) cm", stem)
        bc = next(b for b in range(1, ac) if ab * ab + b * b == ac * ac)
        half = Fraction(ab + bc + ac, 2)  # Heron's formula rather than base × height / 2
        return _tr(option) ** 2 == half * (half - ab) * (half - bc) * (half - ac)
    ab, bc = _numbers(r"\|AB\| = (\d+) cm ve \|BC\| = (\d+) cm", stem)
    return int(option) > 0 and int(option) ** 2 == ab * ab + bc * bc


def _sector(stem: str, option: str, radius: int | None, angle: int, arc_given: str) -> bool:
    if radius is None:  # the radius whose arc of this angle is the given length
        radius = next(r for r in range(1, 200) if Fraction(2 * r * angle, 360) == _pi(arc_given))
    arc = Fraction(angle, 360) * 2 * radius  # a share of the circumference, over π
    asks_area = "alan" in stem or "area" in stem
    return _pi(option) == (arc * radius / 2 if asks_area else arc)  # sector = ½ · r · arc


def circle_sector(stem: str, option: str) -> bool:
    match = re.search(r"yarıçapı (\d+) cm", stem)
    [angle] = _numbers(r"m\(AOB\) = (\d+)°", stem)
    arc = re.search(r"yayının uzunluğu (\S+) cm'dir", stem)
    radius = int(match.group(1)) if match else None
    return _sector(stem, option, radius, angle, arc.group(1) if arc else "")


def sat_circle_arc(stem: str, option: str) -> bool:
    radius, angle = _numbers(
        r"radius of the circle is (\d+), and the measure of .* is (\d+)°", stem
    )
    return _sector(stem, option, radius, angle, "")


def _collinear(figure: Mapping[str, Any], x: Fraction, y: Fraction) -> bool:
    (x1, y1), (x2, y2) = ((Fraction(p["x"]), Fraction(p["y"])) for p in figure["points"])
    return (x2 - x1) * (y - y1) == (y2 - y1) * (x - x1)


def line_graph(stem: str, figure: Mapping[str, Any], option: str) -> bool:
    value = re.search(r"f\(a\) = (\S+) olduğuna", stem)
    if value:
        return _collinear(figure, _tr(option), _tr(value.group(1)))
    [k] = _numbers(r"f\((−?\d+)\) kaçtır", stem)
    return _collinear(figure, Fraction(k), _tr(option))


def _through(points: list[tuple[Fraction, Fraction]], t: Fraction) -> Fraction:
    """The value at t of the polynomial through the points (Lagrange)."""
    return sum(
        (yi * math.prod((t - xj) / (xi - xj) for xj, _ in points if xj != xi) for xi, yi in points),
        Fraction(0),
    )


def parabola_graph(stem: str, figure: Mapping[str, Any], option: str) -> bool:
    points = [(Fraction(p["x"]), Fraction(p["y"])) for p in figure["points"]]
    vertex = [(x, y) for p, (x, y) in zip(figure["points"], points, strict=True) if p["vertex"]]
    if vertex:  # a parabola is symmetric about the vertical line through its vertex
        (h, _), (x, y) = vertex[0], next(point for point in points if point != vertex[0])
        points.append((2 * h - x, y))
    assert len(points) == 3, points
    at = re.search(r"f\((−?\d+)\) kaçtır", stem)
    if at:
        return _tr(option) == _through(points, _tr(at.group(1)))
    c, one, two = (_through(points, Fraction(t)) for t in (0, 1, 2))
    a = (two - 2 * one + c) / 2
    b = one - c - a
    return _tr(option) == c - b * b / (4 * a)


def sat_line_graph(stem: str, figure: Mapping[str, Any], option: str) -> bool:
    if "slope" in stem:  # one step right of the first point, the line has risen by the slope
        first = figure["points"][0]
        return _collinear(figure, Fraction(first["x"]) + 1, Fraction(first["y"]) + _value(option))
    [k] = _numbers(r"f\((-?\d+)\)\?", stem)
    return _collinear(figure, Fraction(k), _value(option))


def uniform_motion(stem: str, option: str) -> bool:
    legs = re.search(r"ilk (\d+) saat sabit (\d+) km/sa, sonraki (\d+) saat sabit (\d+) km", stem)
    if legs:
        t1, v1, t2, v2 = (int(g) for g in legs.groups())
        return _tr(option) * (t1 + t2) == v1 * t1 + v2 * t2
    speed, unit, seconds = _texts(r"sabit (\d+) (m/s|km/sa) hızla .* (\d+) saniyede", stem)
    per_second = Fraction(int(speed)) if unit == "m/s" else Fraction(int(speed) * 1000, 3600)
    return _tr(option) == sum(per_second for _ in range(int(seconds)))


def resistors(stem: str, option: str) -> bool:
    ohms = [int(r) for r in re.findall(r"R[₁₂₃] = (\d+) Ω", stem)]
    [volts] = _numbers(r"(\d+) V'luk", stem)
    current = _tr(option)
    if len(ohms) == 3:  # R₁ in the main branch, then R₂ ∥ R₃ share what voltage is left
        left = volts - current * ohms[0]
        return left > 0 and current == left / ohms[1] + left / ohms[2]
    if "paralel" in stem:  # each branch takes the full voltage; the currents add up
        return current == sum(Fraction(volts, r) for r in ohms)
    return sum(current * r for r in ohms) == volts  # voltage drops add up in series


def density(stem: str, option: str) -> bool:
    if "karışım" in stem:
        liquids = re.findall(r"(?i)özkütlesi ([\d,]+) g/cm³ olan \w+ sıvısından (\d+) cm³", stem)
        (d1, v1), (d2, v2) = ((_tr(d), int(v)) for d, v in liquids)
        return _tr(option) * (v1 + v2) == d1 * v1 + d2 * v2
    mass, volume = _numbers(r"Kütlesi (\d+) g, hacmi (\d+) cm³", stem)
    return _tr(option) * volume == mass


def _formula_mass(stem: str, formula: str) -> tuple[Fraction, int]:
    """Molar mass and atoms per unit of a formula, from the atomic masses the stem gives."""
    masses = dict(re.findall(r"([A-Z][a-z]?): (\d+)", stem.rsplit("(", 1)[1]))
    parts = re.findall(r"([A-Z][a-z]?)(\d*)", formula.translate(SUBSCRIPT_DIGITS))
    total = sum(Fraction(int(masses[symbol]) * int(count or 1)) for symbol, count in parts)
    return total, sum(int(count or 1) for _, count in parts)


def moles(stem: str, option: str) -> bool:
    grams = re.search(r"^([\d,]+) gram (\S+) ", stem)
    if grams is None:
        amount, formula = _texts(r"^([\d,]+) mol (\S+) kaç gramdır", stem)
        weight, _ = _formula_mass(stem, formula)
        return _tr(option) / weight == _tr(amount)
    weight, atoms = _formula_mass(stem, grams.group(2))
    molecules = _tr(grams.group(1)) / weight
    return _tr(option) == (molecules * atoms if "mol atom" in stem else molecules)


def molarity(stem: str, option: str) -> bool:
    diluted = re.search(r"^([\d,]+) M'lık (\d+) mL .* hacmi (\d+) mL'ye", stem)
    if diluted:
        start, first, final = diluted.groups()
        return _tr(option) * int(final) == _tr(start) * int(first)  # the moles stay the same
    grams, formula, volume = _texts(r"^([\d,]+) gram (\S+) suda çözülerek (\d+) mL", stem)
    weight, _ = _formula_mass(stem, formula)
    return _tr(option) * int(volume) == _tr(grams) / weight * 1000


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
    "content.generators.yks_geometry:triangle_angles": triangle_angles,
    "content.generators.yks_geometry:right_triangle_sides": right_triangle_sides,
    "content.generators.yks_geometry:circle_sector": circle_sector,
    "content.generators.yks_physics:uniform_motion": uniform_motion,
    "content.generators.yks_physics:resistors": resistors,
    "content.generators.yks_physics:density": density,
    "content.generators.yks_chemistry:moles": moles,
    "content.generators.yks_chemistry:molarity": molarity,
    "content.generators.sat_figures:circle_arc": sat_circle_arc,
}
FIGURE_SOLVERS: dict[str, FigureSolver] = {
    "content.generators.yks_graphs:line_graph": line_graph,
    "content.generators.yks_graphs:parabola_graph": parabola_graph,
    "content.generators.sat_figures:line_graph": sat_line_graph,
}
