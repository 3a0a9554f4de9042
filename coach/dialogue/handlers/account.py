"""The student's control over the coach and their data: pause, resume, export, delete."""

from __future__ import annotations

import json
from datetime import timedelta

from coach.dialogue.payloads import Payload, make
from coach.dialogue.turn import Turn
from coach.domain import UserStatus
from coach.messages import DocumentSpec, Reply, ReplyKind

PREFIX = "ac"
PAUSE_DAYS = ("1", "3", "7", "0")  # 0 = until the student resumes


class AccountCommands:
    """Commands and buttons about the student's account."""

    payload_prefix = PREFIX

    async def pause(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Ask for how long reminders should stop."""
        turn.say(
            "account/pause_how_long",
            [[turn.button(f"pause_{days}", make(PREFIX, "pause", days)) for days in PAUSE_DAYS]],
        )

    async def resume(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Turn reminders back on."""
        was_paused = turn.user.status is UserStatus.PAUSED
        turn.set_user(status=UserStatus.ACTIVE, paused_until=None)
        turn.say("account/resumed", was_paused=was_paused)

    async def export(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Send every stored row about the student as one JSON file."""
        data = await turn.uow.personal_data.export(turn.user.id)
        body = json.dumps(
            {"exported_at": turn.now.isoformat(), "user_id": turn.user.id, "data": data},
            ensure_ascii=False,
            indent=2,
            default=str,
        ).encode()
        turn.say("account/export_ready", tables=len(data))
        document = DocumentSpec(f"learnconnect-{turn.user.id}.json", body, "application/json")
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
                [turn.button("delete_yes", make(PREFIX, "delete", "yes"), style="danger")],
                [turn.button("delete_no", make(PREFIX, "delete", "no"))],
            ],
        )

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Pause for a number of days, or confirm/cancel deletion."""
        if payload.action == "pause" and payload.arg(0) in PAUSE_DAYS:
            days = int(payload.arg(0))
            until = turn.today() + timedelta(days=days) if days else None
            turn.set_user(status=UserStatus.PAUSED, paused_until=until)
            turn.say("account/paused", until=until)
        elif payload.action == "delete" and payload.arg(0) == "yes":
            await turn.uow.personal_data.delete(turn.user.id)
            turn.deleted = True
            turn.replies.clear()
            turn.add(Reply(text=turn.text("account/deleted"), template="account/deleted"))
        elif payload.action == "delete":
            turn.say("account/delete_cancelled")
        else:
            turn.say("common/stale_button")
