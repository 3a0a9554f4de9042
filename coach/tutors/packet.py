"""The hand-off packet: what the assigned tutor reads before joining — the student's first
name, exam, track and days to the exam, the topic and why the coach escalated, mastery of the
topic and its prerequisites, the last wrong answers with their questions, this week's plan
adherence, the latest mock, the student's own words and the AI tutor conversation on the topic.

Nothing in it reaches the student's contact details or platform accounts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from coach.core.uow import UnitOfWork
from coach.dialogue.present import topic_name
from coach.domain import SessionStatus
from coach.packs.catalog import Catalog
from coach.tutors.model import Escalation, Packet

WRONG_SHOWN = 3
AI_LINES_SHOWN = 6


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


async def build_packet(
    uow: UnitOfWork, catalog: Catalog, escalation: Escalation, now: datetime, locale: str
) -> Packet:
    """Read the student's state for the tutor (in the tutor's language)."""
    student_id, pack_id, topic_id = escalation.student_id, escalation.pack_id, escalation.topic_id
    user = await uow.users.get(student_id)
    profile = await uow.profiles.get(student_id)
    pack = catalog.packs.get(pack_id)
    name = ((user.display_name or "").split() or ["?"])[0][:32] if user else "?"
    today = now.astimezone(ZoneInfo(user.timezone if user else "UTC")).date()
    mastery = await uow.progress.mastery(student_id, pack_id)
    topic = pack.topics_by_id.get(topic_id) if pack else None
    prerequisites = tuple(
        (topic_name(pack, p, locale) if pack else p, _percent(mastery.get(p)))
        for p in (topic.prerequisites if topic else ())
    )
    attempts = await uow.learning.attempts(student_id, pack_id, topic_id)
    questions = pack.questions_by_id if pack else {}
    wrong: list[tuple[str, str]] = []
    for attempt in reversed(attempts):
        if attempt.correct or len(wrong) >= WRONG_SHOWN:
            continue
        question = questions.get(attempt.question_ref)
        stem = question.stem if question else attempt.question_ref
        answer = (question.correct_option or "") if question else ""
        wrong.append((stem[:300], "—" if attempt.skipped else answer[:120]))
    adherence = (0, 0)
    plan = await uow.plans.active_for(student_id)
    if plan is not None:
        monday = today - timedelta(days=today.weekday())
        week = await uow.plans.sessions(plan.id, monday, monday + timedelta(days=6))
        done = sum(1 for s in week if s.status is SessionStatus.DONE)
        adherence = (done, len(week))
    mocks = await uow.learning.mocks(student_id, pack_id)
    zone = ZoneInfo(user.timezone if user else "UTC")
    latest = (mocks[-1].net, mocks[-1].taken_on.astimezone(zone).date()) if mocks else None
    ai_lines: tuple[tuple[str, str], ...] = ()
    conversations = await uow.aitutor.for_topic(student_id, topic_id, 1)
    if conversations:
        lines = conversations[0].lines[-AI_LINES_SHOWN:]
        ai_lines = tuple((line.role, line.text[:200]) for line in lines)
    return Packet(
        student_name=name,
        exam=pack.name if pack else pack_id,
        track=profile.track if profile else "",
        days_to_exam=(profile.exam_date - today).days if profile else None,
        topic=topic_name(pack, topic_id, locale) if pack else topic_id,
        reason=escalation.reason,
        signals=tuple(s for s in escalation.signals if ":" not in s),  # codes, not "subject:x"
        mastery=_percent(mastery.get(topic_id)),
        prerequisites=prerequisites,
        wrong_answers=tuple(wrong),
        adherence=adherence,
        latest_mock=latest,
        student_words=escalation.student_words,
        minor=escalation.minor,
        ai_lines=ai_lines,
    )
