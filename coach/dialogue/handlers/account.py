"""The student's control over the coach and their data: pause, resume, export, delete."""

from __future__ import annotations

from datetime import timedelta

from coach.accounts import usecases as accounts
from coach.actions import ACCOUNT_DELETE, ACCOUNT_PAUSE
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.turn import Turn
from coach.messages import DocumentSpec, Reply, ReplyKind

PAUSE_DAYS = ("1", "3", "7", "0")  # 0 = until the student resumes


class AccountCommands:
    """Commands and buttons about the student's account."""

    def register(self, buttons: ButtonRegistry) -> None:
        """Answer the pause and delete buttons."""
        buttons.on(ACCOUNT_PAUSE, self.pause_for)
        buttons.on(ACCOUNT_DELETE, self.confirm_delete)

    async def pause(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Ask for how long reminders should stop."""
        turn.say(
            "account/pause_how_long",
            [[turn.button(f"pause_{days}", ACCOUNT_PAUSE.payload(days)) for days in PAUSE_DAYS]],
        )

    async def resume(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Turn reminders back on."""
        user, was_paused = await turn.run(accounts.resume, accounts.Student(turn.user.id))
        turn.user = user
        turn.say("account/resumed", was_paused=was_paused)

    async def export(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Send every stored row about the student as one JSON file."""
        exported = await turn.run(accounts.export, accounts.Student(turn.user.id))
        turn.say("account/export_ready", tables=exported.tables)
        document = DocumentSpec(
            f"learnconnect-{turn.user.id}.json", exported.body, "application/json"
        )
        turn.add(
            Reply(
                text="", kind=ReplyKind.DOCUMENT, document=document, template="account/export_file"
            )
        )

    async def delete(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Ask for confirmation before erasing everything."""
        turn.say(
            "account/delete_confirm",
            [
                [turn.button("delete_yes", ACCOUNT_DELETE.payload("yes"), style="danger")],
                [turn.button("delete_no", ACCOUNT_DELETE.payload("no"))],
            ],
        )

    async def pause_for(self, turn: Turn, payload: Payload) -> None:
        """Pause for the number of days the button names."""
        if payload.arg(0) not in PAUSE_DAYS:
            turn.say("common/stale_button")
            return
        days = int(payload.arg(0))
        until = turn.today() + timedelta(days=days) if days else None
        turn.user = await turn.run(accounts.pause, accounts.Pause(turn.user.id, until))
        turn.say("account/paused", until=until)

    async def confirm_delete(self, turn: Turn, payload: Payload) -> None:
        """Erase everything (yes) or keep it (no)."""
        if payload.arg(0) != "yes":
            turn.say("account/delete_cancelled")
            return
        await turn.run(accounts.delete, accounts.Student(turn.user.id))
        turn.deleted = True
        turn.replies.clear()
        turn.add(Reply(text=turn.text("account/deleted"), template="account/deleted"))
