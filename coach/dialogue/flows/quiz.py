"""Quizzes: on demand (`/quiz [topic]`), after a module or as a review (a planned session),
as a placement test (`/placement topic`) and as easier practice after a struggle.

3-5 questions from the bank and the generators (Telegram quiz polls, buttons elsewhere);
every answer is recorded with its response time. When the quiz ends `finish_quiz` stores the
answers and updates mastery (BKT) and the topic's review card (FSRS); this flow shows the score
and the Khan-style level, and the engine shows what the coach decided in reaction (a faster
pace, a test-out, a struggle, resources, a tutor offer) and the re-plan proposal they ask for.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from coach.actions import QUIZ_ANSWER, QUIZ_EASIER, QUIZ_IDK, QUIZ_PLACEMENT, QUIZ_TOPIC
from coach.aitutor.buttons import explain_button
from coach.buttons import Button, ButtonRegistry, Payload
from coach.dialogue.present import next_steps, topic_name
from coach.dialogue.questions import (
    generated_ref,
    question_by_ref,
    show_feedback,
    show_question,
    typed_option,
)
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn
from coach.domain import StudySession
from coach.events import of_type
from coach.learning.events import DecisionMade
from coach.learning.mastery import khan_level
from coach.learning.quizzes import Answer, AnswerQuestion, FinishQuiz, answer_question, finish_quiz
from coach.learning.records import QuizKind
from coach.learning.selection import PickQuestions, pick_questions
from coach.learning.usecases import InPack, mastery
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases
from content import Pack, Question, Topic

FLOW = "quiz"
PREFIX = "qz"
STARTERS: dict[Button, QuizKind] = {
    QUIZ_EASIER: QuizKind.EASIER,
    QUIZ_PLACEMENT: QuizKind.PLACEMENT,
    QUIZ_TOPIC: QuizKind.ON_DEMAND,
}
LENGTH = {
    QuizKind.ON_DEMAND: 3,
    QuizKind.MODULE: 4,
    QuizKind.REVIEW: 3,
    QuizKind.PLACEMENT: 5,
    QuizKind.EASIER: 3,
}
GENERATED_DRAWS = 4  # seeds drawn per generator, so the picker has levels to choose from


class QuizFlow:
    """A few questions on one topic, then the score and what the coach makes of it."""

    name = FLOW

    def __init__(self, catalog: Catalog, plans: PlanUseCases) -> None:
        self._catalog = catalog
        self._plans = plans

    def register(self, buttons: ButtonRegistry) -> None:
        """Answers while the quiz runs; the buttons that start one work any time."""
        buttons.on(QUIZ_ANSWER, self.option_button, flow=FLOW)
        buttons.on(QUIZ_IDK, self.dont_know, flow=FLOW)
        buttons.on_all(STARTERS, self.start_button)

    async def _pack(self, turn: Turn) -> Pack | None:
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        return self._catalog.pack(profile.pack_id) if profile else None

    async def start_button(self, turn: Turn, payload: Payload) -> None:
        """Easier practice, a placement test or a quiz on the topic the button names."""
        pack = await self._pack(turn)
        topic = pack.topics_by_id.get(payload.arg(0)) if pack else None
        kind = next((k for b, k in STARTERS.items() if b.action == payload.action), None)
        if pack is None or topic is None or kind is None:
            turn.say("common/stale_button")
            return
        await self.run(turn, pack, topic, kind)

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
            plan = await turn.run(self._plans.active, ForStudent(turn.user.id))
            known = await turn.run(mastery, InPack(turn.user.id, pack.id))
            topic = await current_topic(turn, pack, self._plans, plan, known)
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
        refs = await self._questions(turn, pack, topic, kind) if topic else []
        if topic is None or not refs:
            turn.say("quiz/no_questions", next_steps(turn))
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

    async def _questions(self, turn: Turn, pack: Pack, topic: Topic, kind: QuizKind) -> list[str]:
        """The bank's questions on the topic and a few generated ones, of which the picker
        takes those that fit the student's mastery and were not asked in the last week."""
        seed = int(
            hashlib.sha256(f"{turn.user.id}:{turn.now.isoformat()}".encode()).hexdigest()[:8], 16
        )
        candidates = [(q.id, q.difficulty) for q in pack.questions_of(topic.id)]
        for spec in pack.generators_of(topic.id):
            for draw in range(GENERATED_DRAWS):
                ref = generated_ref(spec.id, seed + 97 * len(candidates) + draw)
                question = question_by_ref(pack, ref)
                if question is not None:
                    candidates.append((ref, question.difficulty))
        command = PickQuestions(
            turn.user.id, pack.id, topic.id, kind.value, LENGTH[kind], candidates
        )
        return await turn.run(pick_questions, command)

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
            turn.say("quiz/no_questions", next_steps(turn))
            return
        turn.update(asked_at=turn.now.isoformat())
        header = turn.text("quiz/header", index=index + 1, total=len(refs))
        show_question(
            turn,
            question,
            number=data["n"],
            header=header,
            answer=QUIZ_ANSWER,
            extra=[turn.button("dont_know", QUIZ_IDK.payload(data["n"]))],
            pack=pack,
        )

    async def on_text(self, turn: Turn, text: str) -> bool:
        """A typed letter answers."""
        option = typed_option(text)
        if option is None:
            return False
        await self._answer(turn, turn.data.get("n", 0), option, native=False)
        return True

    async def option_button(self, turn: Turn, payload: Payload) -> None:
        """An option button."""
        await self._button(turn, payload.int_arg(0), payload.int_arg(1))

    async def dont_know(self, turn: Turn, payload: Payload) -> None:
        """ "I don't know"."""
        await self._button(turn, payload.int_arg(0), None)

    async def _button(self, turn: Turn, number: int | None, option: int | None) -> None:
        if number is None or number != turn.data.get("n"):
            turn.say("assessment/old_question")
            await self.prompt(turn)
            return
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
            explain = explain_button(turn, data["refs"][index])
            show_feedback(turn, question, option, [explain] if explain else ())
        result = _result(data["refs"][index], question, option, self._response_ms(turn))
        await turn.run(
            answer_question,
            AnswerQuestion(
                turn.user.id,
                pack.id,
                str(data["topic"]),
                str(data.get("quiz_ref", "")),
                str(data.get("kind", QuizKind.ON_DEMAND)),
                _answer(result),
            ),
        )
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
        kind = str(data.get("kind", QuizKind.ON_DEMAND))
        turn.idle()
        session = data.get("session")
        outcome = await turn.run(
            finish_quiz,
            FinishQuiz(
                turn.user.id,
                pack,
                topic_id,
                kind,
                str(data.get("quiz_ref", "")),
                [_answer(r) for r in results],
                turn.study_day(),
                session if isinstance(session, int) else None,
            ),
        )
        name = topic_name(pack, topic_id, turn.locale)
        missed = [
            choice
            for i, r in enumerate(results, start=1)
            if not r["correct"]
            and (choice := explain_button(turn, r["ref"], "explain_question", number=i))
        ][:3]
        turn.say(
            "adaptive/quiz_result",
            [missed] if missed else [],
            correct=outcome.correct,
            total=outcome.total,
            passed=outcome.share >= 0.6,
            topic=name,
            level=khan_level(outcome.after, confirmed=outcome.confirmed),
            mastery=round(outcome.after * 100),
            up=outcome.after > outcome.before,
        )
        if kind == QuizKind.PLACEMENT and not of_type(turn.recorded, DecisionMade):
            turn.say("adaptive/test_out_failed", topic=name)


def _answer(result: dict[str, Any]) -> Answer:
    return Answer(
        result["ref"],
        int(result["difficulty"]),
        bool(result["correct"]),
        bool(result["skipped"]),
        result["ms"],
    )


def _result(ref: str, question: Question, option: int | None, ms: int | None) -> dict[str, Any]:
    return {
        "ref": ref,
        "difficulty": question.difficulty,
        "correct": option == question.answer,
        "skipped": option is None,
        "ms": ms,
    }
