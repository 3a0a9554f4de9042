"""Nudges: cheer at milestones, encourage in a slump, each with one small concrete next step.

Evaluated once a day per student (at `NotifyPolicy.nudge_time`), from what the student actually
did. At most one nudge a day, the most helpful first; a nudge's dedupe key names the episode it is
about (the day a streak started, the first missed day), so the same episode is never nudged twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coach.domain import SessionStatus, StudySession
from coach.notifications.controls import is_paused, opted_out, schedule, zone
from coach.notifications.model import (
    DEFAULT_POLICY,
    MockScore,
    Notification,
    NotificationKind,
    NotifyPolicy,
    QuizScore,
    Recipient,
)


@dataclass(frozen=True, slots=True)
class ProgressSignals:
    """What a student did lately; sessions cover about five weeks back and a few days ahead."""

    sessions: Sequence[StudySession] = ()
    plan_start: date | None = None
    quiz_scores: Sequence[QuizScore] = ()  # oldest first
    mock_scores: Sequence[MockScore] = ()  # oldest first
    mastery: Mapping[str, float] = field(default_factory=dict)
    mastery_updated: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NudgeSlot:
    """The day a nudge is for and when it is due (the student's nudge time)."""

    day: date
    due_at: datetime


def _days(sessions: Sequence[StudySession], before: date) -> list[tuple[date, bool]]:
    """(day, kept) for each past day with planned study, newest first; kept = something done."""
    planned: dict[date, bool] = {}
    for session in sessions:
        if session.kind == "break" or session.date >= before:
            continue
        done = session.status is SessionStatus.DONE
        planned[session.date] = planned.get(session.date, False) or done
    return sorted(planned.items(), reverse=True)


def streak(sessions: Sequence[StudySession], today: date) -> tuple[int, date | None]:
    """Consecutive planned days with something done, up to today; and the first day of the run.

    Days without planned study neither count nor break the run, so a rest day keeps a streak.
    Today counts once something is done, and never breaks the run while it is still going.
    """
    days = _days(sessions, today + timedelta(days=1))
    if days and days[0][0] == today and not days[0][1]:
        days = days[1:]
    count, first = 0, None
    for day, kept in days:
        if not kept:
            break
        count, first = count + 1, day
    return count, first


def missed_run(sessions: Sequence[StudySession], today: date) -> tuple[int, date | None]:
    """Consecutive planned days before today with nothing done; and the first of them."""
    count, first = 0, None
    for day, kept in _days(sessions, today):
        if kept:
            break
        count, first = count + 1, day
    return count, first


def _next_topic(sessions: Sequence[StudySession], today: date, names: Mapping[str, str]) -> str:
    upcoming = sorted(
        (s for s in sessions if s.date >= today and s.status is SessionStatus.SCHEDULED),
        key=lambda s: (s.date, s.start is None, s.start),
    )
    for session in upcoming:
        key = session.topic_id or session.subject_id
        if key:
            return names.get(key, key)
    return ""


@dataclass(frozen=True, slots=True)
class NudgeInput:
    """Everything a nudge rule looks at."""

    recipient: Recipient
    signals: ProgressSignals
    slot: NudgeSlot
    names: Mapping[str, str]
    policy: NotifyPolicy

    @property
    def user_id(self) -> int:
        """The student's id."""
        return self.recipient.user.id

    def next_topic(self) -> str:
        """The topic of the student's next scheduled session, for a concrete next step."""
        return _next_topic(self.signals.sessions, self.slot.day, self.names)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A nudge a rule would send."""

    kind: NotificationKind
    template: str
    dedupe_key: str
    context: dict[str, Any]


def missed_days_rule(n: NudgeInput) -> Candidate | None:
    """Two or more planned days in a row with nothing done: offer a ten-minute restart."""
    count, first = missed_run(n.signals.sessions, n.slot.day)
    if count < 2 or first is None:
        return None
    context = {"days": count, "topic": n.next_topic(), "minutes": 10}
    key = f"slump:missed:{n.user_id}:{first.isoformat()}"
    return Candidate(NotificationKind.SLUMP, "notify/slump_missed_days", key, context)


def falling_quizzes_rule(n: NudgeInput) -> Candidate | None:
    """Three quiz scores in a row going down: suggest a few easy questions on the last topic."""
    last = list(n.signals.quiz_scores)[-3:]
    if len(last) < 3 or not (last[0].score > last[1].score > last[2].score):
        return None
    if n.slot.due_at - last[-1].taken_at > timedelta(days=2):
        return None
    topic_id = last[-1].topic_id or ""
    context = {"score": round(last[-1].score * 100), "topic": n.names.get(topic_id, topic_id)}
    key = f"slump:quiz:{n.user_id}:{last[-1].ref}"
    return Candidate(NotificationKind.SLUMP, "notify/slump_quiz_scores", key, context)


def streak_rule(n: NudgeInput) -> Candidate | None:
    """A 30- or 7-day streak (announced within three days of reaching it)."""
    count, first = streak(n.signals.sessions, n.slot.day)
    for goal in (30, 7):
        if first is not None and goal <= count < goal + 3:
            key = f"milestone:streak{goal}:{n.user_id}:{first.isoformat()}"
            context = {"days": count, "goal": goal, "topic": n.next_topic()}
            return Candidate(NotificationKind.MILESTONE, "notify/milestone_streak", key, context)
    return None


def first_week_rule(n: NudgeInput) -> Candidate | None:
    """The first week of the plan is over and something was done in it."""
    start = n.signals.plan_start
    if start is None or not (start + timedelta(days=7) <= n.slot.day <= start + timedelta(days=9)):
        return None
    done = [
        s
        for s in n.signals.sessions
        if start <= s.date < start + timedelta(days=7) and s.status is SessionStatus.DONE
    ]
    if not done:
        return None
    minutes = sum(s.minutes_spent if s.minutes_spent is not None else s.minutes for s in done)
    context = {"sessions": len(done), "minutes": minutes, "topic": n.next_topic()}
    key = f"milestone:first_week:{n.user_id}"
    return Candidate(NotificationKind.MILESTONE, "notify/milestone_first_week", key, context)


def better_mock_rule(n: NudgeInput) -> Candidate | None:
    """The newest mock exam beats every earlier one."""
    mocks = list(n.signals.mock_scores)
    if len(mocks) < 2 or n.slot.due_at - mocks[-1].taken_at > timedelta(days=2):
        return None
    best_before = max(m.score for m in mocks[:-1])
    if mocks[-1].score <= best_before:
        return None
    context = {
        "score": mocks[-1].score,
        "previous": best_before,
        "gain": round(mocks[-1].score - best_before, 2),
        "topic": n.next_topic(),
    }
    key = f"milestone:mock:{n.user_id}:{mocks[-1].ref}"
    return Candidate(NotificationKind.MILESTONE, "notify/milestone_mock_improved", key, context)


def mastered_topic_rule(n: NudgeInput) -> Candidate | None:
    """A topic crossed the mastery threshold in the last day."""
    since = n.slot.due_at - timedelta(days=1)
    fresh = sorted(
        topic
        for topic, value in n.signals.mastery.items()
        if value >= n.policy.mastered_threshold
        and n.signals.mastery_updated.get(topic, since) > since
    )
    if not fresh:
        return None
    topic = fresh[0]
    context = {"topic": n.names.get(topic, topic), "mastery": round(n.signals.mastery[topic] * 100)}
    key = f"milestone:mastered:{n.user_id}:{topic}"
    return Candidate(NotificationKind.MILESTONE, "notify/milestone_topic_mastered", key, context)


# Most helpful first: a slump needs a hand more than a milestone needs a cheer.
RULES: tuple[Callable[[NudgeInput], Candidate | None], ...] = (
    missed_days_rule,
    falling_quizzes_rule,
    streak_rule,
    first_week_rule,
    better_mock_rule,
    mastered_topic_rule,
)


def nudge(
    recipient: Recipient,
    signals: ProgressSignals,
    slot: NudgeSlot,
    names: Mapping[str, str],
    *,
    sent_keys: frozenset[str] = frozenset(),
    policy: NotifyPolicy = DEFAULT_POLICY,
) -> Notification | None:
    """The one nudge for the day, if any; `sent_keys` are episodes already nudged."""
    user, profile = recipient.user, recipient.profile
    if is_paused(user, slot.day):
        return None
    given = NudgeInput(recipient, signals, slot, names, policy)
    for rule in RULES:
        found = rule(given)
        if found is None or found.dedupe_key in sent_keys or opted_out(profile, found.kind):
            continue
        item = Notification(
            user_id=user.id,
            kind=found.kind,
            template=found.template,
            dedupe_key=found.dedupe_key,
            due_at=slot.due_at,
            local_date=slot.day,
            address=recipient.address,
            locale=user.locale,
            context=found.context,
            expires_at=slot.due_at + timedelta(hours=policy.checkin_grace_hours),
        )
        return schedule(item, profile, zone(user.timezone), slot.due_at)
    return None
