"""TYT physics generators in Turkish: constant-velocity motion, resistor circuits (described in
words) and density.

Harder seeds add a step: a km/h → m/s conversion or an average over two legs; parallel
branches or a series-parallel circuit; a mixture of two liquids.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, decimal, exact, retry
from content.generators.yks_math import OPTIONS

KMH = (36, 54, 72, 90, 108)
# Pairs whose parallel equivalent is a whole number of ohms.
PARALLEL_PAIRS = ((2, 2), (3, 6), (4, 4), (4, 12), (6, 6), (6, 12), (10, 15), (12, 12))
DENSITIES = tuple(Fraction(d, 10) for d in (5, 8, 12, 15, 20, 25, 27, 30, 40, 78))
LIQUIDS = (("X", "Y"), ("K", "L"), ("A", "B"))


def uniform_motion(rng: random.Random) -> GeneratedQuestion:
    """Düzgün doğrusal hareket: x = v·t; harder: km/h to m/s; hardest: an average speed."""

    # Chosen once, before any redraw: the average is redrawn most often and would grow rare.
    variant = rng.choice(("basic", "basic", "convert", "average"))

    def draw(rng: random.Random) -> GeneratedQuestion:
        if variant == "basic":
            speed, seconds = rng.randint(2, 25), rng.randint(4, 40)
            key = speed * seconds
            stem = (
                f"Düz bir yolda sabit {speed} m/s hızla giden bir araç {seconds} saniyede kaç "
                f"metre yol alır?"
            )
            mistakes: list[Fraction | int] = [speed + seconds, key // 2, 2 * key, key + speed]
            mistakes.append(speed * (seconds + 1))
            why = f"Sabit hızda yol = hız · zaman = {speed} · {seconds} = {key} m."
            difficulty = 2
        elif variant == "convert":
            speed, seconds = rng.choice(KMH), rng.randint(4, 30)
            per_second = speed * 5 // 18
            key = per_second * seconds
            stem = (
                f"Düz bir yolda sabit {speed} km/sa hızla giden bir araç {seconds} saniyede kaç "
                f"metre yol alır?"
            )
            mistakes = [speed * seconds, key * 2, key + per_second, key - per_second, key // 2]
            why = (
                f"{speed} km/sa = {speed} · 1000 / 3600 = {per_second} m/s; "
                f"yol = {per_second} · {seconds} = {key} m."
            )
            difficulty = 3
        else:
            first, second = 10 * rng.randint(4, 12), 10 * rng.randint(4, 12)
            hours_1, hours_2 = rng.randint(1, 5), rng.randint(1, 5)
            distance = first * hours_1 + second * hours_2
            if first == second or hours_1 == hours_2 or distance % (hours_1 + hours_2):
                raise Redraw
            key = distance // (hours_1 + hours_2)
            stem = (
                f"Bir araç ilk {hours_1} saat sabit {first} km/sa, sonraki {hours_2} saat sabit "
                f"{second} km/sa hızla gidiyor. Aracın bu yolculuktaki ortalama hızı saatte kaç "
                f"km'dir?"
            )
            average_of_speeds = Fraction(first + second, 2)
            mistakes = [average_of_speeds, key + 10, key - 10, first + second, key + 5]
            why = (
                f"Ortalama hız = toplam yol / toplam zaman = {distance} / "
                f"{hours_1 + hours_2} = {key} km/sa; hızların ortalaması alınmaz."
            )
            difficulty = 4
        options, answer = assemble(rng, key, exact(mistakes, 0), count=OPTIONS, render=decimal)
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"variant": variant},
        )

    return retry(rng, draw)


def resistors(rng: random.Random) -> GeneratedQuestion:
    """Ohm yasası: the current of two resistors in series, in parallel, or (hardest) of R₁ in
    series with R₂ ∥ R₃; the circuit is described in words."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        volts: Fraction | int
        variant = rng.choice(("series", "parallel", "mixed"))
        tail = "bir üretece bağlanıyor. Üretecin iç direnci önemsiz olduğuna göre"
        if variant == "series":
            first, second, current = rng.randint(1, 12), rng.randint(1, 12), rng.randint(1, 4)
            volts = current * (first + second)
            if first == second or volts > 60:
                raise Redraw
            key = Fraction(current)
            stem = (
                f"Dirençleri R₁ = {first} Ω ve R₂ = {second} Ω olan iki direnç seri bağlanarak "
                f"{volts} V'luk {tail} devreden geçen akım kaç amperdir?"
            )
            mistakes = [Fraction(volts, first), Fraction(volts, second), Fraction(first + second)]
            mistakes += [key * 2, key + 1, Fraction(volts * (first + second), first * second)]
            why = f"Seri bağlı dirençler toplanır: {first + second} Ω; I = {volts} / "
            why += f"{first + second} = {current} A."
            difficulty = 2
        elif variant == "parallel":
            first, second = rng.choice(PARALLEL_PAIRS)
            volts = math.lcm(first, second) * rng.randint(1, 4)
            if volts > 60:
                raise Redraw
            equivalent = Fraction(first * second, first + second)
            key = volts / equivalent
            stem = (
                f"Dirençleri R₁ = {first} Ω ve R₂ = {second} Ω olan iki direnç paralel "
                f"bağlanarak {volts} V'luk {tail} üreteçten çekilen akım kaç amperdir?"
            )
            mistakes = [Fraction(volts, first + second), Fraction(volts, first), equivalent]
            mistakes += [Fraction(volts, second), key * 2, key / 2]
            why = (
                f"Paralel eşdeğer: {first}·{second}/({first}+{second}) = {decimal(equivalent)} Ω;"
                f" I = {volts} / {decimal(equivalent)} = {decimal(key)} A."
            )
            difficulty = 3
        else:
            first = rng.randint(1, 10)
            second, third = rng.choice(PARALLEL_PAIRS)
            equivalent = first + Fraction(second * third, second + third)
            current = rng.randint(1, 4)
            volts = current * equivalent
            if volts > 60 or volts.denominator != 1:
                raise Redraw
            key = Fraction(current)
            stem = (
                f"R₁ = {first} Ω'luk direnç, birbirine paralel bağlı R₂ = {second} Ω ve "
                f"R₃ = {third} Ω'luk dirençlerle seri bağlanıyor. Bu devre {volts} V'luk {tail} "
                f"R₁ direncinden geçen akım kaç amperdir?"
            )
            mistakes = [Fraction(volts, first + second + third), Fraction(volts, first)]
            mistakes += [key * 2, key / 2, Fraction(volts, first + second), key + 1]
            why = (
                f"R₂ ∥ R₃ = {decimal(equivalent - first)} Ω, eşdeğer {decimal(equivalent)} Ω; "
                f"ana koldaki R₁'den I = {decimal(volts)} / {decimal(equivalent)} = {current} A."
            )
            difficulty = 4
        options, answer = assemble(rng, key, exact(mistakes), count=OPTIONS, render=decimal)
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"variant": variant},
        )

    return retry(rng, draw)


