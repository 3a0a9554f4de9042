"""The optional comment after the 1–5 rating of a tutor's help: one step, the student's next
message is the comment (contact details masked, length bounded), kept on the escalation for
the operator and the tutor's record. A command or any other button simply moves on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.dialogue.turn import Turn
from coach.tutors.model import Escalation, EscalationState
from coach.tutors.policy import MAX_NOTE, relay_text
from coach.tutors.usecases import StudentAnswer, student_own

COMMENT_FLOW = "tutor_comment"


@dataclass(frozen=True, slots=True)
class Comment:
    """The student's words on a rated escalation of theirs."""

    escalation_id: int
    student_id: int
    text: str


async def add_comment(uow: UnitOfWork, now: datetime, command: Comment) -> Escalation | None:
    """Keep the comment on the student's own rated escalation, once; None otherwise."""
    escalation = await student_own(uow, StudentAnswer(command.escalation_id, command.student_id))
    text = relay_text(command.text)[:MAX_NOTE]
    if (
        escalation is None
        or escalation.state is not EscalationState.RESOLVED
        or escalation.rating is None
        or escalation.comment
        or not text
    ):
        return None
    await uow.tutors.finish(escalation.id, comment=text)
    return escalation


def ask_comment(turn: Turn, escalation_id: int) -> None:
    """After a rating: the next message may be the comment."""
    turn.goto(COMMENT_FLOW, "comment", {"escalation": escalation_id})


class TutorCommentFlow:
    """One step: the next message is the comment on the rated help."""

    name = COMMENT_FLOW

    async def begin(self, turn: Turn) -> None:
        """Ask for the comment."""
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask (again) for the comment."""
        turn.say("tutors/comment_ask")

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Store the comment on the escalation the rating named."""
        escalation_id = int(turn.data.get("escalation", -1))
        turn.idle()
        kept = await turn.run(add_comment, Comment(escalation_id, turn.user.id, text))
        turn.say("tutors/comment_thanks" if kept else "tutors/offer_over")
        return True
