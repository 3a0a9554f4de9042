"""A new student's first day in the web chat, in chromium, as a student sees it.

/start → consent → onboarding → assessment → the plan → /today → Start → Done → the evening
check-in, then a reload; in Turkish and English, for YKS and SAT, on a desktop and a phone.
Every step asserts the words the student reads, that the page does not scroll sideways and
that the message box stays visible and usable; every step leaves a screenshot in
.artifacts/browser/ to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.chat_page import ChatPage
from tests.browser.journey_words import Words, words
from tests.browser.served import ServedCoach
from tests.e2e.web_student import MONDAY_MORNING

pytestmark = pytest.mark.browser

# The desktop in the light scheme, the phone in the dark one (as many students use it at
# night): both colour schemes are seen in every run.
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "light"},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "color_scheme": "dark",
        "device_scale_factor": 1,
        "is_mobile": True,
        "has_touch": True,
    },
}
# 22:05 in Istanbul on the first day: just after the evening check-in is due (22:00, when
# the 18:00-22:00 study window ends).
MONDAY_EVENING = MONDAY_MORNING + timedelta(hours=13, minutes=5)


@pytest.fixture
def chat(
    request: pytest.FixtureRequest, chromium: Any, coach: ServedCoach, artifacts: Path
) -> Iterator[tuple[ChatPage, Words]]:
    """A fresh browser context (a new student) on the device and language under test."""
    locale, exam, device = request.param
    said = words(locale, exam)
    context = chromium.new_context(locale=said.accept_language, **VIEWPORTS[device])
    context.set_default_timeout(15_000)
    coach.clock.set(MONDAY_MORNING)
    page = ChatPage(context.new_page(), coach.base_url, artifacts, f"{exam}-{locale}-{device}")
    try:
        yield page, said
    finally:
        context.close()


CASES = [
    pytest.param((locale, exam, device), id=f"{exam}-{locale}-{device}")
    for exam in ("yks", "sat")
    for locale in ("tr", "en")
    for device in ("desktop", "phone")
]


def step(chat: ChatPage, label: str, *expected: str) -> None:
    """The student reads `expected`, the layout holds, and a screenshot is kept."""
    chat.sees(*expected)
    chat.check_reply_start_visible()
    chat.check_layout()
    chat.shot(label)


def onboard(chat: ChatPage, said: Words) -> None:
    """The landing page to the confirmation of the profile."""
    chat.open()
    assert said.intro in chat.page.inner_text("#log")
    assert chat.page.get_attribute("html", "lang") == said.locale
    chat.check_layout()
    chat.shot("landing")
    chat.press(said.start)
    step(chat, "language", said.language)
    chat.press("English" if said.locale == "en" else "Türkçe")
    step(chat, "consent", said.consent)
    chat.press(said.agree)
    step(chat, "age", said.age)
    chat.type("17")
    step(chat, "track", said.minor_note, said.track_question)
    chat.press(said.exam)
    step(chat, "exam-date")
    chat.press(said.official_date)
    step(chat, "target", said.target_question)
    chat.press(said.target)
    chat.type(said.target_value)
    step(chat, "availability", said.availability)
    chat.press(said.medium)
    chat.press(said.looks_good)
    chat.press(said.evening)
    chat.press(said.sunday)
    chat.type("Europe/Istanbul")
    step(chat, "confirm", said.confirm, "Türkiye", said.target_value)  # the zone as said
    chat.press(said.all_correct)


def assess(chat: ChatPage, said: Words) -> None:
    """One "I don't know", then skip every subject until the plan is previewed."""
    step(chat, "assessment")
    assert said.dont_know in chat.buttons()
    chat.press(said.dont_know)
    for _ in range(12):
        if said.plan_ready in chat.reply_text():
            break
        chat.press(said.skip_subject)
    step(chat, "plan-preview", said.plan_ready)


def first_session(chat: ChatPage, said: Words) -> None:
    """Activate the plan, open /today, start the first session and finish it."""
    chat.press(said.start_plan)
    step(chat, "plan-on", said.plan_on, said.today)
    chat.type("/today")
    step(chat, "today", said.today, "18:00")
    chat.check_rows_grouped()
    assert any(said.start_session in label for label in chat.buttons())
    chat.press(said.start_session)
    step(chat, "session-started", said.key_points)
    assert chat.check_links() >= 1  # the session's resources: a tap opens them
    chat.press(said.done)
    step(chat, "session-done", said.how_hard)
    chat.press("3")
    step(chat, "session-rated", said.rated)


def evening_checkin(chat: ChatPage, said: Words, coach: ServedCoach) -> None:
    """At 22:00 the coach asks how the day went; the student, back at the tab, answers it:
    all done, how hard, how long."""
    coach.clock.set(MONDAY_EVENING)
    coach.push_due_notifications()
    chat.reload()
    assert said.checkin_push in chat.page.inner_text("#log")
    assert chat.buttons() == [said.checkin_start]  # the push retired the rating buttons
    chat.check_layout()
    chat.shot("checkin-push")
    chat.press(said.checkin_start)
    step(chat, "checkin", said.checkin)
    chat.press(said.all_done)
    step(chat, "checkin-hard", said.day_hard)
    chat.press("3")
    step(chat, "checkin-time", said.how_long)
    chat.press(said.minutes)
    step(chat, "checkin-thanks", said.thanks)


# /settings, its notifications item and the reminders' switch, per language
SETTINGS = {"tr": ("/ayarlar", "Bildirimler", "Oturum hatırlatmaları", "açık", "kapalı"),
            "en": ("/settings", "Notifications", "Session reminders", "on", "off")}  # fmt: skip
SWITCH_SHOWS = """label => [...document.querySelectorAll('#log form.choices button')]
  .some(b => b.textContent.trim() === label)"""


def switch_in_place(chat: ChatPage, said: Words) -> None:
    """A tap on a notification switch redraws the screen where it is (🔔 → 🔕): no message is
    added to the chat, and a reload shows the screen once, as it is now."""
    command, item, switch, on, off = SETTINGS[said.locale]
    switched_on, switched_off = f"🔔 {switch} · {on}", f"🔕 {switch} · {off}"
    chat.type(command)
    chat.press(item)
    messages = chat.page.locator("#log article.msg")
    shown = messages.count()
    chat.button(switched_on).click()
    chat.page.wait_for_function(SWITCH_SHOWS, arg=switched_off)
    assert messages.count() == shown  # replaced, not appended
    assert switched_on not in chat.buttons()
    chat.shot("switch-in-place")
    chat.reload()
    assert chat.buttons().count(switched_off) == 1 and switched_on not in chat.buttons()
    chat.check_links()  # a reloaded page's addresses are links too
    chat.check_layout()


@pytest.mark.parametrize("chat", CASES, indirect=True)
def test_a_new_student_reaches_the_evening_checkin(
    chat: tuple[ChatPage, Words], coach: ServedCoach
) -> None:
    page, said = chat
    onboard(page, said)
    assess(page, said)
    first_session(page, said)
    evening_checkin(page, said, coach)
    replies, buttons = page.replies(), page.buttons()
    page.reload()
    assert page.replies() == replies  # the conversation is where the student left it
    assert page.buttons() == buttons  # and the answer still waits for a tap
    page.check_layout()
    switch_in_place(page, said)
    page.shot("reloaded")
    page.type("/today")  # the input still works after the reload
    step(page, "after-reload", said.today)
    page.type("https://example.org/" + "x" * 150)  # one long word must wrap, not widen the page
    page.check_layout()
    page.shot("long-word")
