"""/start, /help and the menu: the ways into everything else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coach.dialogue.commands import COMMANDS, description_template
from coach.dialogue.payloads import Payload, make
from coach.dialogue.turn import IDLE, Turn
from coach.messages import Choice

RunCommand = Callable[[Turn, str, tuple[str, ...]], Awaitable[None]]
MENU_PREFIX = "m"
MENU_ITEMS = (("today", "week"), ("checkin", "quiz"), ("progress", "stuck"), ("settings", "help"))


def menu_buttons(turn: Turn) -> list[list[Choice]]:
    """The main menu as rows of buttons."""
    return [
        [turn.button(f"menu_{name}", make(MENU_PREFIX, name)) for name in row] for row in MENU_ITEMS
    ]


class GeneralCommands:
    """Commands that start, explain and navigate."""

    def __init__(
        self,
        resume_setup: Callable[[Turn], Awaitable[None]],
        reprompt: Callable[[Turn], Awaitable[None]],
    ) -> None:
        self._resume_setup = resume_setup
        self._reprompt = reprompt

    async def start(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Begin onboarding, resume it where it was, or welcome a returning student."""
        if await turn.uow.profiles.get(turn.user.id) is None:
            if turn.state.flow == "onboarding":
                turn.say("menu/welcome_back_setup")
            await self._resume_setup(turn)
            return
        if turn.state.flow != IDLE:
            turn.say("menu/welcome_back_flow")
            await self._reprompt(turn)
            return
        turn.say(
            "menu/welcome_back",
            [
                *menu_buttons(turn),
                [turn.button("redo_setup", make(MENU_PREFIX, "redo"))],
            ],
        )

    async def help(self, turn: Turn, args: tuple[str, ...]) -> None:
        """List what the coach can do."""
        lines = [
            (spec.name, turn.text(description_template(spec.name)))
            for spec in COMMANDS
            if spec.menu
        ]
        turn.say("menu/help", commands=lines)

    async def menu(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The short menu shown when nothing else fits — never silence."""
        turn.say("menu/main", menu_buttons(turn))


class MenuActions:
    """Menu buttons run the command they name."""

    payload_prefix = MENU_PREFIX

    def __init__(self, begin_onboarding: Callable[[Turn], Awaitable[None]]) -> None:
        self._begin_onboarding = begin_onboarding
        self._run: RunCommand | None = None

    def bind(self, run_command: RunCommand) -> None:
        """Connect to the router (which is built after the action groups)."""
        self._run = run_command

    async def on_choice(self, turn: Turn, payload: Payload) -> None:
        """Run the command behind a menu button."""
        if payload.action == "redo":
            await self._begin_onboarding(turn)
        elif payload.action == "away_today" and self._run is not None:
            await self._run(turn, "away", ("today",))
        elif self._run is not None:
            await self._run(turn, payload.action, ())
