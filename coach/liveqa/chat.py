"""Live Q&A in the chat: `/qa` lists the coming sessions (I'll come, questions, ask),
`/qa new` lets a tutor schedule one, `/qa done` lets its host mark questions answered and
close it, `/qa past` shows the answered questions of held sessions.

Questions are shown to other students without their author. Typed text is taken only at the
two steps that ask for it (a question; the time and title of a new session).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coach.actions import (
    QA_ANSWERED,
    QA_ASK,
    QA_CLOSE,
    QA_GOING,
    QA_NEW_SUBJECT,
    QA_QUESTIONS,
    QA_UPVOTE,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import subject_name, topic_name
from coach.dialogue.turn import Turn
from coach.liveqa.model import NewSession, QaQuestion, QaSession, QaStatus
from coach.liveqa.usecases import (
    TUTOR_ROLE,
    AskQuestion,
    Attend,
    CloseSession,
    HeldSessions,
    Hosted,
    MarkAnswered,
    ScheduleSession,
    SessionQuestions,
    Upcoming,
    Upvote,
    ask_question,
    attend,
    close_session,
    held_sessions,
    hosted,
    mark_answered,
    schedule_session,
    session_questions,
    upcoming,
    upvote,
)
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases

FLOW = "liveqa"
DEFAULT_MINUTES = 45
_WHEN = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}[:.]\d{2})\s+(.+)$")


class LiveQaChat:
    """The `/qa` command, its buttons and its two typed steps."""

    name = FLOW

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans

    def register(self, buttons: ButtonRegistry) -> None:
        """Buttons of invitations and lists work any time."""
        buttons.on(QA_GOING, self.going)
        buttons.on(QA_QUESTIONS, self.questions)
        buttons.on(QA_ASK, self.ask)
        buttons.on(QA_UPVOTE, self.upvote)
        buttons.on(QA_NEW_SUBJECT, self.new_subject)
        buttons.on(QA_ANSWERED, self.answered)
        buttons.on(QA_CLOSE, self.close)

    # ------------------------------------------------------------------ /qa
    async def command(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/qa`, `/qa new`, `/qa done`, `/qa past`."""
        action = args[0].lower() if args else ""
        if action in ("new", "yeni"):
            await self._new(turn)
        elif action in ("done", "bitir"):
            await self._hosted(turn)
        elif action in ("past", "gecmis", "geçmiş"):
            await self._past(turn)
        else:
            await self._list(turn)

    async def _pack_id(self, turn: Turn) -> str | None:
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        return profile.pack_id if profile else None

    def _describe(self, turn: Turn, session: QaSession) -> dict[str, Any]:
        pack = self._catalog.packs.get(session.pack_id)
        local = session.starts_at.astimezone(ZoneInfo(turn.user.timezone))
        return {
            "id": session.id,
            "title": session.title,
            "host": session.host_name,
            "subject": subject_name(pack, session.subject_id, turn.locale) if pack else "",
            "topic": topic_name(pack, session.topic_id, turn.locale) if pack else "",
            "day": local.date(),
            "time": f"{local:%H:%M}",
            "minutes": session.minutes,
        }

    async def _list(self, turn: Turn) -> None:
        is_tutor = turn.user.role == TUTOR_ROLE
        pack_id = None if is_tutor else await self._pack_id(turn)
        sessions = await turn.run(upcoming, Upcoming(pack_id, limit=5))
        rows = [
            [
                turn.button("qa_going", QA_GOING.payload(s.id), number=i),
                turn.button("qa_questions", QA_QUESTIONS.payload(s.id), number=i),
                turn.button("qa_ask", QA_ASK.payload(s.id), number=i),
            ]
            for i, s in enumerate(sessions, start=1)
        ]
        turn.say(
            "liveqa/list",
            rows,
            sessions=[self._describe(turn, s) for s in sessions],
            is_tutor=is_tutor,
        )

    # ------------------------------------------------------------------ students
    async def going(self, turn: Turn, payload: Payload) -> None:
        """ "I'll come": a reminder before the start."""
        session = await turn.run(attend, Attend(payload.int_arg(0) or 0, turn.user.id))
        if session is None:
            turn.say("liveqa/over")
            return
        turn.say("liveqa/going", **self._describe(turn, session))

    async def questions(self, turn: Turn, payload: Payload) -> None:
        """The questions collected so far, most upvoted first, each with an upvote button."""
        session, questions = await turn.run(
            session_questions, SessionQuestions(payload.int_arg(0) or 0)
        )
        if session is None:
            turn.say("common/stale_button")
            return
        self._show_questions(turn, session, questions)

    def _show_questions(
        self, turn: Turn, session: QaSession, questions: Sequence[QaQuestion]
    ) -> None:
        shown = list(questions)[:10]
        open_ = session.status is QaStatus.SCHEDULED
        rows = []
        if open_:
            rows = [
                [turn.button("qa_upvote", QA_UPVOTE.payload(q.id), number=i, votes=q.votes)]
                for i, q in enumerate(shown, start=1)
                if q.user_id != turn.user.id
            ]
            rows.append([turn.button("qa_ask", QA_ASK.payload(session.id), number="")])
        turn.say(
            "liveqa/questions",
            rows,
            title=session.title,
            questions=[{"text": q.text, "votes": q.votes, "mine": q.user_id == turn.user.id,
                        "answered": q.answered_at is not None} for q in shown],
        )  # fmt: skip

    async def ask(self, turn: Turn, payload: Payload) -> None:
        """Ask for the question as typed text."""
        session_id = payload.int_arg(0)
        if session_id is None:
            turn.say("common/stale_button")
            return
        turn.goto(FLOW, "ask", {"session": session_id})
        await self.prompt(turn)

    async def upvote(self, turn: Turn, payload: Payload) -> None:
        """Upvote once (a second tap changes nothing)."""
        question = await turn.run(upvote, Upvote(payload.int_arg(0) or 0, turn.user.id))
        if question is None:
            turn.say("liveqa/over")
            return
        turn.say("liveqa/upvoted", votes=question.votes)

    # ------------------------------------------------------------------ tutors
    async def _new(self, turn: Turn) -> None:
        if turn.user.role != TUTOR_ROLE:
            turn.say("liveqa/tutors_only")
            return
        rows = [
            [turn.button("qa_subject", QA_NEW_SUBJECT.payload(pack.id, s.id),
                         subject=subject_name(pack, s.id, turn.locale), pack=pack.name)]
            for pack in self._catalog.packs.values()
            for s in pack.subjects
            if len(QA_NEW_SUBJECT.key) + len(pack.id) + len(s.id) + 2 <= 40
        ]  # fmt: skip
        turn.say("liveqa/new_subject", rows)

    async def new_subject(self, turn: Turn, payload: Payload) -> None:
        """The tutor picked a subject: ask for the time and the title."""
        pack = self._catalog.packs.get(payload.arg(0))
        if (
            turn.user.role != TUTOR_ROLE
            or pack is None
            or payload.arg(1) not in pack.subjects_by_id
        ):
            turn.say("common/stale_button")
            return
        turn.goto(FLOW, "when", {"pack": pack.id, "subject": payload.arg(1)})
        await self.prompt(turn)

    async def _hosted(self, turn: Turn) -> None:
        if turn.user.role != TUTOR_ROLE:
            turn.say("liveqa/tutors_only")
            return
        mine = await turn.run(hosted, Hosted(turn.user.id))
        if not mine:
            turn.say("liveqa/none_hosted")
            return
        for session in mine:
            _, questions = await turn.run(session_questions, SessionQuestions(session.id))
            rows = [
                [turn.button("qa_answered", QA_ANSWERED.payload(q.id), number=i,
                             done=q.answered_at is not None)]
                for i, q in enumerate(questions[:10], start=1)
            ]  # fmt: skip
            rows.append([turn.button("qa_close", QA_CLOSE.payload(session.id))])
            turn.say(
                "liveqa/host_questions",
                rows,
                **self._describe(turn, session),
                questions=[{"text": q.text, "votes": q.votes,
                            "answered": q.answered_at is not None} for q in questions[:10]],
            )  # fmt: skip

    async def answered(self, turn: Turn, payload: Payload) -> None:
        """The host marks a question answered (or unmarks it)."""
        question = await turn.run(
            mark_answered, MarkAnswered(payload.int_arg(0) or 0, turn.user.id)
        )
        if question is None:
            turn.say("common/stale_button")
            return
        turn.say("liveqa/marked", answered=question.answered_at is not None)

    async def close(self, turn: Turn, payload: Payload) -> None:
        """The host closes the session: the answered questions are kept with it."""
        answered = await turn.run(
            close_session, CloseSession(payload.int_arg(0) or 0, turn.user.id)
        )
        if answered is None:
            turn.say("common/stale_button")
            return
        turn.say("liveqa/closed", answered=answered)

    async def _past(self, turn: Turn) -> None:
        pack_id = None if turn.user.role == TUTOR_ROLE else await self._pack_id(turn)
        held = await turn.run(held_sessions, HeldSessions(pack_id))
        turn.say(
            "liveqa/past",
            sessions=[
                {**self._describe(turn, s), "answered": [q.text for q in answered]}
                for s, answered in held
            ],
        )

    # ------------------------------------------------------------------ typed steps
    async def begin(self, turn: Turn) -> None:
        """`/qa` is where this starts."""
        await self._list(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask for the question, or for the time and title of a new session."""
        if turn.state.step == "ask":
            turn.say("liveqa/ask")
        elif turn.state.step == "when":
            example = (turn.local_now() + timedelta(days=3)).strftime("%Y-%m-%d 19:00")
            turn.say("liveqa/when", example=example)
        else:
            turn.idle()

    async def on_text(self, turn: Turn, text: str) -> bool:
        """The typed question, or "2027-03-10 19:00 Title" for a new session."""
        data = turn.data
        if turn.state.step == "ask":
            question = await turn.run(
                ask_question, AskQuestion(int(data.get("session", 0)), turn.user.id, text)
            )
            turn.idle()
            turn.say("liveqa/asked" if question else "liveqa/not_a_question")
            return True
        if turn.state.step == "when":
            return await self._schedule(turn, str(data.get("pack")), str(data.get("subject")), text)
        return False

    async def _schedule(self, turn: Turn, pack_id: str, subject_id: str, text: str) -> bool:
        match = _WHEN.match(text)
        starts = _local(match.group(1), match.group(2), turn.user.timezone) if match else None
        if match is None or starts is None:
            turn.say("liveqa/problem/format")
            await self.prompt(turn)
            return True
        new = NewSession(
            turn.user.id, (turn.user.display_name or "Tutor")[:64], pack_id, subject_id, None,
            match.group(3).strip(), starts, DEFAULT_MINUTES, turn.user.timezone,
        )  # fmt: skip
        result = await turn.run(schedule_session, ScheduleSession(new))
        if result.session is None:
            turn.say(f"liveqa/problem/{result.problem}")
            await self.prompt(turn)
            return True
        turn.idle()
        turn.say("liveqa/scheduled", **self._describe(turn, result.session))
        return True


def _local(day: str, clock: str, timezone: str) -> datetime | None:
    """A local date and time as an aware UTC instant; None when it is not a real moment."""
    try:
        naive = datetime.fromisoformat(f"{day} {clock.replace('.', ':').zfill(5)}")
    except ValueError:
        return None
    return naive.replace(tzinfo=ZoneInfo(timezone))
