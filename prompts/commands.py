"""The one table of each command's Turkish name, and the `/name` a student of a language types.

Templates never write a command by hand: `{{ "today" | cmd }}` reads `/bugun` in Turkish and
`/today` in English. The dialogue's command parsing (`coach.dialogue.commands`) reads the same
table, so what a message tells a student to type is what the bot understands.
"""

from __future__ import annotations

# Each command's Turkish name is written in ASCII letters because Telegram only makes
# /[a-z0-9_] tappable; typing them with Turkish letters ("/bugün") works too. /start and /plan
# read the same in both languages.
TURKISH_NAMES: dict[str, str] = {
    "today": "bugun", "week": "hafta", "progress": "ilerleme", "checkin": "kontrol",
    "quiz": "test", "placement": "seviye", "mock": "deneme", "why": "neden",
    "stuck": "takildim", "settings": "ayarlar", "pause": "duraklat", "resume": "surdur",
    "link": "bagla", "export": "verilerim", "delete": "sil", "help": "yardim",
    "qa": "sorucevap", "ask": "sor", "questions": "sorular", "groups": "gruplar",
    "tutor": "ogretmen", "end": "bitir", "streak": "seri", "badges": "rozetler",
    "league": "lig", "card": "kart", "leaderboard": "liderlik", "challenge": "meydan",
}  # fmt: skip


def command_name(name: str, locale: str) -> str:
    """The name a student of `locale` types and sees for a command (Turkish in ASCII)."""
    return TURKISH_NAMES.get(name, name) if locale == "tr" else name


def slash_command(name: str, locale: str) -> str:
    """The command as a message writes it: `/bugun` in Turkish, `/today` in English."""
    return "/" + command_name(name, locale)
