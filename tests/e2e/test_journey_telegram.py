"""The student's whole first day through the real Telegram stack (PTB on the fake Bot API) with
the real content packs, in both languages and for YKS and SAT: /start, onboarding with a typed
date, time and target, the assessment as quiz polls, the plan, /today, Start, Done, the rating
and the evening check-in. The transcript is written to `.artifacts/journeys/` to be read, and
checked for what a student must never see (template leftovers, YKS words in an SAT chat, a
message without a word, a button without a label).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.dbs import SqliteTemplate
from tests.e2e.telegram_student import Student, running_coach
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeUser

ARTIFACTS = Path(__file__).parents[2] / ".artifacts" / "journeys"
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|None\b|undefined|Traceback", re.IGNORECASE)
YKS_WORDS = re.compile(r"\b(YKS|TYT|AYT|ÖSYM|nets?|deneme)\b", re.IGNORECASE)
SAT_WORDS_TR = re.compile(r"\b(YKS|TYT|AYT|ÖSYM|net|netler\w*|neti\w*)\b", re.IGNORECASE)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer() as server:
        yield server


class Journey:
    """A student who keeps a transcript of both sides."""

    def __init__(self, fake: FakeTelegramServer, student: Student) -> None:
        self.fake = fake
        self.student = student
        self.lines: list[str] = []
        self.coach: list[dict[str, Any]] = []

    def _log(self, said: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.lines.append(f">>> {said}")
        for message in messages:
            self.coach.append(message)
            text = message.get("text") or message.get("caption") or ""
            if "poll" in message:
                poll = message["poll"]
                options = " | ".join(o["text"] for o in poll["options"])
                text = f"[poll] {poll['question']} — {options}"
            self.lines.append(text)
            labels = [label for label, _data in FakeTelegramServer.buttons(message)]
            if labels:
                self.lines.append("    [" + "] [".join(labels) + "]")
        return messages

    async def type(self, text: str, until: Any) -> list[dict[str, Any]]:
        return self._log(text, await self.student.command(text, until))

    async def press(self, prefix: str, until: Any) -> list[dict[str, Any]]:
        label = self._label(prefix)
        return self._log(f"[{label}]", await self.student.press(prefix, until))

    async def press_label(self, words: str, until: Any, data: str = "") -> list[dict[str, Any]]:
        for message in reversed(self.fake.messages(self.student.user.id)):
            for label, callback in FakeTelegramServer.buttons(message):
                if words in label and (not data or re.search(data, callback)):
                    await self.fake.press(self.student.user, message, callback)
                    return self._log(f"[{label}]", await self.student._after(until))
        raise AssertionError(f"no button labelled {words!r}")

    def _label(self, prefix: str) -> str:
        for message in reversed(self.fake.messages(self.student.user.id)):
            for label, data in FakeTelegramServer.buttons(message):
                if prefix in data:
                    return str(label)
        return prefix

    async def assessment(self, first: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Right in mathematics, wrong elsewhere, until the plan preview; a question too long
        for a poll comes as a message with buttons and gets "I don't know"."""
        messages = first
        ready = Student.has_button("pv:activate")

        def next_question(ms: list[dict[str, Any]]) -> bool:
            return ready(ms) or any("poll" in m for m in ms) or Student.has_button("as:")(ms)

        for _ in range(120):
            if ready(messages):
                return messages
            polls = [m for m in messages if "poll" in m]
            if not polls:
                messages = await self.press("as:idk:", next_question)
                continue
            poll = polls[-1]["poll"]
            correct = self.fake.polls[poll["id"]]["correct_option_ids"]
            header = " ".join(m.get("text", "") for m in messages)
            math = any(word in header for word in ("Matematik", "Mathematics", "Math"))
            choice = correct if math else [(correct[0] + 1) % len(poll["options"])]
            await self.fake.answer_poll(self.student.user, poll["id"], choice)
            self.lines.append(f">>> (poll answer {choice[0]})")
            messages = self._log("…", await self.student._after(next_question))
        raise AssertionError("no plan preview after the assessment")


