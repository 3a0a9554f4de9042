"""Turning sessions and content ids into what a student reads, in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.actions import MENU
from coach.domain import StudySession
from coach.messages import Choice
from coach.plans import curriculum
from content import Pack, Summary
from prompts import template_exists

if TYPE_CHECKING:
    from coach.dialogue.turn import Turn


def subject_name(pack: Pack, subject_id: str | None, locale: str) -> str:
    """A subject's name in the student's language."""
    subject = pack.subjects_by_id.get(subject_id or "")
    if subject is None:
        return ""
    return subject.name if locale == "tr" else (subject.name_en or subject.name)


def topic_name(pack: Pack, topic_id: str | None, locale: str) -> str:
    """A topic's name in the student's language."""
    topic = pack.topics_by_id.get(topic_id or "")
    if topic is None:
        return ""
    return topic.name if locale == "tr" else (topic.name_en or topic.name)


def lesson_title(pack: Pack, lesson_id: str | None, locale: str) -> str:
    """A lesson's title in the student's language."""
    lesson = pack.lessons_by_id.get(lesson_id or "")
    if lesson is None:
        return ""
    return lesson.title if locale == "tr" else (lesson.title_en or lesson.title)


def key_points(summary: Summary, locale: str, pack_language: str) -> tuple[str, ...]:
    """A summary sheet's key points in the student's language, else in the pack's own.

    The sheet's plain `points` are in the pack's language (English for the SAT), so a Turkish
    student of an English pack reads `points_tr`, not the English ones."""
    sheet = summary.sheet(locale, pack_language) or summary.sheet(pack_language, pack_language)
    return tuple(sheet.points) if sheet is not None else ()


def reason_text(session: StudySession, locale: str, pack: Pack) -> str:
    """Why the session is in the plan ("weak topic, ~4 exam questions"), in the student's
    language; the stored English sentence when the reason has no template."""
    code = str(session.reason_data.get("code", ""))
    if not code or not template_exists(f"reasons/{code}", "en"):
        return session.reason
    # Every view of a session names its topic in the line itself: the reason does not repeat it.
    params = session.reason_data.get("params", {})
    return curriculum.reason_text(pack, code, params, locale, titled=True)


def mock_label(session: StudySession, pack: Pack) -> dict[str, Any] | None:
    """What kind of mock exam a session is, for its line: a weekly mini mock (a short practice
    of about 45 minutes) is never shown as the full exam; a full one names its exam part where
    the exam has several (TYT, AYT) and says when it was shortened to fit the day."""
    if session.kind != "mock_exam":
        return None
    code = str(session.reason_data.get("code", ""))
    params = session.reason_data.get("params", {})
    part = str(params.get("part_id") or "")
    full = params.get("full_minutes")
    return {
        "mini": code == "mini_mock",
        "part": part.upper() if part and len(pack.exam.sessions) > 1 else "",
        "full_minutes": int(full) if full and int(full) > session.minutes else None,
    }


def describe(session: StudySession, pack: Pack, locale: str) -> dict[str, Any]:
    """The fields templates use to show a session."""
    return {
        "id": session.id,
        "date": session.date,
        "time": session.start.strftime("%H:%M") if session.start else "",
        "minutes": session.minutes,
        "spent": session.minutes_spent or 0,
        "kind": session.kind,
        "status": session.status.value,
        "subject": subject_name(pack, session.subject_id, locale),
        "topic": topic_name(pack, session.topic_id, locale),
        "lesson": lesson_title(pack, session.lesson_id, locale),
        "reason": reason_text(session, locale, pack),
        "part": session.reason_data.get("part", 1),
        "parts": session.reason_data.get("parts", 1),
        "mock": mock_label(session, pack),
    }


def next_steps(turn: Turn) -> list[list[Choice]]:
    """The buttons after an answer that ends something (a plan accepted, a session gone):
    today's sessions and the week, so a student never has to remember a command."""
    return [
        [
            turn.button("menu_today", MENU["today"].payload()),
            turn.button("menu_week", MENU["week"].payload()),
        ]
    ]
