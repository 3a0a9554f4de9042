"""Quizzes: on demand (`/quiz [topic]`), after a module or as a review (a planned session),
as a placement test (`/placement topic`) and as easier practice after a struggle.

3-5 questions from the bank and the generators (Telegram quiz polls, buttons elsewhere);
every answer is stored with its response time. When the quiz ends `LearningService` updates
mastery (BKT) and the topic's review card (FSRS) and decides whether to adapt; this flow shows
the Khan-style level, what was decided and why, resources when the quiz went badly, the tutor
offer at a third strike, and a re-plan proposal (Accept / Keep my plan) when the plan should
change.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from coach.dialogue.adaptive_views import show_outcome
from coach.dialogue.payloads import Payload, make
from coach.dialogue.present import topic_name
from coach.dialogue.questions import (
    generated_ref,
    question_by_ref,
    show_feedback,
    show_question,
    typed_option,
)
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn
from coach.domain import SessionStatus, StudySession
from coach.learning.records import QuizKind
from coach.learning.service import Answer, LearningService
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService
from content import Pack, Question, Topic

FLOW = "quiz"
PREFIX = "qz"
START_PREFIX = "qs"
LENGTH = {
    QuizKind.ON_DEMAND: 3,
    QuizKind.MODULE: 4,
    QuizKind.REVIEW: 3,
    QuizKind.PLACEMENT: 5,
    QuizKind.EASIER: 3,
}
GENERATED_DRAWS = 6  # seeds tried per generator when easier questions are wanted


class QuizFlow:
    """A few questions on one topic, then the score and what the coach makes of it."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(
        self, catalog: Catalog, learning: LearningService, planning: PlanningService
    ) -> None:
        self._catalog = catalog
        self._learning = learning
        self._planning = planning

    async def _pack(self, turn: Turn) -> Pack | None:
        profile = await turn.uow.profiles.get(turn.user.id)
        return self._catalog.pack(profile.pack_id) if profile else None

    # ------------------------------------------------------------------ entry points
    async def start(self, turn: Turn, args: tuple[str, ...]) -> None:
        """/quiz [topic]: the named topic, else the current one."""
        await self._start_named(turn, args, QuizKind.ON_DEMAND)

    async def placement(self, turn: Turn, args: tuple[str, ...]) -> None:
        """/placement topic: five harder questions; 80% or more tests the student out."""
        if not args:
            turn.say("adaptive/placement_which")
            return
        await self._start_named(turn, args, QuizKind.PLACEMENT)

    async def begin(self, turn: Turn) -> None:
        """Start a quiz on the current topic."""
        await self.start(turn, ())

    async def _start_named(self, turn: Turn, args: tuple[str, ...], kind: QuizKind) -> None:
        pack = await self._pack(turn)
        if pack is None:
            turn.say("common/setup_first")
            return
        topic = find_topic(pack, " ".join(args)) if args else None
        if args and topic is None:
            turn.say("quiz/unknown_topic", text=" ".join(args)[:60])
            if kind is QuizKind.PLACEMENT:
                return
        if topic is None:
            plan = await turn.uow.plans.active_for(turn.user.id)
            mastery = await turn.uow.progress.mastery(turn.user.id, pack.id)
            topic = await current_topic(turn, pack, plan, mastery)
        await self.run(turn, pack, topic, kind)

    async def start_session(self, turn: Turn, session: StudySession) -> None:
        """A planned quiz or review session was started from /today."""
        pack = await self._pack(turn)
        topic = pack.topics_by_id.get(session.topic_id or "") if pack else None
        kind = QuizKind.REVIEW if session.kind == "review" else QuizKind.MODULE
        if pack is not None:
            await self.run(turn, pack, topic, kind, session_id=session.id)

    async def run(
        self,
        turn: Turn,
        pack: Pack,
        topic: Topic | None,
        kind: QuizKind,
        session_id: int | None = None,
    ) -> None:
        """Ask the first question of a quiz of `kind` on `topic`."""
        refs = self._questions(turn, pack, topic, kind) if topic else []
        if topic is None or not refs:
            turn.say("quiz/no_questions")
            return
        quiz_ref = f"{turn.user.id}-{int(turn.now.timestamp())}"
        turn.goto(
            FLOW,
            "question",
            {
                "topic": topic.id,
                "kind": kind.value,
                "refs": refs,
                "n": 1,
                "results": [],
                "quiz_ref": quiz_ref,
                "session": session_id,
                "asked_at": turn.now.isoformat(),
            },
        )
        # On-demand quizzes keep the original intro template (channels' tests rely on it).
        intro = "quiz/intro" if kind is QuizKind.ON_DEMAND else f"adaptive/intro_{kind.value}"
        turn.say(
            intro,
            topic=topic_name(pack, topic.id, turn.locale),
            count=len(refs),
        )
        await self.prompt(turn)

    def _questions(self, turn: Turn, pack: Pack, topic: Topic, kind: QuizKind) -> list[str]:
        """Bank questions near the right difficulty, then generated ones to reach the length."""

        def salt(ref: str) -> str:
            text = f"{turn.user.id}:{turn.now.isoformat()}:{ref}"
            return hashlib.sha256(text.encode()).hexdigest()

        length = LENGTH[kind]
        hardest_first = kind is QuizKind.PLACEMENT
        bank = sorted(
            pack.questions_of(topic.id),
            key=lambda q: (-q.difficulty if hardest_first else q.difficulty, salt(q.id)),
        )
        refs = [q.id for q in bank][:length]
        generators = pack.generators_of(topic.id)
        seed = int(salt("seed")[:8], 16)
        candidates: list[tuple[int, str]] = []
        for spec in generators:
            draws = GENERATED_DRAWS if kind is QuizKind.EASIER else 1
            for draw in range(draws):
                ref = generated_ref(spec.id, seed + 97 * len(candidates) + draw)
                question = question_by_ref(pack, ref)
                if question is not None:
                    candidates.append((question.difficulty, ref))
        if kind is QuizKind.EASIER:
            # Easier practice: generated questions first, the easiest of several draws.
            candidates.sort()
            refs = [ref for _, ref in candidates][:length] + refs
        else:
            refs += [ref for _, ref in candidates]
        return list(dict.fromkeys(refs))[:length]

    # ------------------------------------------------------------------ questions and answers
    async def prompt(self, turn: Turn) -> None:
        """Show the current question (its clock starts now)."""
        pack = await self._pack(turn)
        data: dict[str, Any] = turn.data
        index = len(data.get("results", []))
        refs = data.get("refs", [])
        question = question_by_ref(pack, refs[index]) if pack and index < len(refs) else None
        if question is None:
            turn.idle()
            turn.say("quiz/no_questions")
            return
        turn.update(asked_at=turn.now.isoformat())
        header = turn.text("quiz/header", index=index + 1, total=len(refs))
        show_question(
            turn,
            question,
            prefix=PREFIX,
            number=data["n"],
            header=header,
            extra=[turn.button("dont_know", make(PREFIX, "idk", data["n"]))],
        )

    async def on_text(self, turn: Turn, text: str) -> bool:
        """A typed letter answers."""
        option = typed_option(text)
        if option is None:
            return False
        await self._answer(turn, turn.data.get("n", 0), option, native=False)
        return True

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """An option button or "I don't know"."""
        number = payload.int_arg(0)
        if number is None or number != turn.data.get("n"):
            turn.say("assessment/old_question")
            await self.prompt(turn)
            return
        option = payload.int_arg(1) if payload.action == "a" else None
        await self._answer(turn, number, option, native=False)

    async def on_answer(self, turn: Turn, question_key: str, option: int | None) -> None:
        """A quiz poll answer."""
        number = question_key.removeprefix(f"{PREFIX}:")
        if not number.isdigit() or int(number) != turn.data.get("n"):
            turn.say("assessment/old_question")
            return
        await self._answer(turn, int(number), option, native=True)

    def _response_ms(self, turn: Turn) -> int | None:
        asked = turn.data.get("asked_at")
        try:
            started = datetime.fromisoformat(str(asked))
        except ValueError:
            return None
        elapsed = (turn.now - started).total_seconds()
        # Over an hour is a student who walked away, not a response time.
        return int(elapsed * 1000) if 0 <= elapsed <= 3600 else None

    async def _answer(self, turn: Turn, number: int, option: int | None, native: bool) -> None:
        pack = await self._pack(turn)
        data: dict[str, Any] = turn.data
        index = len(data["results"])
        question = question_by_ref(pack, data["refs"][index]) if pack else None
        if pack is None or question is None or number != data.get("n"):
            turn.idle()
            return
        if not native:
            show_feedback(turn, question, option)
        result = _result(data["refs"][index], question, option, self._response_ms(turn))
        results = [*data["results"], result]
        turn.update(results=results, n=number + 1)
        if len(results) < len(data["refs"]):
            await self.prompt(turn)
            return
        await self._finish(turn, pack, data, results)

    async def _finish(
        self, turn: Turn, pack: Pack, data: dict[str, Any], results: list[dict[str, Any]]
    ) -> None:
        topic_id = str(data["topic"])
        answers = [
            Answer(r["ref"], int(r["difficulty"]), bool(r["correct"]), bool(r["skipped"]), r["ms"])
            for r in results
        ]
        turn.idle()
        outcome = await self._learning.record_quiz(
            turn.uow,
            turn.user,
            pack,
            topic_id=topic_id,
            kind=str(data.get("kind", QuizKind.ON_DEMAND)),
            quiz_ref=str(data.get("quiz_ref", "")),
            answers=answers,
            now=turn.now,
        )
        await self._settle_session(turn, data.get("session"), results)
        await show_outcome(turn, pack, outcome, str(data.get("kind")), self._planning)

    async def _settle_session(
        self, turn: Turn, session_id: object, results: list[dict[str, Any]]
    ) -> None:
        """A planned quiz or review session is done once its quiz is answered."""
        if not isinstance(session_id, int):
            return
        session = await turn.uow.plans.get_session(session_id)
        if session is None or session.user_id != turn.user.id:
            return
        if session.status is SessionStatus.SCHEDULED:
            seconds = sum((r["ms"] or 0) for r in results) / 1000
            minutes = max(1, round(seconds / 60)) if seconds else session.minutes
            await turn.uow.plans.mark_status(session.id, SessionStatus.DONE, turn.now, minutes)


def _result(ref: str, question: Question, option: int | None, ms: int | None) -> dict[str, Any]:
    return {
        "ref": ref,
        "difficulty": question.difficulty,
        "correct": option == question.answer,
        "skipped": option is None,
        "ms": ms,
    }


class QuizStarter:
    """Buttons that start a quiz: easier practice (`qs:easy:<topic>`), a placement test."""

    payload_prefix = START_PREFIX

    def __init__(self, catalog: Catalog, flow: QuizFlow) -> None:
        self._catalog = catalog
        self._flow = flow

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Start the quiz the button names, on a topic of the student's pack."""
        profile = await turn.uow.profiles.get(turn.user.id)
        pack = self._catalog.pack(profile.pack_id) if profile else None
        topic = pack.topics_by_id.get(payload.arg(0)) if pack else None
        kinds = {"easy": QuizKind.EASIER, "place": QuizKind.PLACEMENT, "go": QuizKind.ON_DEMAND}
        kind = kinds.get(payload.action)
        if pack is None or topic is None or kind is None:
            turn.say("common/stale_button")
            return
        await self._flow.run(turn, pack, topic, kind)
