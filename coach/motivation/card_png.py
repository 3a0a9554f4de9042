"""The weekly progress card drawn as a PNG with Pillow and the bundled DejaVu Sans, whose
glyphs cover Turkish (ç ğ ı İ ö ş ü) — a system font may not, and a missing glyph is a box.

The card is mostly seen in a phone's chat, where it is scaled down to a bubble about 320 px
wide: it is drawn 720 px wide with text of at least 24 px, so the smallest text still reads
at about 11 px there (an 800 px card with 16 px text read at 6 px)."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from coach.motivation.card import CardData

WIDTH, HEIGHT = 720, 640
PHONE_WIDTH = 320  # CSS px of a chat bubble on a small phone, where the card is scaled down
TITLE_SIZE, LEVEL_SIZE, TEXT_SIZE = 26, 26, 24  # TEXT_SIZE: every other line, the smallest
MARGIN, LINE = 28, 34
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


NAME_LEFT, BAR_LEFT, GAP = MARGIN, 320, 12
BAR_WIDTH = WIDTH - MARGIN - 76 - BAR_LEFT  # the percent's room right of the bar
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


def _glued(words: list[str]) -> list[str]:
    """Words with a duration's parts kept together: a number with the unit after it, and the
    next number of the same duration ("10 sa 30 dk" never breaks)."""
    glued: list[str] = []
    for word in words:
        after_number = glued and glued[-1][-1:].isdigit()
        in_duration = glued and glued[-1][:1].isdigit() and word[:1].isdigit()
        if after_number or in_duration:
            glued[-1] = f"{glued[-1]} {word}"
        else:
            glued.append(word)
    return glued


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels, broken at words (never between a
    number and its unit); the last line is shortened by `fit` when even that is not enough."""
    shown: list[str] = []
    words = _glued(text.split(" "))
    while words and len(shown) < lines - 1:
        line = words.pop(0)
        while words and face.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        shown.append(line)
    if words:
        shown.append(fit(" ".join(words), face, width))
    return shown


def render_card(card: CardData) -> bytes:
    """The card as PNG bytes, `WIDTH` x `HEIGHT`; lines flow down, the badge sits at the foot."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    room = WIDTH - 2 * MARGIN
    text, bold = font(TEXT_SIZE), font(TEXT_SIZE, bold=True)
    draw.rectangle((0, 0, WIDTH, 76), fill=INK)
    title = fit(card.title, font(TITLE_SIZE, bold=True), room)
    draw.text((MARGIN, 22), title, font=font(TITLE_SIZE, bold=True), fill=BACKGROUND)
    level = fit(card.level, font(LEVEL_SIZE, bold=True), room)
    draw.text((MARGIN, 96), level, font=font(LEVEL_SIZE, bold=True), fill=INK)
    _bar(draw, x=MARGIN, y=134, width=room, share=card.xp_share, colour=ACCENT)
    y = 164
    for line in [fit(card.streak, text, room), *wrap(card.hours, text, room)]:
        draw.text((MARGIN, y), line, font=text, fill=INK)
        y += LINE
    _bar(draw, x=MARGIN, y=y + 4, width=room, share=card.hours_share, colour=GOOD)
    y += 34
    for name, share, percent in card.subjects:
        shown = fit(name, text, BAR_LEFT - NAME_LEFT - GAP)
        draw.text((NAME_LEFT, y), shown, font=text, fill=INK)
        # A figure wider than its room ("not assessed") shortens the bar instead of covering it.
        right = WIDTH - MARGIN - int(draw.textlength(percent, font=text)) - GAP
        width = min(BAR_WIDTH, right - BAR_LEFT)
        _bar(draw, x=BAR_LEFT, y=y + 7, width=width, share=share, colour=ACCENT)
        draw.text((WIDTH - MARGIN, y), percent, font=text, fill=INK, anchor="ra")
        y += 38
    badge = wrap(card.badge, bold, room)
    y = HEIGHT - MARGIN - LINE * len(badge)
    for line in badge:
        draw.text((MARGIN, y), line, font=bold, fill=ACCENT)
        y += LINE
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
