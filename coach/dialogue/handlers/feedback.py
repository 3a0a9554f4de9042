"""Feedback: how useful a lesson or resource was (1-5), and a comment on a session.

- After a session's difficulty (`s:rate`) the student rates usefulness 1-5
  (`fb:use:<session>:<n>`) and may comment (`fb:cm:<session>` opens a one-step flow that takes
  the next message).
- Recommended resources are rated with `rs:r:<decision>:<n>`.
- A skip or a "too hard" may be the strike that makes the coach adapt: that is a subscriber of
  the session events (`coach.learning.adapt`), not this module.
"""

from __future__ import annotations

from coach.actions import FEEDBACK_COMMENT, FEEDBACK_USEFUL, RESOURCE_RATE
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import next_steps
from coach.dialogue.turn import Turn
from coach.learning.usecases import (
    RateResource,
    RateUsefulness,
    ResourceUseCases,
    rate_usefulness,
)

COMMENT_FLOW = "feedback"


class FeedbackActions:
    """Usefulness ratings and the comment button."""

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer the usefulness and comment buttons."""
        buttons.on(FEEDBACK_USEFUL, self.useful)
        buttons.on(FEEDBACK_COMMENT, self.comment)

    async def useful(self, turn: Turn, payload: Payload) -> None:
        """`fb:use:<session>:<n>`."""
        session_id, rating = payload.int_arg(0), payload.int_arg(1)
        if session_id is None or rating is None or not 1 <= rating <= 5:
            turn.say("common/stale_button")
            return
        kept = await turn.run(rate_usefulness, RateUsefulness(turn.user.id, session_id, rating))
        if not kept:
            turn.say("sessions/gone", next_steps(turn))
            return
        # The rating ends the session's questions: offer what comes next, never a dead end.
        turn.say("adaptive/feedback_thanks", next_steps(turn), rating=rating)

    async def comment(self, turn: Turn, payload: Payload) -> None:
        """`fb:cm:<session>`: the next message is the comment."""
        session_id = payload.int_arg(0)
        if session_id is None:
            turn.say("sessions/gone", next_steps(turn))
            return
        turn.goto(COMMENT_FLOW, "comment", {"session": session_id})
        turn.say("adaptive/comment_ask")


class ResourceRatings:
    """`rs:r:<decision>:<n>`: the student rates a resource the coach recommended."""

    def __init__(self, resources: ResourceUseCases) -> None:
        self._resources = resources

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer the rating buttons under recommendations."""
        buttons.on(RESOURCE_RATE, self.rate)

    async def rate(self, turn: Turn, payload: Payload) -> None:
        """Store the rating of the recommended resource."""
        decision_id, rating = payload.int_arg(0), payload.int_arg(1)
        if decision_id is None or rating is None:
            turn.say("common/stale_button")
            return
        decision = await turn.run(
            self._resources.rate, RateResource(turn.user.id, decision_id, rating)
        )
        if decision is None:
            turn.say("common/stale_button")
            return
        title = decision.params.get("title", "")
        turn.say("adaptive/resource_rated", next_steps(turn), rating=rating, title=title)


class CommentFlow:
    """One step: the next message is the comment on a session."""

    name = COMMENT_FLOW

    async def begin(self, turn: Turn) -> None:
        """Ask for the comment."""
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask (again) for the comment."""
        turn.say("adaptive/comment_ask")

    async def on_text(self, turn: Turn, text: str) -> bool:
        """Store the comment on the session the button named."""
        session_id = int(turn.data.get("session", -1))
        turn.idle()
        kept = await turn.run(
            rate_usefulness, RateUsefulness(turn.user.id, session_id, comment=text)
        )
        turn.say("adaptive/comment_thanks" if kept else "sessions/gone", next_steps(turn))
        return True
