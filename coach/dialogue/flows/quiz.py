"""/quiz [topic]: a short practice quiz from the bank and the generators.

Three questions near the student's level on one topic; a right answer makes the next one harder.
The result moves the topic's mastery and, below 60%, offers help with the topic.
"""

from __future__ import annotations

import hashlib
from typing import Any

from coach.catalog import Catalog
from coach.dialogue.payloads import Payload, make
from coach.dialogue.questions import (
    generated_ref,
    question_by_ref,
    show_feedback,
    show_question,
    typed_option,
)
from coach.dialogue.topics import current_topic, find_topic
from coach.dialogue.turn import Turn
from coach.domain import TopicMastery
from content import Pack, Topic

FLOW = "quiz"
PREFIX = "qz"
LENGTH = 3
PASS = 0.6
LEARNING_RATE = 0.3


class QuizFlow:
    """A few questions on one topic, then the score."""

    name = FLOW
    payload_prefix = PREFIX

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    async def _pack(self, turn: Turn) -> Pack | None:
        profile = await turn.uow.profiles.get(turn.user.id)
        return self._catalog.pack(profile.pack_id) if profile else None

    async def start(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Command handler: pick the topic and ask the first question."""
        pack = await self._pack(turn)
        if pack is None:
            turn.say("common/setup_first")
            return
        plan = await turn.uow.plans.active_for(turn.user.id)
        mastery = await turn.uow.progress.mastery(turn.user.id, pack.id)
        topic = find_topic(pack, " ".join(args)) if args else None
        if args and topic is None:
            turn.say("quiz/unknown_topic", text=" ".join(args)[:60])
        topic = topic or await current_topic(turn, pack, plan, mastery)
        refs = self._questions(turn, pack, topic) if topic else []
        if topic is None or not refs:
            turn.say("quiz/no_questions")
            return
        turn.goto(FLOW, "question", {"topic": topic.id, "refs": refs, "n": 1, "results": []})
        turn.say(
            "quiz/intro",
            topic=topic.name if turn.locale == "tr" else topic.name_en or topic.name,
            count=len(refs),
        )
        await self.prompt(turn)

    async def begin(self, turn: Turn) -> None:
        """Start a quiz on the current topic."""
        await self.start(turn, ())

    def _questions(self, turn: Turn, pack: Pack, topic: Topic) -> list[str]:
        def salt(ref: str) -> str:
            return hashlib.sha256(f"{turn.user.id}:{turn.today()}:{ref}".encode()).hexdigest()

        bank = sorted(pack.questions_of(topic.id), key=lambda q: (q.difficulty, salt(q.id)))
        refs = [q.id for q in bank][:LENGTH]
        generators = [g for g in pack.generators if g.topic == topic.id]
        seed = int(salt("seed")[:8], 16)
        while len(refs) < LENGTH and generators:
            spec = generators[len(refs) % len(generators)]
            refs.append(generated_ref(spec.id, seed + len(refs)))
        return refs

    async def prompt(self, turn: Turn) -> None:
        """Show the current question."""
        pack = await self._pack(turn)
        data: dict[str, Any] = turn.data
        index = len(data.get("results", []))
        refs = data.get("refs", [])
        question = question_by_ref(pack, refs[index]) if pack and index < len(refs) else None
        if question is None:
            turn.idle()
            turn.say("quiz/no_questions")
            return
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
        results = [*data["results"], option == question.answer]
        turn.update(results=results, n=number + 1)
        if len(results) < len(data["refs"]):
            await self.prompt(turn)
            return
        await self._finish(turn, pack, data["topic"], results)

    async def _finish(self, turn: Turn, pack: Pack, topic_id: str, results: list[bool]) -> None:
        score = sum(results) / len(results)
        mastery = await turn.uow.progress.mastery(turn.user.id, pack.id)
        before = mastery.get(topic_id, 0.3)
        after = round(before + LEARNING_RATE * (score - before), 3)
        await turn.uow.progress.set_mastery(
            [TopicMastery(turn.user.id, pack.id, topic_id, after, turn.now)]
        )
        turn.idle()
        help_row = [] if score >= PASS else [[turn.button("menu_stuck", make("m", "stuck"))]]
        turn.say(
            "quiz/result",
            help_row,
            correct=sum(results),
            total=len(results),
            passed=score >= PASS,
            up=after > before,
        )
