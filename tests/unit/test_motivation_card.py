"""The weekly card: a PNG of the stated size that decodes, drawn with the bundled DejaVu Sans,
whose Turkish letters are real glyphs (not the missing-glyph box)."""

from __future__ import annotations

import io

from PIL import Image

from coach.motivation.card import CardData
from coach.motivation.card_png import HEIGHT, WIDTH, font, render_card

TURKISH = "çğıİöşüÇĞÖŞÜ"


def _card(title: str = "Haftalık ilerleme · Pzt 07.12 – Paz 13.12") -> CardData:
    return CardData(
        title=title,
        level="Seviye 3 · Öğrenci · 420 XP",
        xp_share=0.4,
        streak="Seri: 5 gün · dondurma 1/2",
        hours="Bu hafta çalışma: planlanan 6 sa içinden 4 sa 30 dk",
        hours_share=0.75,
        subjects=(("Matematik", 0.62, "%62"), ("Türkçe", 0.4, "%40"), ("Fizik", 0.1, "%10")),
        badge="Haftanın rozeti: İlk hafta",
    )


def test_the_card_is_a_png_of_the_stated_size() -> None:
    data = render_card(_card())
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes the whole image
    assert image.size == (WIDTH, HEIGHT)


def test_turkish_letters_are_real_glyphs() -> None:
    regular = font(20)
    missing = regular.getmask("\ue000")  # a private-use character: the missing-glyph box
    for letter in TURKISH:
        mask = regular.getmask(letter)
        assert mask.getbbox() is not None, letter
        assert bytes(mask) != bytes(missing), letter
    # dotted and dotless i are different letters, and so are their drawings
    assert bytes(regular.getmask("ı")) != bytes(regular.getmask("i"))
    assert bytes(regular.getmask("İ")) != bytes(regular.getmask("I"))


def test_the_turkish_letters_change_the_picture() -> None:
    assert render_card(_card("Haftalık ğüşiöç")) != render_card(_card("Haftalik gusioc"))
