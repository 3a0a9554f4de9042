"""Daily use: /today, /week, /plan and /progress — read from the active plan."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from coach.actions import (
    MENU,
    MENU_WEEK_NEXT,
    PREVIEW_ACTIVATE,
    PREVIEW_NEW,
    PROPOSAL_ACCEPT,
    PROPOSAL_KEEP,
    SESSION_DONE,
    SESSION_MOVE,
    SESSION_SKIP,
    SESSION_START,
)
from coach.dialogue.present import describe, next_steps, subject_name
from coach.dialogue.subject_levels import subject_levels
from coach.dialogue.turn import Turn
from coach.domain import SessionStatus, StudySession
from coach.learning.usecases import InPack, mastery
from coach.messages import Choice
from coach.motivation.usecases import MotivationUseCases, PlanStreak
from coach.packs.catalog import Catalog
from coach.plans.figures import calendar_week, study_minutes, week_start
from coach.plans.usecases import ForStudent, PlanUseCases, Sessions, SessionsBetween
from coach.sessions.day import day_at_hand
from coach.sessions.progress import stats
from coach.tutors.calendar import say_booked
from content import Pack

LOOKAHEAD_DAYS = 14  # how far ahead "next up" looks on a free day
SUBJECT_LINES = 8  # /plan's subject lines; the rest is one "other subjects" line


class DailyCommands:
    """Show the student what to do and how it is going."""

    def __init__(
        self,
        catalog: Catalog,
        plans: PlanUseCases,
        *,
        streaks: MotivationUseCases | None = None,
    ) -> None:
        self._catalog = catalog
        self._plans = plans
        self._streaks = streaks  # the streak that follows the plan, as /streak shows it

    async def _sessions(self, turn: Turn, query: SessionsBetween) -> Sessions:
        """The active plan's sessions; without one, say what to do first."""
        found = await turn.run(self._plans.sessions, query)
        if found.plan is None:
            if found.draft is not None:
                activate = PREVIEW_ACTIVATE.payload(found.draft.id)
                turn.say(
                    "daily/draft_waiting",
                    [[turn.button("activate", activate, style="primary")]],
                )
            else:
                turn.say("daily/no_plan", [[turn.button("make_plan", PREVIEW_NEW.payload())]])
        return found

    async def today(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Today's sessions with Start / Done / Skip / Move."""
        first = turn.study_day()
        found = await self._sessions(turn, SessionsBetween(turn.user.id, first, turn.today()))
        if found.plan is None:
            return
        today = day_at_hand(found.sessions, first, turn.today())
        plan, sessions = found.plan, [s for s in found.sessions if s.date == today]
        pack = self._catalog.pack(plan.pack_id)
        if not [s for s in sessions if s.kind != "break"]:
            turn.say(
                "daily/today_free",
                _week_and_quiz(turn),
                is_break=any(s.kind == "break" for s in sessions),
                next=await self._next_up(turn, today, pack),
            )
            await say_booked(turn, self._catalog, today, 1)
            return
        rows = []
        for number, session in enumerate(sessions, start=1):
            if session.status is SessionStatus.SCHEDULED and session.kind != "break":
                rows.append(session_buttons(turn, session, number))
        # Every session done or marked: the day is finished, so say so and what comes next
        # (as on a free day) instead of a list with nothing left to tap.
        finished = not rows
        turn.say(
            "daily/today",
            _week_and_quiz(turn) if finished else rows,
            day=today,
            sessions=[describe(s, pack, turn.locale) for s in sessions],
            total=sum(s.minutes for s in sessions),
            finished=finished,
            next=await self._next_up(turn, today, pack) if finished else None,
        )
        await say_booked(turn, self._catalog, today, 1)  # a tutor booking: its own line

    async def _next_up(self, turn: Turn, today: date, pack: Pack) -> dict[str, Any] | None:
        """The first study session after `today` (within the lookahead), as templates show it."""
        upcoming = await turn.run(
            self._plans.sessions,
            SessionsBetween(
                turn.user.id, today + timedelta(days=1), today + timedelta(days=LOOKAHEAD_DAYS)
            ),
        )
        following = next((s for s in upcoming.sessions if s.kind != "break"), None)
        return describe(following, pack, turn.locale) if following else None

    async def week(self, turn: Turn, args: tuple[str, ...]) -> None:
        """This calendar week, Monday to Sunday, day by day (the days done with their marks);
        the same week and total as the weekly card and /plan."""
        today = turn.study_day()
        following = args[:1] == ("next",)
        monday = week_start(today) + timedelta(days=7 if following else 0)
        found = await self._sessions(
            turn, SessionsBetween(turn.user.id, monday, monday + timedelta(days=6))
        )
        if found.plan is None:
            return
        pack = self._catalog.pack(found.plan.pack_id)
        days = []
        # Days before the plan began hold nothing to show.
        first = max(monday, found.plan.start_date)
        for offset in range((first - monday).days, 7):
            day = monday + timedelta(days=offset)
            on_day = [s for s in found.sessions if s.date == day]
            days.append(
                {
                    "date": day,
                    "sessions": [describe(s, pack, turn.locale) for s in on_day],
                    "minutes": sum(study_minutes(s) for s in on_day),
                }
            )
        # This week and the next are one tap apart (on a Sunday most of this one is past).
        other = (
            turn.button("menu_week", MENU["week"].payload())
            if following
            else turn.button("week_next", MENU_WEEK_NEXT.payload())
        )
        turn.say(
            "daily/week",
            [[turn.button("menu_today", MENU["today"].payload()), other]],
            days=days,
            week=calendar_week(found.sessions, monday),
            following=following,
        )
        if not following:
            await say_booked(turn, self._catalog, today, 7)

    async def plan(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The whole plan at a glance: time left, hours per subject, mocks, what did not fit."""
        # From this week's Monday: "this week" counts its days already past, as the card does.
        since = await self._sessions(
            turn, SessionsBetween(turn.user.id, week_start(turn.study_day()))
        )
        if since.plan is None:
            return
        plan = since.plan
        ahead = [s for s in since.sessions if s.date >= turn.study_day()]
        pack = self._catalog.pack(plan.pack_id)
        # Every minute of the total in one line below it: subjects (lessons, reviews, quizzes),
        # the rest of the subjects past the eighth, and the mocks, so the lines add up.
        per_subject: dict[str, int] = {}
        for session in ahead:
            if session.kind != "mock_exam" and session.subject_id:
                name = subject_name(pack, session.subject_id, turn.locale)
                per_subject[name] = per_subject.get(name, 0) + study_minutes(session)
        mocks = [s for s in ahead if s.kind == "mock_exam"]
        total = sum(study_minutes(s) for s in ahead)
        subjects = sorted(per_subject.items(), key=lambda item: -item[1])
        mock_minutes = sum(s.minutes for s in mocks)
        # A change that needs a re-plan is never left half done: say it waits, with its answer.
        pending = await turn.run(self._plans.pending_proposal, ForStudent(turn.user.id))
        rows = (
            [
                [
                    turn.button("accept", PROPOSAL_ACCEPT.payload(pending.id), "primary"),
                    turn.button("keep", PROPOSAL_KEEP.payload(pending.id)),
                ]
            ]
            if pending is not None
            else next_steps(turn)  # never a dead end: today and the week one tap away
        )
        turn.say(
            "daily/plan",
            rows,
            pending=pending is not None,
            exam_date=plan.exam_date,
            days_left=(plan.exam_date - turn.study_day()).days,
            total=total,
            week=calendar_week(since.sessions, turn.study_day()),
            subjects=subjects[:SUBJECT_LINES],
            other_minutes=total - mock_minutes - sum(m for _, m in subjects[:SUBJECT_LINES]),
            mock_minutes=mock_minutes,
            next_mock=mocks[0].date if mocks else None,
            next_mock_mini=bool(mocks) and mocks[0].reason_data.get("code") == "mini_mock",
            unscheduled=int(plan.summary.get("unscheduled", 0)),
        )

    async def progress(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Done against planned, streak, time studied and mastery per subject."""
        found = await self._sessions(turn, SessionsBetween(turn.user.id, None, turn.study_day()))
        if found.plan is None:
            return
        plan = found.plan
        pack = self._catalog.pack(plan.pack_id)
        totals = stats(found.sessions, turn.study_day())
        if self._streaks is not None:  # one streak count everywhere: the one /streak shows
            command = PlanStreak(turn.user.id, turn.user.timezone, plan.start_date, found.sessions)
            outcome = await turn.run(self._streaks.plan_streak, command)
            totals = dataclasses.replace(totals, streak=outcome.streak.count)
        known = await turn.run(mastery, InPack(turn.user.id, plan.pack_id))
        turn.say(
            "daily/progress",
            next_steps(turn),
            stats=totals,
            subjects=subject_levels(pack, plan.track, known, turn.locale),
        )


def _week_and_quiz(turn: Turn) -> list[list[Choice]]:
    """Never a dead end when nothing is left to do today: the week and a practice quiz."""
    return [
        [
            turn.button("menu_week", MENU["week"].payload()),
            turn.button("menu_quiz", MENU["quiz"].payload()),
        ]
    ]


def session_buttons(turn: Turn, session: StudySession, number: int) -> list[Choice]:
    """Start / Done / Skip / Move for one session (numbered as in the list above)."""
    return [
        turn.button("session_start", SESSION_START.payload(session.id), number=number),
        turn.button("session_done", SESSION_DONE.payload(session.id), number=number),
        turn.button("session_skip", SESSION_SKIP.payload(session.id), number=number),
        turn.button("session_move", SESSION_MOVE.payload(session.id), number=number),
    ]
