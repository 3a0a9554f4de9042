"""Must-show 4 over Telegram, the pushed weekly card: the whole app on the fake Bot API, two
students (tr and en) Done a session, on Sunday evening the scheduled job queues their cards
and the dispatcher draws each one and uploads it with a multipart `sendPhoto` — a PNG of the
card's stated size that decodes, captioned in the student's language, its figures agreeing
with the Done message and /badges."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from coach.dialogue.flows.settings import NOTIFICATION_KINDS
from coach.motivation.card import weekly_card
from coach.motivation.card_png import HEIGHT, WIDTH
from coach.motivation.card_push import latest_card_slot
from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import NOW, Student, onboard, running_coach
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

# What each language's student reads: the caption of the pushed card, the Done message's XP
# line, the /badges header, the command that switches the card off.
WORDS = {
    "tr": {"caption": "Haftan tek kartta", "done": "seviye", "badges": "Rozetlerin",
           "settings": "/ayarlar"},
    "en": {"caption": "Your week on one card", "done": "level", "badges": "Your badges",
           "settings": "/settings"},
}  # fmt: skip
_XP = re.compile(r"(\d[\d.,]*) XP")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


def _says(words: str) -> Any:
    return lambda messages: any(words in m.get("text", "") for m in messages)


def _switch_off(kind: str) -> Any:
    """A condition on a message: the switch of `kind` shows 🔕."""

    def check(message: dict[str, Any]) -> bool:
        # a switch that is off offers to turn it on again (st:tog:<kind>:on)
        labels = [
            lb for lb, d in FakeTelegramServer.buttons(message) if d.endswith(f":tog:{kind}:on")
        ]
        return bool(labels) and labels[0].startswith("🔕")

    return check


def _balance(text: str) -> str:
    """The XP balance a message shows: the last "N XP" before the level (not "+N XP")."""
    figures = [m.group(1) for m in _XP.finditer(text) if text[m.start() - 1 : m.start()] != "+"]
    assert figures, text
    return figures[0]


async def test_the_pushed_weekly_card_is_a_photo_in_the_students_language(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    students = {
        "tr": Student(fake, FakeUser(7301, "Elif", "tr")),
        "en": Student(fake, FakeUser(7302, "Ada", "en")),
    }
    async with running_coach(fake, url, webhook=False) as container:
        assert container.cards is not None
        clock = container.clock
        assert isinstance(clock, FixedClock)
        balances: dict[str, str] = {}
        for locale, student in students.items():
            await onboard(student, locale)
            done = await student.press("s:done", _says("XP"))
            [xp_line] = [m["text"] for m in done if "XP" in m.get("text", "")]
            assert WORDS[locale]["done"] in xp_line
            badges = await student.command("/badges", _says(WORDS[locale]["badges"]))
            [header] = [m["text"] for m in badges if WORDS[locale]["badges"] in m["text"]]
            balances[locale] = _balance(xp_line)
            assert _balance(header) == balances[locale]  # one balance: Done and /badges

        async with container.uow() as uow:
            user = await uow.users.find_by_identity("telegram", "7301")
            assert user is not None
            timezone = user.timezone
        slot = latest_card_slot(timezone, NOW + timedelta(days=7))
        assert slot.due_at > NOW  # this week's Sunday evening
        clock.set(slot.due_at + timedelta(minutes=30))
        assert await container.cards.run() == 2
        assert await container.cards.run() == 0  # once a week
        photos_before = len(fake.calls_to("sendPhoto"))
        await container.notification_jobs.dispatch()

        calls = fake.calls_to("sendPhoto")[photos_before:]
        assert {c.chat_id for c in calls} == {7301, 7302}
        for locale, student in students.items():
            [call] = [c for c in calls if c.chat_id == student.user.id]
            assert call.status == 200
            assert call.content_type == "multipart/form-data"  # uploaded, not a URL or file id
            filename, content = call.files["photo"]
            assert filename == "progress.png"
            image = Image.open(io.BytesIO(content))
            image.load()  # the PNG decodes
            assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
            [sent] = [m for m in fake.messages(student.user.id) if "photo" in m]
            size = sent["photo"][-1]
            assert (size["width"], size["height"]) == (WIDTH, HEIGHT)
            caption = sent.get("caption", "")
            assert WORDS[locale]["caption"] in caption and WORDS[locale]["settings"] in caption
            other = "en" if locale == "tr" else "tr"
            assert WORDS[other]["caption"] not in caption
            assert not [b for b in FakeTelegramServer.buttons(sent) if not b[1]]

            # the card's figures are the ones the student read in the chat
            async with container.uow() as uow:
                found = await uow.users.find_by_identity("telegram", str(student.user.id))
                assert found is not None
                data = await weekly_card(uow, slot.due_at, found.id, container.catalog)
            assert data is not None
            assert _balance(data.level) == balances[locale]
        assert not fake.open_queries


async def test_the_settings_switches_turn_pushes_off_through_the_buttons(
    fake: FakeTelegramServer, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    """/settings → notifications in both languages: every switch is a button that flips from
    🔔 to 🔕 when tapped, on the same message (edited in place, no new message), and stores
    the switch; with the card's off, Sunday queues no card."""
    url = sqlite_template.clone(tmp_path / "coach.db")
    students = {
        "tr": Student(fake, FakeUser(7311, "Elif", "tr")),
        "en": Student(fake, FakeUser(7312, "Ada", "en")),
    }
    async with running_coach(fake, url, webhook=False) as container:
        assert container.cards is not None
        clock = container.clock
        assert isinstance(clock, FixedClock)
        for locale, student in students.items():
            await onboard(student, locale)
            command = "/ayarlar" if locale == "tr" else "/settings"
            await student.command(command, Student.has_button("st:open:notify"))
            shown = await student.press("st:open:notify", Student.has_button("st:tog:"))
            [screen] = [m for m in shown if Student.has_button("st:tog:")([m])]
            switches = [
                data for _label, data in FakeTelegramServer.buttons(screen) if ":tog:" in data
            ]
            assert len(switches) == len(NOTIFICATION_KINDS)
            labels = [
                label for label, data in FakeTelegramServer.buttons(screen) if ":tog:" in data
            ]
            assert all(label.startswith("🔔") for label in labels)
            sent, text = len(fake.messages(student.user.id)), screen["text"]
            for data in switches:
                kind = data.split(":")[2]
                edited = await student.press_in_place(f"st:tog:{kind}:off", _switch_off(kind))
                assert edited["message_id"] == screen["message_id"]
                assert edited["text"] == text and "edit_date" in edited  # redrawn in place
            assert len(fake.messages(student.user.id)) == sent  # edited, never sent anew
            edits = [c for c in fake.calls_to("editMessageText") if c.chat_id == student.user.id]
            assert len(edits) == len(NOTIFICATION_KINDS) and all(c.status == 200 for c in edits)
            async with container.uow() as uow:
                user = await uow.users.find_by_identity("telegram", str(student.user.id))
                assert user is not None
                profile = await uow.profiles.get(user.id)
            assert profile is not None and set(profile.opt_outs) == set(NOTIFICATION_KINDS)
        slot = latest_card_slot("Europe/Istanbul", NOW + timedelta(days=7))
        clock.set(slot.due_at + timedelta(minutes=30))
        assert await container.cards.run() == 0  # the card is switched off for both
