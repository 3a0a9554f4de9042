"""Pushes known ahead of time: a reminder before each planned session and the daily check-in.

The sweep asks for the pushes of a few local days (yesterday, today, tomorrow) so that it can
produce tomorrow's in advance, still send what downtime delayed, and record what it made pointless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from coach.domain import SessionStatus, StudySession
from coach.notifications.controls import (
    is_paused,
    local_date,
    local_moment,
    opted_out,
    schedule,
    zone,
)
from coach.notifications.model import (
    DEFAULT_POLICY,
    ChoiceSpec,
    Notification,
    NotificationKind,
    NotifyPolicy,
    Recipient,
)

CHECKIN_PAYLOAD = "checkin:start"
SETTINGS_PAYLOAD = "m:settings"  # the /settings menu (coach.actions.MENU["settings"])
SILENCED_LEAD = timedelta(minutes=30)  # before the quiet hours start
REMINDED_KINDS = frozenset({"lesson", "review", "quiz", "mock_exam"})


@dataclass(frozen=True, slots=True)
class SweepWindow:
    """The local days a sweep covers, and the oldest due time still worth recording."""

    now: datetime
    days_back: int = 1
    days_ahead: int = 1
    catchup: timedelta = timedelta(hours=24)

    def local_days(self, recipient: Recipient) -> list[date]:
        """The student's local days this sweep produces for."""
        today = local_date(self.now, zone(recipient.user.timezone))
        return [today + timedelta(days=d) for d in range(-self.days_back, self.days_ahead + 1)]


def reminder_key(session: StudySession) -> str:
    """The dedupe key of a session's reminder; a session moved to another day gets a new one."""
    return f"reminder:{session.id}:{session.date.isoformat()}"


def checkin_key(user_id: int, day: date) -> str:
    """The dedupe key of a day's check-in."""
    return f"checkin:{user_id}:{day.isoformat()}"


def session_context(session: StudySession, names: Mapping[str, str]) -> dict[str, Any]:
    """What a template needs to describe a session; topic names are in the student's language."""
    topic = names.get(session.topic_id or "", "") or names.get(session.subject_id or "", "")
    return {
        "session_id": session.id,
        "session_kind": session.kind,
        # The weekly mini mock (45 minutes) is not announced as the full exam.
        "mini": session.reason_data.get("code") == "mini_mock",
        "minutes": session.minutes,
        "topic": topic,
        "start": session.start.strftime("%H:%M") if session.start else "",
    }


