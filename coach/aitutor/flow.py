"""The AI tutor in the chat: "Explain it to me" on a failed question or a stuck topic.

The conversation's position is the dialogue state (flow `aitutor`): the conversation id, the
question, the hints given, tries and requests for the answer, and the step of the worked
solution being walked. Every message, the student's and the tutor's, is kept with the
conversation (`coach.aitutor.usecases`), masked of contact details. A quiz interrupted by the
button is resumed where it was when the tutor ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from coach.actions import (
    AI_END,
    AI_EXPLAIN_QUESTION,
    AI_EXPLAIN_TOPIC,
    AI_NEXT_STEP,
    AI_SHOW_SOLUTION,
)
from coach.aitutor.grounding import example_question, ground
from coach.aitutor.model import (
    Grounding,
    MessageKind,
    Move,
    Progress,
    ReplySource,
    Source,
    SourceKind,
    TranscriptLine,
    TutorReply,
)
from coach.aitutor.policy import classify, letter_of, next_move, reaches_answer
from coach.aitutor.tutor import MODEL_MOVES, Ask, SocraticTutor
from coach.aitutor.usecases import (
    ConversationOf,
    EndTutoring,
    KeepLine,
    ModelCallsToday,
    StartTutoring,
    conversation,
    end_tutoring,
    keep_line,
    model_calls_today,
    start_tutoring,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.questions import question_by_ref
from coach.dialogue.turn import Turn
from coach.messages import Choice
from coach.packs.catalog import Catalog
from coach.plans.usecases import ForStudent, PlanUseCases
from content import Pack

FLOW = "aitutor"
RESUMABLE = frozenset({"quiz"})  # flows the tutor returns to when it ends
Resume = Callable[[Turn], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Talk:
    """The state of one tutoring conversation, read from the dialogue data."""

    conversation_id: int
    pack: Pack
    grounding: Grounding
    progress: Progress
    step: int  # -1 until the worked solution is walked


class AiTutorFlow:
    """Ask, hint, bigger hint, then the worked solution step by step."""

    name = FLOW

    def __init__(
        self, catalog: Catalog, plans: PlanUseCases, tutor: SocraticTutor, resume: Resume
    ) -> None:
        self._catalog = catalog
        self._plans = plans
        self._tutor = tutor
        self._resume = resume

    def register(self, buttons: ButtonRegistry) -> None:
        """The explain buttons work any time; the others only inside the conversation."""
        buttons.on(AI_EXPLAIN_QUESTION, self.explain_question)
        buttons.on(AI_EXPLAIN_TOPIC, self.explain_topic)
        buttons.on(AI_SHOW_SOLUTION, self.show_solution, flow=FLOW)
        buttons.on(AI_NEXT_STEP, self.next_step, flow=FLOW)
        buttons.on(AI_END, self.end, flow=FLOW)

    # ------------------------------------------------------------------ opening
    async def _pack(self, turn: Turn) -> Pack | None:
        profile = await turn.run(self._plans.profile, ForStudent(turn.user.id))
        return self._catalog.packs.get(profile.pack_id) if profile else None

    async def explain_question(self, turn: Turn, payload: Payload) -> None:
        """ "Explain it to me" on a question answered wrong."""
        pack = await self._pack(turn)
        ref = payload.arg(0)
        question = question_by_ref(pack, ref) if pack else None
        if pack is None or question is None:
            turn.say("common/stale_button")
            return
        await self._open(turn, pack, ref, "quiz")

    async def explain_topic(self, turn: Turn, payload: Payload) -> None:
        """ "Explain it to me" on a stuck topic: worked through with one of its questions."""
        pack = await self._pack(turn)
        topic = pack.topics_by_id.get(payload.arg(0)) if pack else None
        question = example_question(pack, topic.id) if pack and topic else None
        if pack is None or topic is None:
            turn.say("common/stale_button")
            return
        if question is None:
            turn.say("aitutor/no_example")
            return
        await self._open(turn, pack, question.id, "stuck")

    async def begin(self, turn: Turn) -> None:
        """The tutor starts from a button, never on its own."""
        turn.say("aitutor/how_to_start")

    async def _open(self, turn: Turn, pack: Pack, ref: str, origin: str) -> None:
        question = question_by_ref(pack, ref)
        if question is None:
            turn.say("common/stale_button")
            return
        grounding = ground(pack, question, ref, turn.locale)
        resume = None
        if turn.state.flow in RESUMABLE:
            resume = {"flow": turn.state.flow, "step": turn.state.step, "data": turn.data}
        conversation_id = await turn.run(
            start_tutoring,
            StartTutoring(turn.user.id, pack.id, question.topic_id, ref, origin),
        )
        turn.goto(
            FLOW,
            "talk",
            {"conv": conversation_id, "pack": pack.id, "ref": ref, "hints": 0, "tries": 0,
             "asks": 0, "shown": False, "step": -1, "model_off": False, "told": False,
             "resume": resume},
        )  # fmt: skip
        reply = turn.say(
            "aitutor/open",
            self._buttons(turn, conversation_id, Progress()),
            topic=grounding.topic_name,
            stem=grounding.stem,
            options=[(letter_of(i), o) for i, o in enumerate(grounding.options)],
            from_stuck=origin == "stuck",
        )
        await self._keep(
            turn, conversation_id, "coach", reply.text, move=Move.ASK, source=ReplySource.PACK
        )

    # ------------------------------------------------------------------ the conversation
    def _talk(self, turn: Turn) -> _Talk | None:
        data = turn.data
        pack = self._catalog.packs.get(str(data.get("pack", "")))
        ref = str(data.get("ref", ""))
        question = question_by_ref(pack, ref) if pack else None
        if pack is None or question is None or not isinstance(data.get("conv"), int):
            return None
        progress = Progress(
            int(data.get("hints", 0)),
            int(data.get("tries", 0)),
            int(data.get("asks", 0)),
            bool(data.get("shown", False)),
        )
        grounding = ground(pack, question, ref, turn.locale)
        return _Talk(int(data["conv"]), pack, grounding, progress, int(data.get("step", -1)))

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Every typed message is the student's turn in the conversation."""
        talk = self._talk(turn)
        if talk is None:
            turn.idle()
            turn.say("common/stale_button")
            return True
        kind = classify(text, talk.grounding)
        history = await turn.run(conversation, ConversationOf(talk.conversation_id, turn.user.id))
        await self._keep(turn, talk.conversation_id, "student", text, source=ReplySource.STUDENT)
        if talk.step >= 0 and kind not in (MessageKind.OFF_TOPIC, MessageKind.PERSONAL):
            await self._show_step(turn, talk, talk.step + 1)
            return True
        correct = kind is MessageKind.ATTEMPT and reaches_answer(text, talk.grounding)
        move, progress = next_move(talk.progress, kind, correct=correct)
        await self._act(
            turn, talk, move, progress, text=text, history=history.lines if history else ()
        )
        return True

    async def show_solution(self, turn: Turn, payload: Payload) -> None:
        """The Show solution button: a request for the answer, judged by the same policy."""
        talk = await self._current(turn, payload)
        if talk is None:
            return
        await self._keep(
            turn, talk.conversation_id, "student", "[show solution]", source=ReplySource.STUDENT
        )
        move, progress = next_move(talk.progress, MessageKind.ASK_SOLUTION)
        await self._act(turn, talk, move, progress, text="", history=())

    async def next_step(self, turn: Turn, payload: Payload) -> None:
        """The next step of the worked solution."""
        talk = await self._current(turn, payload)
        if talk is None:
            return
        if talk.step < 0:
            await self.prompt(turn)
            return
        await self._show_step(turn, talk, talk.step + 1)

    async def end(self, turn: Turn, payload: Payload) -> None:
        """Close the conversation; a quiz it interrupted carries on."""
        talk = await self._current(turn, payload)
        if talk is None:
            return
        await turn.run(end_tutoring, EndTutoring(talk.conversation_id, turn.user.id))
        resume = turn.data.get("resume")
        turn.say("aitutor/closed", back_to_quiz=bool(resume))
        if isinstance(resume, dict) and resume.get("flow") in RESUMABLE:
            turn.goto(str(resume["flow"]), str(resume.get("step", "")), resume.get("data") or {})
            await self._resume(turn)
            return
        turn.idle()

    async def _current(self, turn: Turn, payload: Payload) -> _Talk | None:
        talk = self._talk(turn)
        if talk is None or payload.int_arg(0) != talk.conversation_id:
            turn.say("common/stale_button")
            await self.prompt(turn)
            return None
        return talk

    async def prompt(self, turn: Turn) -> None:
        """Where the conversation is: the current step of the solution, or "your turn"."""
        talk = self._talk(turn)
        if talk is None:
            turn.idle()
            return
        if talk.step >= 0:
            await self._show_step(turn, talk, talk.step)
            return
        turn.say("aitutor/your_turn", self._buttons(turn, talk.conversation_id, talk.progress))

    # ------------------------------------------------------------------ moves
    async def _act(
        self,
        turn: Turn,
        talk: _Talk,
        move: Move,
        progress: Progress,
        *,
        text: str,
        history: Sequence[TranscriptLine],
    ) -> None:
        if move in (Move.REFUSE_OFF_TOPIC, Move.REFUSE_PERSONAL):
            await self._say(turn, talk, TutorReply(move, "", ReplySource.PACK), talk.progress)
            return
        if move in (Move.SOLUTION, Move.CONFIRM):
            self._save(turn, progress)
            if move is Move.CONFIRM:
                await self._say(turn, talk, TutorReply(move, "", ReplySource.PACK), progress)
            await self._show_step(turn, talk, 0)
            return
        reply = await self._tutor.reply(
            talk.grounding,
            Ask(
                move,
                text,
                history,
                turn.locale,
                move in MODEL_MOVES and await self._model_allowed(turn),
            ),
        )
        if reply.move is Move.REFUSE_OFF_TOPIC:  # the model judged it off-topic
            await self._say(turn, talk, reply, talk.progress)
            return
        if reply.source is ReplySource.MODEL_FAILED:
            turn.update(model_off=True)  # the rest of this conversation runs on the pack
        self._save(turn, progress)
        await self._say(turn, talk, reply, progress)

    async def _model_allowed(self, turn: Turn) -> bool:
        if not self._tutor.has_model or turn.data.get("model_off"):
            return False
        used = await turn.run(model_calls_today, ModelCallsToday(turn.user.id, turn.user.timezone))
        if self._tutor.budget.allows(used):
            return True
        if not turn.data.get("told"):
            turn.update(told=True)
            turn.say("aitutor/budget_spent")
        return False

    def _save(self, turn: Turn, progress: Progress) -> None:
        turn.update(
            hints=progress.hints,
            tries=progress.tries,
            asks=progress.asks,
            shown=progress.solution_shown,
        )

    async def _say(self, turn: Turn, talk: _Talk, reply: TutorReply, progress: Progress) -> None:
        shown = turn.say(
            f"aitutor/{reply.move.value}",
            self._buttons(turn, talk.conversation_id, progress),
            text=reply.text,
            topic=talk.grounding.topic_name,
            citations=_citations(reply.citations),
            may_show=progress.may_show_solution,
        )
        await self._keep(
            turn,
            talk.conversation_id,
            "coach",
            shown.text,
            move=reply.move,
            source=reply.source,
            citations=reply.citations,
        )

    async def _show_step(self, turn: Turn, talk: _Talk, index: int) -> None:
        steps = talk.grounding.steps
        conversation_id = talk.conversation_id
        if index < len(steps):
            turn.update(step=index, shown=True)
            reply = turn.say(
                "aitutor/step",
                [[turn.button("next_step", AI_NEXT_STEP.payload(conversation_id), "primary"),
                  turn.button("tutor_end", AI_END.payload(conversation_id))]],
                number=index + 1,
                total=len(steps),
                text=steps[index],
            )  # fmt: skip
            step = Source(SourceKind.SOLUTION, index + 1, steps[index])
            await self._keep(
                turn, conversation_id, "coach", reply.text,
                move=Move.SOLUTION, source=ReplySource.PACK, citations=(step,),
            )  # fmt: skip
            return
        grounding = talk.grounding
        turn.update(step=len(steps))
        reply = turn.say(
            "aitutor/answer",
            [[turn.button("tutor_end", AI_END.payload(conversation_id), "primary")]],
            letter=grounding.answer_letter,
            answer=grounding.answer_text,
            explanation=grounding.explanation,
            citations=_citations(
                (
                    *grounding.of_kind(SourceKind.SOLUTION)[:1],
                    *grounding.of_kind(SourceKind.EXPLANATION),
                )
            ),
            back_to_quiz=bool(turn.data.get("resume")),
        )
        await self._keep(
            turn, conversation_id, "coach", reply.text, move=Move.SOLUTION, source=ReplySource.PACK
        )

    def _buttons(self, turn: Turn, conversation_id: int, progress: Progress) -> list[list[Choice]]:
        row = []
        if progress.may_show_solution and not progress.solution_shown:
            row.append(turn.button("show_solution", AI_SHOW_SOLUTION.payload(conversation_id)))
        row.append(turn.button("tutor_end", AI_END.payload(conversation_id)))
        return [row]

    async def _keep(
        self,
        turn: Turn,
        conversation_id: int,
        role: str,
        text: str,
        *,
        move: Move | None = None,
        source: ReplySource,
        citations: tuple[Source, ...] = (),
    ) -> None:
        await turn.run(
            keep_line,
            KeepLine(
                conversation_id,
                turn.user.id,
                role,
                text,
                move.value if move else "",
                source.value,
                tuple(c.key for c in citations),
            ),
        )


def _citations(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [{"kind": s.kind.value, "number": s.number} for s in sources]
