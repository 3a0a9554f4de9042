"""The weekly card: a PNG of the stated size that decodes, drawn with the bundled DejaVu Sans,
whose Turkish letters are real glyphs (not the missing-glyph box)."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from coach.motivation.card import CardData
from coach.motivation.card_png import (
    HEIGHT,
    LEVEL_SIZE,
    PHONE_WIDTH,
    TEXT_SIZE,
    TITLE_SIZE,
    WIDTH,
    font,
    render_card,
)

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


def test_the_card_reads_on_a_phone_and_is_a_telegram_photo() -> None:
    """Scaled down to a phone's chat bubble the smallest text still reads (about 11 px), and
    the picture is within what Telegram sends as a photo without shrinking it further."""
    smallest = min(TITLE_SIZE, LEVEL_SIZE, TEXT_SIZE) * PHONE_WIDTH / WIDTH
    assert smallest >= 10.5, smallest
    assert WIDTH <= 1280 and HEIGHT <= 1280  # Telegram keeps a photo's side up to 1280 px
    assert WIDTH + HEIGHT <= 10_000 and max(WIDTH, HEIGHT) / min(WIDTH, HEIGHT) <= 20
    assert len(render_card(_card())) < 1_000_000  # well under Telegram's 10 MB photo limit


def test_a_long_line_wraps_to_a_second_line_before_being_shortened() -> None:
    from coach.motivation.card_png import wrap

    face = font(TEXT_SIZE)
    hours = "Bu hafta çalışma: planlanan 12 sa 30 dk içinden 10 sa 30 dk"
    lines = wrap(hours, face, WIDTH - 56)
    assert len(lines) == 2 and " ".join(lines) == hours  # nothing lost
    assert all(face.getlength(line) <= WIDTH - 56 for line in lines)
    assert lines[1] == "10 sa 30 dk"  # broken at a space, never inside "10 sa"
    assert wrap("kısa", face, WIDTH) == ["kısa"]


def test_the_alt_text_says_all_the_card_shows_in_the_students_words() -> None:
    from coach.motivation.card import card_alt

    alt = card_alt(_card(), "tr")
    assert alt.startswith("Haftalık ilerleme · Pzt 07.12 – Paz 13.12 — Seviye 3")
    for words in ("Seri: 5 gün", "planlanan 6 sa", "Matematik %62, Türkçe %40, Fizik %10"):
        assert words in alt
    assert alt.endswith("Haftanın rozeti: İlk hafta") and ".png" not in alt


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


LONG = "Tarih ve Coğrafya ile Felsefe Grubu (Sosyal Bilimler 1)"


def test_a_long_subject_name_is_shortened_to_stop_before_its_bar() -> None:
    from coach.motivation.card_png import BAR_LEFT, GAP, NAME_LEFT, fit

    face = font(TEXT_SIZE)
    room = BAR_LEFT - NAME_LEFT - GAP
    shown = fit(LONG, face, room)
    assert shown.endswith("…") and face.getlength(shown) <= room
    assert shown.startswith("Tarih ve")  # cut at a word
    assert fit("Matematik", face, room) == "Matematik"
    assert fit("Ç" * 60, face, room).endswith("…")  # one long word: cut at a letter

    subjects = ((LONG, 0.0, "%0"),)
    image = Image.open(io.BytesIO(render_card(dataclasses.replace(_card(), subjects=subjects))))
    image.load()
    rgb = image.convert("RGB")
    # the strip between the name's room and the bar stays background: no letter ran into it
    strip = {
        rgb.getpixel((x, y))
        for x in range(BAR_LEFT - GAP + 2, BAR_LEFT - 1)
        for y in range(266, 304)
    }  # fmt: skip  (the first subject's row)
    assert strip == {(250, 247, 240)}
