"""/link: one student across channels (the use cases live in coach/accounts)."""

from __future__ import annotations

from coach.accounts.linking import CODE_TTL, LinkOutcome, LinkResult, display
from coach.accounts.usecases import ConfirmLink, LinkUseCases, Redeem, Student
from coach.actions import LINK_NO, LINK_YES
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.turn import Turn
from coach.messages import Reply
from prompts import render


class LinkCommands:
    """`/link` makes a code, `/link CODE` joins this account to the one that made it."""

    def __init__(self, links: LinkUseCases | None = None) -> None:
        self._links = links or LinkUseCases()

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer the confirm / cancel buttons."""
        buttons.on(LINK_YES, self.confirm)
        buttons.on(LINK_NO, self.cancel)

    async def link(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Make a code, or redeem the one given."""
        typed = "".join(args).strip()
        if not typed:
            code = await turn.run(self._links.create_code, Student(turn.user.id))
            minutes = int(CODE_TTL.total_seconds() // 60)
            turn.say("link/code", code=display(code), minutes=minutes)
            return
        await self._answer(turn, await turn.run(self._links.redeem, Redeem(turn.user.id, typed)))

    async def confirm(self, turn: Turn, payload: Payload) -> None:
        """Join, replacing this account's data."""
        await self._decide(turn, payload, confirm=True)

    async def cancel(self, turn: Turn, payload: Payload) -> None:
        """Keep the accounts apart."""
        await self._decide(turn, payload, confirm=False)

    async def _decide(self, turn: Turn, payload: Payload, *, confirm: bool) -> None:
        code_id = payload.int_arg(0)
        if code_id is None:
            turn.say("common/stale_button")
            return
        result = await turn.run(self._links.confirm, ConfirmLink(turn.user.id, code_id, confirm))
        await self._answer(turn, result)

    async def _answer(self, turn: Turn, result: LinkResult) -> None:
        outcome = result.outcome
        if outcome is LinkOutcome.CONFIRM:
            code_id = result.code_id or 0
            turn.say(
                "link/confirm",
                [
                    [turn.button("link_yes", LINK_YES.payload(code_id), style="danger")],
                    [turn.button("link_no", LINK_NO.payload(code_id))],
                ],
            )
        elif outcome is LinkOutcome.JOINED and result.user_id != turn.user.id:
            # This account's user row is gone; the student continues as the one that made the
            # code, in that account's language. Nothing more may be saved for the old row.
            kept = (
                await turn.run(self._links.locale_of, Student(result.user_id))
                if result.user_id
                else None
            )
            turn.deleted = True
            locale = kept or turn.locale
            turn.add(Reply(text=render("link/joined", locale), template="link/joined"))
        else:
            turn.say(f"link/{outcome.value}")
