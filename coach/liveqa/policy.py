"""Pure rules of live Q&A sessions: checking a new session, who is invited, and the pushes
(an invitation, a reminder to those who said they would come)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.actions import QA_ASK, QA_GOING, QA_QUESTIONS
from coach.aitutor.text import mask_contacts
from coach.liveqa.model import MAX_QUESTION, MAX_TITLE, FocusSignals, QaSession
from coach.notifications.controls import is_paused, local_date, opted_out, schedule, zone
from coach.notifications.model import ChoiceSpec, Notification, NotificationKind, Recipient
from coach.peers.model import clean_pseudonym


@dataclass(frozen=True, slots=True)
class QaPolicy:
    """House rules of sessions."""

    min_lead: timedelta = timedelta(minutes=30)  # a session starts at least this far ahead
    max_ahead: timedelta = timedelta(days=60)
    min_minutes: int = 15
    max_minutes: int = 180
    reminder_lead: timedelta = timedelta(minutes=30)
    focus_days: int = 14  # plan topics this many days around the session count as focus
    weak_below: float = 0.6


DEFAULT_QA_POLICY = QaPolicy()


def session_problem(
    starts_at: datetime,
    minutes: int,
    title: str,
    now: datetime,
    policy: QaPolicy = DEFAULT_QA_POLICY,
) -> str | None:
    """Why a session cannot be scheduled (a template name under `liveqa/problem/`), or None."""
    if starts_at < now + policy.min_lead:
        return "too_soon"
    if starts_at > now + policy.max_ahead:
        return "too_far"
    if not policy.min_minutes <= minutes <= policy.max_minutes:
        return "length"
    if not title.strip() or len(title) > MAX_TITLE:
        return "title"
    return None


def clean_question(text: str) -> str | None:
    """A typed question made safe to show other students: one paragraph, bounded, no
    contact details (a question that is only a contact detail is refused)."""
    cleaned = " ".join(mask_contacts(text).split())[:MAX_QUESTION]
    return cleaned if len(cleaned.replace("***", "").strip()) >= 5 else None


def host_name(text: str) -> str | None:
    """The name a host is shown by: the same rules as a student's pseudonym."""
    return clean_pseudonym(text)


def session_topics(subject_topics: frozenset[str], session: QaSession) -> frozenset[str]:
    """The topics a session is about: its topic, else every topic of its subject."""
    return frozenset({session.topic_id}) if session.topic_id else subject_topics


def is_invited(signals: FocusSignals, topics: frozenset[str]) -> bool:
    """A student is invited when a planned or weak topic of theirs is one of the session's."""
    return bool((signals.planned | signals.weak) & topics)


def _context(session: QaSession, tz_name: str, names: Mapping[str, str]) -> dict[str, object]:
    local = session.starts_at.astimezone(zone(tz_name))
    return {
        "session_id": session.id,
        "title": session.title,
        "host": session.host_name,
        "subject": names.get(session.subject_id, session.subject_id),
        "topic": names.get(session.topic_id or "", ""),
        "date": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "minutes": session.minutes,
    }


def invitation(
    recipient: Recipient, session: QaSession, names: Mapping[str, str], now: datetime
) -> Notification | None:
    """The invitation of one student, with "I'll come" and the questions; None when they
    opted out of live Q&A pushes or paused."""
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    if is_paused(user, local_date(now, tz)) or opted_out(profile, NotificationKind.LIVE_QA):
        return None
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.LIVE_QA,
        template="notify/liveqa_invite",
        dedupe_key=f"liveqa:invite:{session.id}:{user.id}",
        due_at=now,
        local_date=local_date(now, tz),
        address=recipient.address,
        locale=user.locale,
        context=_context(session, user.timezone, names),
        choices=(
            (
                ChoiceSpec("notify/buttons/liveqa_going", QA_GOING.payload(session.id)),
                ChoiceSpec("notify/buttons/liveqa_questions", QA_QUESTIONS.payload(session.id)),
            ),
            (ChoiceSpec("notify/buttons/liveqa_ask", QA_ASK.payload(session.id)),),
        ),
        expires_at=session.starts_at,
    )
    return schedule(item, profile, tz, now)


def reminder(
    recipient: Recipient,
    session: QaSession,
    names: Mapping[str, str],
    now: datetime,
    policy: QaPolicy = DEFAULT_QA_POLICY,
) -> Notification | None:
    """The reminder of a student who said they would come, shortly before the start."""
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    if now >= session.starts_at or opted_out(profile, NotificationKind.LIVE_QA):
        return None
    due = max(now, session.starts_at - policy.reminder_lead)
    item = Notification(
        user_id=user.id,
        kind=NotificationKind.LIVE_QA,
        template="notify/liveqa_reminder",
        dedupe_key=f"liveqa:remind:{session.id}:{user.id}",
        due_at=due,
        local_date=local_date(due, tz),
        address=recipient.address,
        locale=user.locale,
        context=_context(session, user.timezone, names),
        choices=(
            (ChoiceSpec("notify/buttons/liveqa_questions", QA_QUESTIONS.payload(session.id)),),
        ),
        expires_at=session.starts_at,
        solicited=True,  # the student asked for it by saying they would come
    )
    return schedule(item, profile, tz, now)
