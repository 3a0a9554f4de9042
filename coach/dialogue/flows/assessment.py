"""The initial assessment: a few adaptive questions per subject of the student's track.

Each subject starts at average difficulty; a right answer makes the next question harder, a
wrong one easier; two questions per subject, a third when the two disagree. "I don't know" and
"skip this subject" are always offered. Telegram shows native quiz polls (answers arrive as
poll answers); other channels show the options as buttons. The result is a mastery estimate per
topic, stored, and a short summary of strengths and weak topics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from coach.actions import ASSESSMENT_ANSWER, ASSESSMENT_IDK, ASSESSMENT_SKIP_SUBJECT
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.questions import show_feedback, show_question, typed_option
from coach.dialogue.turn import Turn
from coach.domain import AssessmentResult, Profile
from coach.learning import assessment as scoring
from coach.learning.quizzes import AssessedQuestion, SaveAssessment, save_assessment
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases
from content import Pack, Question

FLOW = "assessment"
PREFIX = "as"
NextStep = Callable[[Turn], Awaitable[None]]


class AssessmentFlow:
    """Runs the assessment and stores what it learned."""

    name = FLOW

    def __init__(self, catalog: Catalog, plans: PlanUseCases, after: NextStep) -> None:
        self._catalog = catalog
        self._plans = plans
        self._after = after

    async def _profile(self, turn: Turn) -> Profile:
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        if profile is None:
            raise LookupError("assessment needs a profile")
        return profile

    # ------------------------------------------------------------------ entry points
    async def begin(self, turn: Turn) -> None:
        """Introduce the assessment and ask the first question."""
        profile = await self._profile(turn)
        pack = self._catalog.pack(profile.pack_id)
        subjects = [
            s.id for s in pack.subjects_for_track(profile.track) if pack.questions_of_subject(s.id)
        ]
        turn.goto(
            FLOW,
            "question",
            {"subjects": subjects, "si": 0, "answers": [], "asked": [], "n": 0, "current": None},
        )
        turn.say("assessment/intro", subjects=len(subjects))
        await self._next(turn, pack)

    async def prompt(self, turn: Turn) -> None:
        """Show the current question again."""
        profile = await self._profile(turn)
        pack = self._catalog.pack(profile.pack_id)
        current = turn.data.get("current")
        if current is None or current not in pack.questions_by_id:
            await self._next(turn, pack)
            return
        self._show(turn, pack, pack.questions_by_id[current])

    async def on_text(self, turn: Turn, text: str) -> bool:
        """A typed letter (A–E) answers a button question."""
        option = typed_option(text)
        if option is None:
            return False
        await self._answer(turn, turn.data.get("n", 0), option)
        return True

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer, "I don't know" and "skip this subject", while the assessment runs."""
        buttons.on(ASSESSMENT_ANSWER, self.option_button, flow=FLOW)
        buttons.on(ASSESSMENT_IDK, self.dont_know, flow=FLOW)
        buttons.on(ASSESSMENT_SKIP_SUBJECT, self.skip_subject, flow=FLOW)

    async def _current(self, turn: Turn, payload: Payload) -> int | None:
        """The question number the button is for, when it is the current one."""
        number = payload.int_arg(0)
        if number is None or number != turn.data.get("n"):
            turn.say("assessment/old_question")
            await self.prompt(turn)
            return None
        return number

    async def option_button(self, turn: Turn, payload: Payload) -> None:
        """An option button."""
        if (number := await self._current(turn, payload)) is not None:
            await self._answer(turn, number, payload.int_arg(1))

    async def dont_know(self, turn: Turn, payload: Payload) -> None:
        """ "I don't know"."""
        if (number := await self._current(turn, payload)) is not None:
            await self._answer(turn, number, None)

    async def skip_subject(self, turn: Turn, payload: Payload) -> None:
        """Skip the rest of this subject."""
        if await self._current(turn, payload) is not None:
            await self._skip_subject(turn)

    async def on_answer(self, turn: Turn, question_key: str, option: int | None) -> None:
        """A native quiz poll was answered."""
        number = question_key.removeprefix(f"{PREFIX}:")
        if not number.isdigit() or int(number) != turn.data.get("n"):
            turn.say("assessment/old_question")
            return
        await self._answer(turn, int(number), option, native=True)

    # ------------------------------------------------------------------ questions
    async def _next(self, turn: Turn, pack: Pack) -> None:
        data = turn.data
        subjects: list[str] = data["subjects"]
        while data["si"] < len(subjects):
            subject_id = subjects[data["si"]]
            answers = [a for a in _answers(data) if a.subject_id == subject_id]
            if scoring.needs_another_question(answers):
                question = self._pick(turn, pack, subject_id, answers, data["asked"])
                if question is not None:
                    turn.update(
                        current=question.id, n=data["n"] + 1, asked=[*data["asked"], question.id]
                    )
                    self._show(turn, pack, question)
                    return
            data["si"] += 1
            turn.update(si=data["si"])
        await self._finish(turn, pack)

    def _pick(
        self,
        turn: Turn,
        pack: Pack,
        subject_id: str,
        answers: list[scoring.Answer],
        asked: Sequence[str],
    ) -> Question | None:
        target = 3
        if answers:
            last = answers[-1]
            target = scoring.next_difficulty(last.difficulty, last.correct)
        candidates = [q for q in pack.questions_of_subject(subject_id) if q.id not in asked]
        if not candidates:
            return None

        def rank(question: Question) -> tuple[int, float, str]:
            # Closest difficulty first, then heavier topics, then a per-student shuffle.
            weight = pack.topics_by_id[question.topic].expected_questions
            salt = hashlib.sha256(f"{turn.user.id}:{question.id}".encode()).hexdigest()
            return abs(question.difficulty - target), -weight, salt

        return min(candidates, key=rank)

    def _show(self, turn: Turn, pack: Pack, question: Question) -> None:
        data = turn.data
        number = data["n"]
        subject = pack.subjects_by_id[pack.topics_by_id[question.topic].subject_id]
        header = turn.text(
            "assessment/question_header",
            subject=subject.name if turn.locale == "tr" else (subject.name_en or subject.name),
            index=data["si"] + 1,
            total=len(data["subjects"]),
        )
        skip_row = [
            turn.button("dont_know", ASSESSMENT_IDK.payload(number)),
            turn.button("skip_subject", ASSESSMENT_SKIP_SUBJECT.payload(number)),
        ]
        show_question(
            turn,
            question,
            answer=ASSESSMENT_ANSWER,
            number=number,
            header=header,
            extra=skip_row,
            pack=pack,
        )

    async def _answer(
        self, turn: Turn, number: int, option: int | None, native: bool = False
    ) -> None:
        profile = await self._profile(turn)
        pack = self._catalog.pack(profile.pack_id)
        question = pack.questions_by_id.get(turn.data.get("current") or "")
        if question is None or number != turn.data.get("n"):
            await self.prompt(turn)
            return
        correct = option == question.answer
        skipped = option is None or not 0 <= option < len(question.options)
        topic = pack.topics_by_id[question.topic]
        record = [topic.subject_id, topic.id, question.difficulty, correct, skipped, question.id]
        turn.update(answers=[*turn.data["answers"], record], current=None)
        if not native:
            show_feedback(turn, question, None if skipped else option)
        await self._next(turn, pack)

    async def _skip_subject(self, turn: Turn) -> None:
        profile = await self._profile(turn)
        turn.update(si=turn.data["si"] + 1, current=None)
        turn.say("assessment/subject_skipped")
        await self._next(turn, self._catalog.pack(profile.pack_id))

    # ------------------------------------------------------------------ result
    async def _finish(self, turn: Turn, pack: Pack) -> None:
        profile = await self._profile(turn)
        answers = _answers(turn.data)
        topics = {t.id: (t.subject_id, t.difficulty) for t in pack.topics_for_track(profile.track)}
        mastery = scoring.topic_mastery(topics, answers)
        results = [
            AssessmentResult(
                turn.user.id,
                pack.id,
                subject_id,
                None,
                asked,
                correct,
                skipped,
                round(
                    sum(m for t, m in mastery.items() if topics[t][0] == subject_id)
                    / max(1, sum(1 for t in topics if topics[t][0] == subject_id)),
                    3,
                ),
                turn.now,
            )
            for subject_id, (asked, correct, skipped) in scoring.subject_scores(answers).items()
        ]
        await turn.run(
            save_assessment,
            SaveAssessment(turn.user.id, pack.id, mastery, results, _answered(turn.data)),
        )
        self._summary(turn, pack, profile, mastery, results)
        await self._after(turn)

    def _summary(
        self,
        turn: Turn,
        pack: Pack,
        profile: Profile,
        mastery: dict[str, float],
        results: list[AssessmentResult],
    ) -> None:
        def name(subject_id: str) -> str:
            subject = pack.subjects_by_id[subject_id]
            return subject.name if turn.locale == "tr" else (subject.name_en or subject.name)

        def topic_name(topic_id: str) -> str:
            topic = pack.topics_by_id[topic_id]
            return topic.name if turn.locale == "tr" else (topic.name_en or topic.name)

        ranked = sorted(results, key=lambda r: (-r.correct / max(1, r.asked), r.subject_id))
        strong = [name(r.subject_id) for r in ranked if r.correct / max(1, r.asked) >= 0.67][:3]
        weak_topics = sorted(
            mastery, key=lambda t: (-(1 - mastery[t]) * pack.topic_weight(t, profile.track), t)
        )[:5]
        turn.say(
            "assessment/summary",
            strong=strong,
            weak=[topic_name(t) for t in weak_topics],
            correct=sum(r.correct for r in results),
            asked=sum(r.asked for r in results),
        )


def _answers(data: Mapping[str, Any]) -> list[scoring.Answer]:
    raw = data.get("answers") or []
    return [scoring.Answer(s, t, int(d), bool(c), bool(k)) for s, t, d, c, k, *_ in raw]


def _answered(data: Mapping[str, Any]) -> list[AssessedQuestion]:
    """The answers with their question (states saved before refs were kept have none)."""
    raw = data.get("answers") or []
    return [
        AssessedQuestion(str(row[1]), str(row[5]), int(row[2]), bool(row[3]), bool(row[4]))
        for row in raw
        if len(row) > 5
    ]
