"""/link: one student across channels (the use case lives in coach/linking.py)."""

from __future__ import annotations

from coach.accounts.linking import CODE_TTL, LinkOutcome, LinkResult, LinkService, display
from coach.dialogue.payloads import Payload, make
from coach.dialogue.turn import Turn
from coach.messages import Reply
from prompts import render

PREFIX = "ln"


class LinkCommands:
    """`/link` makes a code, `/link CODE` joins this account to the one that made it."""

    payload_prefix = PREFIX

    def __init__(self, service: LinkService | None = None) -> None:
        self._service = service or LinkService()

    async def link(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Make a code, or redeem the one given."""
        typed = "".join(args).strip()
        if not typed:
            code = await self._service.create_code(turn.uow, turn.user.id, turn.now)
            minutes = int(CODE_TTL.total_seconds() // 60)
            turn.say("link/code", code=display(code), minutes=minutes)
            return
        result = await self._service.redeem(turn.uow, turn.user, typed, turn.now)
        await self._answer(turn, result)

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Confirm or cancel a link that replaces this account's data."""
        code_id = payload.int_arg(0)
        if code_id is None or payload.action not in ("yes", "no"):
            turn.say("common/stale_button")
            return
        if payload.action == "no":
            result = await self._service.cancel(turn.uow, turn.user, code_id)
        else:
            result = await self._service.confirm(turn.uow, turn.user, code_id, turn.now)
        await self._answer(turn, result)

    async def _answer(self, turn: Turn, result: LinkResult) -> None:
        outcome = result.outcome
        if outcome is LinkOutcome.CONFIRM:
            turn.say(
                "link/confirm",
                [
                    [turn.button("link_yes", make(PREFIX, "yes", result.code_id), style="danger")],
                    [turn.button("link_no", make(PREFIX, "no", result.code_id))],
                ],
            )
        elif outcome is LinkOutcome.JOINED and result.user_id != turn.user.id:
            # This account's user row is gone; the student continues as the one that made the
            # code, in that account's language. Nothing more may be saved for the old row.
            kept = await turn.uow.users.get(result.user_id) if result.user_id else None
            locale = kept.locale if kept else turn.locale
            turn.deleted = True
            turn.add(Reply(text=render("link/joined", locale), template="link/joined"))
        else:
            turn.say(f"link/{outcome.value}")