def density(rng: random.Random) -> GeneratedQuestion:
    """Özkütle: d = m / V of one body; harder: the density of a mixture of two liquids."""

    mixture = rng.random() < 0.5  # chosen once: mixtures are redrawn more often

    def draw(rng: random.Random) -> GeneratedQuestion:
        if not mixture:
            value, volume = rng.choice(DENSITIES), 10 * rng.randint(1, 20)
            mass = value * volume
            if mass.denominator != 1:
                raise Redraw
            stem = f"Kütlesi {mass} g, hacmi {volume} cm³ olan bir cismin özkütlesi kaç g/cm³'tür?"
            mistakes = [Fraction(volume) / mass, value * 2, value / 2, value + 1, mass - volume]
            options, answer = assemble(rng, value, exact(mistakes), count=OPTIONS, render=decimal)
            why = f"Özkütle = kütle / hacim = {mass} / {volume} = {decimal(value)} g/cm³."
            difficulty = 2
        else:
            first, second = rng.sample(DENSITIES, 2)
            volume_1, volume_2 = 10 * rng.randint(1, 10), 10 * rng.randint(1, 10)
            if volume_1 == volume_2:
                raise Redraw
            total = first * volume_1 + second * volume_2
            value = total / (volume_1 + volume_2)
            name_1, name_2 = rng.choice(LIQUIDS)
            stem = (
                f"Özkütlesi {decimal(first)} g/cm³ olan {name_1} sıvısından {volume_1} cm³ ile "
                f"özkütlesi {decimal(second)} g/cm³ olan {name_2} sıvısından {volume_2} cm³ "
                f"alınarak homojen bir karışım hazırlanıyor. Hacimler korunduğuna göre "
                f"karışımın özkütlesi kaç g/cm³'tür?"
            )
            swapped = (first * volume_2 + second * volume_1) / (volume_1 + volume_2)
            mistakes = [(first + second) / 2, swapped, first + second, total / volume_1]
            mistakes += [value + Fraction(1, 10)]
            options, answer = assemble(rng, value, exact(mistakes), count=OPTIONS, render=decimal)
            why = (
                f"Toplam kütle {decimal(total)} g, toplam hacim {volume_1 + volume_2} cm³; "
                f"özkütle = {decimal(value)} g/cm³ (özkütlelerin ortalaması alınmaz)."
            )
            difficulty = 3
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={},
        )

    return retry(rng, draw)
