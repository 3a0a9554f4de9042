"""The weekly progress card drawn as a PNG with Pillow and the bundled DejaVu Sans, whose
glyphs cover Turkish (ç ğ ı İ ö ş ü) — a system font may not, and a missing glyph is a box."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from coach.motivation.card import CardData

WIDTH, HEIGHT = 800, 480
BACKGROUND = (250, 247, 240)
INK = (34, 38, 49)
ACCENT = (233, 120, 40)
TRACK = (224, 220, 212)
GOOD = (76, 155, 96)


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans at a size."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with files("coach.motivation").joinpath(name).open("rb") as handle:
        return ImageFont.truetype(io.BytesIO(handle.read()), size)


def _bar(
    draw: ImageDraw.ImageDraw,
    *,
    x: int,
    y: int,
    width: int,
    share: float,
    colour: tuple[int, int, int],
) -> None:
    draw.rounded_rectangle((x, y, x + width, y + 14), radius=7, fill=TRACK)
    filled = int(width * max(0.0, min(1.0, share)))
    if filled > 0:
        draw.rounded_rectangle((x, y, x + max(filled, 14), y + 14), radius=7, fill=colour)


NAME_LEFT, BAR_LEFT, GAP = 28, 300, 12
ELLIPSIS = "…"


def fit(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """`text` as drawn in `face` within `width` pixels: whole when it fits, else cut at a word
    (or a letter) with an ellipsis, so a long subject name never runs into its bar."""
    if face.getlength(text) <= width:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words).rstrip(",;:-") + ELLIPSIS
        if face.getlength(shorter) <= width:
            return shorter
    cut = text
    while cut and face.getlength(cut.rstrip() + ELLIPSIS) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def render_card(card: CardData) -> bytes:
    """The card as PNG bytes, `WIDTH` x `HEIGHT`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 64), fill=INK)
    draw.text((28, 16), card.title, font=font(26, bold=True), fill=BACKGROUND)
    draw.text((28, 84), card.level, font=font(22, bold=True), fill=INK)
    _bar(draw, x=28, y=118, width=744, share=card.xp_share, colour=ACCENT)
    draw.text((28, 146), card.streak, font=font(20), fill=INK)
    draw.text((28, 180), card.hours, font=font(20), fill=INK)
    _bar(draw, x=28, y=212, width=744, share=card.hours_share, colour=GOOD)
    y = 244
    for name, share, percent in card.subjects:
        shown = fit(name, font(18), BAR_LEFT - NAME_LEFT - GAP)
        draw.text((NAME_LEFT, y), shown, font=font(18), fill=INK)
        _bar(draw, x=BAR_LEFT, y=y + 5, width=400, share=share, colour=ACCENT)
        draw.text((712, y), percent, font=font(16), fill=INK)
        y += 30
    draw.text((28, HEIGHT - 44), card.badge, font=font(20, bold=True), fill=ACCENT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