def reminders(
    recipient: Recipient,
    sessions: Iterable[StudySession],
    window: SweepWindow,
    names: Mapping[str, str] | None = None,
    *,
    days: Iterable[date] | None = None,
) -> list[Notification]:
    """A reminder `reminder_lead_minutes` before each scheduled session of the window's days."""
    user, profile = recipient.user, recipient.profile
    if opted_out(profile, NotificationKind.REMINDER):
        return []
    tz = zone(user.timezone)
    wanted = set(window.local_days(recipient) if days is None else days)
    lead = timedelta(minutes=max(profile.reminder_lead_minutes, 0))
    produced: list[Notification] = []
    for session in sessions:
        if (
            session.date not in wanted
            or session.start is None
            or session.status is not SessionStatus.SCHEDULED
            or session.kind not in REMINDED_KINDS
            or is_paused(user, session.date)
        ):
            continue
        starts_at = local_moment(session.date, session.start, tz)
        due = starts_at - lead
        if due < window.now - window.catchup:
            continue
        item = Notification(
            user_id=user.id,
            kind=NotificationKind.REMINDER,
            template="notify/reminder",
            dedupe_key=reminder_key(session),
            due_at=due,
            local_date=session.date,
            address=recipient.address,
            locale=user.locale,
            context={
                **session_context(session, names or {}),
                "lead": int(lead.total_seconds() // 60),
            },
            expires_at=starts_at,
        )
        produced.append(schedule(item, profile, tz, window.now))
    return produced


def checkin_fit(sessions: Sequence[StudySession], day: date) -> str | None:
    """Which check-in a day of the active plan gets: "study" while a session is still open,
    "rest" on its planned break day, None when there is nothing to ask about.

    None covers a day whose sessions are all settled (the student already checked in or marked
    them) and a day the plan has no row for: before it starts, after the exam, no plan at all —
    such a day is not a rest day, so "I hope today's rest did you good" would be wrong.
    """
    own = [s for s in sessions if s.date == day]
    study = [s for s in own if s.kind != "break" and s.minutes > 0]
    if study:
        return "study" if any(s.status is SessionStatus.SCHEDULED for s in study) else None
    return "rest" if any(s.kind == "break" for s in own) else None


def checkins(
    recipient: Recipient,
    sessions: Sequence[StudySession],
    window: SweepWindow,
    policy: NotifyPolicy = DEFAULT_POLICY,
    *,
    days: Iterable[date] | None = None,
) -> list[Notification]:
    """The daily check-in at the student's chosen time, with a button that opens it; only on
    days that have something to ask about (`checkin_fit`)."""
    user, profile = recipient.user, recipient.profile
    if opted_out(profile, NotificationKind.CHECKIN):
        return []
    tz = zone(user.timezone)
    produced: list[Notification] = []
    told = False
    for day in window.local_days(recipient) if days is None else days:
        fit = checkin_fit(sessions, day)
        if fit is None or is_paused(user, day):
            continue
        due = local_moment(day, profile.checkin_time, tz)
        if due + timedelta(hours=policy.checkin_grace_hours) < window.now:
            continue  # too late to ask how the day went
        item = Notification(
            user_id=user.id,
            kind=NotificationKind.CHECKIN,
            template="notify/checkin",
            dedupe_key=checkin_key(user.id, day),
            due_at=due,
            local_date=day,
            address=recipient.address,
            locale=user.locale,
            context={"rest_day": fit == "rest", "student": user.display_name or ""},
            choices=((ChoiceSpec("notify/buttons/checkin_start", CHECKIN_PAYLOAD),),),
            expires_at=due + timedelta(hours=policy.checkin_grace_hours),
        )
        scheduled = schedule(item, profile, tz, window.now)
        produced.append(scheduled)
        if scheduled.drop_reason == "quiet hours" and not told:
            notice = silenced_checkin(recipient, day, window.now)
            if notice is not None:
                told = True
                produced.append(notice)
    return produced


def silenced_checkin(recipient: Recipient, day: date, now: datetime) -> Notification | None:
    """Told once: a check-in inside the quiet hours waits for their end and is then dropped as
    too late, every day, without a word. Instead the student hears it once, just before the
    quiet hours start that evening, with the check-in button and the way to /settings.

    The dedupe key names the settings, so the same clash is told once and a new one again;
    None when that moment of `day` has passed (the next day's check-in tells it).
    """
    user, profile = recipient.user, recipient.profile
    tz = zone(user.timezone)
    quiet = local_moment(day, profile.quiet_start, tz)
    if quiet > local_moment(day, profile.checkin_time, tz):
        quiet -= timedelta(days=1)  # the quiet hours the check-in falls in began the day before
    at = quiet - SILENCED_LEAD
    if at <= now:
        return None
    setting = f"{profile.checkin_time:%H%M}-{profile.quiet_start:%H%M}-{profile.quiet_end:%H%M}"
    return Notification(
        user_id=user.id,
        kind=NotificationKind.CHECKIN,
        template="notify/checkin_silenced",
        dedupe_key=f"checkin_silenced:{user.id}:{setting}",
        due_at=at,
        local_date=day,
        address=recipient.address,
        locale=user.locale,
        context={
            "checkin": f"{profile.checkin_time:%H:%M}",
            "quiet_start": f"{profile.quiet_start:%H:%M}",
            "quiet_end": f"{profile.quiet_end:%H:%M}",
        },
        choices=(
            (ChoiceSpec("notify/buttons/checkin_start", CHECKIN_PAYLOAD),),
            (ChoiceSpec("notify/buttons/open_settings", SETTINGS_PAYLOAD),),
        ),
        expires_at=quiet,
    )
