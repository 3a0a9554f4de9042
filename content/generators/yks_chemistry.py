"""Chemistry generators in Turkish: mol–mass–particle count (TYT) and molarity (AYT).

The stem gives the atomic masses it needs, as ÖSYM does ("(H: 1, C: 12, O: 16)"). Harder
seeds count atoms instead of molecules, dilute a solution, or start from grams and millilitres.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction

from content.generators.base import GeneratedQuestion, Redraw, assemble, decimal, exact, retry
from content.generators.yks_math import OPTIONS

ATOMIC_MASS = {"H": 1, "C": 12, "N": 14, "O": 16, "Na": 23, "Mg": 24, "S": 32, "K": 39, "Ca": 40}
MOLECULES = ("H2O", "CO2", "CH4", "NH3", "O2", "N2", "NaOH", "CaCO3", "C2H6", "SO2", "MgO", "C3H8")
SOLUTES = ("NaOH", "KOH", "HNO3", "C6H12O6", "MgSO4", "NaNO3", "KNO3")
MOLES = tuple(Fraction(n, 100) for n in (10, 20, 25, 50, 100, 150, 200, 250, 300, 400))
MOLARITIES = tuple(Fraction(n, 100) for n in (10, 20, 25, 40, 50, 100, 150, 200))
VOLUMES_ML = (100, 200, 250, 400, 500)
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _atoms(formula: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for symbol, count in re.findall(r"([A-Z][a-z]?)(\d*)", formula):
        counts[symbol] = counts.get(symbol, 0) + int(count or 1)
    return counts


def molar_mass(formula: str) -> int:
    """The molar mass of a formula such as "CaCO3" in g/mol."""
    return sum(ATOMIC_MASS[symbol] * count for symbol, count in _atoms(formula).items())


def shown(formula: str) -> str:
    """A formula with subscript digits: "CaCO₃"."""
    return formula.translate(SUBSCRIPT)


def masses_note(formula: str) -> str:
    """ "(H: 1, C: 12)": the atomic masses a formula needs, in the order of the periodic table."""
    symbols = sorted(_atoms(formula), key=lambda s: ATOMIC_MASS[s])
    return "(" + ", ".join(f"{s}: {ATOMIC_MASS[s]}" for s in symbols) + ")"


def moles(rng: random.Random) -> GeneratedQuestion:
    """Mol kavramı: grams to moles, moles to grams, or (harder) the moles of atoms in a sample."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        formula, amount = rng.choice(MOLECULES), rng.choice(MOLES)
        weight = molar_mass(formula)
        grams = amount * weight
        # A slip students make: ignoring the subscripts (CH₄ read as CH).
        flat = sum(ATOMIC_MASS[s] for s in _atoms(formula))
        atoms = sum(_atoms(formula).values())
        note = masses_note(formula)
        variant = rng.choice(("to_mol", "to_gram", "atoms"))
        if variant == "to_mol":
            key = amount
            stem = f"{decimal(grams, places=1)} gram {shown(formula)} kaç moldür? {note}"
            mistakes = [grams / flat, amount * 2, amount / 2, Fraction(weight) / grams, amount + 1]
            why = f"{shown(formula)}: {weight} g/mol; n = {decimal(grams)} / {weight} = "
            why += f"{decimal(amount)} mol."
            difficulty = 2
        elif variant == "to_gram":
            key = grams
            stem = f"{decimal(amount)} mol {shown(formula)} kaç gramdır? {note}"
            mistakes = [amount * flat, Fraction(weight), weight / amount, grams * 2, grams + weight]
            why = f"{shown(formula)}: {weight} g/mol; m = {decimal(amount)} · {weight} = "
            why += f"{decimal(grams)} g."
            difficulty = 2
        else:
            key = amount * atoms
            stem = (
                f"{decimal(grams, places=1)} gram {shown(formula)} örneğinde toplam kaç mol atom "
                f"bulunur? {note}"
            )
            mistakes = [amount, amount * len(_atoms(formula)), key * 2, amount * (atoms - 1)]
            mistakes += [key / 2, amount + atoms]
            why = (
                f"n = {decimal(grams)} / {weight} = {decimal(amount)} mol molekül; her "
                f"molekülde {atoms} atom: {decimal(key)} mol atom."
            )
            difficulty = 3
        options, answer = assemble(rng, key, exact(mistakes), count=OPTIONS, render=decimal)
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"formula": formula, "variant": variant},
        )

    return retry(rng, draw)


def molarity(rng: random.Random) -> GeneratedQuestion:
    """Molarite: the concentration after adding water, or (harder) from grams and millilitres."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        formula = rng.choice(SOLUTES)
        if rng.random() < 0.5:
            start, first = rng.choice(MOLARITIES), rng.choice((50, 100, 200, 250))
            final = rng.choice([v for v in (200, 250, 400, 500, 1000) if v > first])
            key = start * first / final
            stem = (
                f"{decimal(start)} M'lık {first} mL {shown(formula)} çözeltisine saf su eklenerek "
                f"hacmi {final} mL'ye tamamlanıyor. Son çözeltinin derişimi kaç molardır?"
            )
            mistakes = [start * final / first, start * (final - first) / final, start / 2]
            mistakes += [key * 2, start - key, key * 10]
            why = (
                f"Su eklenince mol sayısı değişmez: {decimal(start)} · {first} = M · {final}, "
                f"M = {decimal(key)}."
            )
            difficulty = 3
        else:
            key, volume = rng.choice(MOLARITIES), rng.choice(VOLUMES_ML)
            amount = key * volume / 1000
            weight = molar_mass(formula)
            grams = amount * weight
            if (grams * 10).denominator != 1:
                raise Redraw
            stem = (
                f"{decimal(grams, places=1)} gram {shown(formula)} suda çözülerek {volume} mL "
                f"çözelti hazırlanıyor. Çözeltinin derişimi kaç molardır? {masses_note(formula)}"
            )
            mistakes = [amount, grams / volume, key * 2, key / 2, grams / 1000, key * 10]
            why = (
                f"n = {decimal(grams)} / {weight} = {decimal(amount, places=3)} mol; "
                f"V = {decimal(Fraction(volume, 1000))} L; M = n / V = {decimal(key)}."
            )
            difficulty = 4
        options, answer = assemble(rng, key, exact(mistakes), count=OPTIONS, render=decimal)
        return GeneratedQuestion(
            stem=stem,
            options=options,
            answer=answer,
            explanation=why,
            difficulty=difficulty,
            params={"formula": formula},
        )

    return retry(rng, draw)