JOURNEYS = [
    ("tr", "YKS", "15.06.2027", "3 saat", "70"),
    ("en", "YKS", "June 15, 2027", "2h", "70"),
    ("tr", "SAT", "5 Haziran 2027", "1,5 saat", "650"),
    ("en", "SAT", "June 5, 2027", "90", "650"),
]


@pytest.mark.parametrize(("locale", "exam", "typed_date", "typed_time", "target"), JOURNEYS)
async def test_a_first_day_over_telegram(
    fake: FakeTelegramServer,
    sqlite_template: SqliteTemplate,
    tmp_path: Path,
    locale: str,
    exam: str,
    typed_date: str,
    typed_time: str,
    target: str,
) -> None:
    url = sqlite_template.clone(tmp_path / "coach.db")
    journey = Journey(fake, Student(fake, FakeUser(7100, "Deniz", locale)))
    try:
        await _first_day(journey, exam, locale, typed_date, typed_time, target, fake, url)
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"telegram-{exam.lower()}-{locale}.txt"
        path.write_text("\n".join(journey.lines), encoding="utf-8")
    _check(journey, exam, locale)
    assert not fake.open_queries


async def _first_day(
    journey: Journey,
    exam: str,
    locale: str,
    typed_date: str,
    typed_time: str,
    target: str,
    fake: FakeTelegramServer,
    url: str,
) -> None:
    has = Student.has_button
    async with running_coach(fake, url, webhook=False, packs=("yks", "sat")):
        await journey.type("/start", has("ob:lang"))
        await journey.press(f"ob:lang:{locale}", has("ob:consent"))
        await journey.press("ob:consent:yes", has("ob:age"))
        await journey.press("ob:age:minor", has("ob:track"))
        await journey.press_label(exam, has("ob:date"))
        await journey.press("ob:date:other", bool)
        await journey.type(typed_date, has("ob:target"))
        kind = "score" if exam == "SAT" else "net"
        await journey.press(f"ob:target:{kind}", bool)
        await journey.type(target, has("ob:avail:"))
        await journey.press("ob:avail:medium", has("ob:avail_review"))
        await journey.press("ob:avail_review:edit", has("ob:avail_day"))
        await journey.press("ob:avail_day:sat", bool)
        await journey.type(typed_time, has("ob:avail_review"))
        await journey.press("ob:avail_review:ok", has("ob:win"))
        await journey.press("ob:win:", has("ob:break"))
        await journey.press("ob:break:sun", has("ob:tz"))
        await journey.press("ob:tz:0", has("ob:confirm"))
        first = await journey.press(
            "ob:confirm:yes", lambda ms: any("poll" in m for m in ms) or has("as:")(ms)
        )
        await journey.assessment(first)
        await journey.press("pv:activate", has("s:"))
        await journey.type("/today" if locale == "en" else "/bugün", has("s:start"))
        await journey.press("s:start", has("s:done"))
        await journey.press("s:done", has("s:rate"))
        await journey.press_label("3", bool, data=r"s:rate:\d+:3$")
        await journey.type("/checkin", bool)
        if has("ci:all")(journey.coach[-3:]):
            await journey.press("ci:all", has("ci:hard"))
            await journey.press("ci:hard:3", has("ci:time"))
            await journey.type("45", bool)


def _check(journey: Journey, exam: str, locale: str) -> None:
    """What a student must never read."""
    texts = [
        m.get("text") or m.get("caption") or m.get("poll", {}).get("question", "")
        for m in journey.coach
    ]
    assert all(text.strip() for text in texts), "a message without a word"
    assert not [t for t in texts if LEFTOVERS.search(t)]
    labels = [label for m in journey.coach for label, _ in FakeTelegramServer.buttons(m)]
    assert all(label.strip() for label in labels)
    if exam == "SAT":
        words = YKS_WORDS if locale == "en" else SAT_WORDS_TR
        assert not [t for t in texts if words.search(t)], "a YKS word in an SAT chat"
    assert any(("🎉" in t) for t in texts), "the first session was not celebrated as done"
    if locale == "tr":  # the key points in Turkish, also from the SAT's English pack
        [started] = [t for t in texts if "Hatırlatma notları" in t]
        points = started.split("Hatırlatma notları:")[1].split("🔗")[0]
        assert not re.search(r"\b(the|and|of|both|then)\b", points), points
