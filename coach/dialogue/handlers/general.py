"""/start, /help and the menu: the ways into everything else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coach.actions import MENU, MENU_AWAY_TODAY, MENU_REDO, MENU_WEEK_NEXT
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.commands import (
    COMMANDS,
    GROUP,
    PRIVATE,
    command_name,
    description_context,
    description_template,
)
from coach.dialogue.turn import IDLE, Turn
from coach.messages import Choice

RunCommand = Callable[[Turn, str, tuple[str, ...]], Awaitable[None]]
HasProfile = Callable[[Turn], Awaitable[bool]]
MENU_ITEMS = (("today", "week"), ("checkin", "quiz"), ("progress", "stuck"), ("settings", "help"))


def menu_buttons(turn: Turn) -> list[list[Choice]]:
    """The main menu as rows of buttons."""
    return [
        [turn.button(f"menu_{name}", MENU[name].payload()) for name in row] for row in MENU_ITEMS
    ]


class GeneralCommands:
    """Commands that start, explain and navigate."""

    def __init__(
        self,
        has_profile: HasProfile,
        resume_setup: Callable[[Turn], Awaitable[None]],
        reprompt: Callable[[Turn], Awaitable[None]],
    ) -> None:
        self._has_profile = has_profile
        self._resume_setup = resume_setup
        self._reprompt = reprompt

    async def start(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Begin onboarding, resume it where it was, or welcome a returning student."""
        if not await self._has_profile(turn):
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
            [*menu_buttons(turn), [turn.button("redo_setup", MENU_REDO.payload())]],
        )

    async def help(self, turn: Turn, args: tuple[str, ...]) -> None:
        """List what the coach can do."""
        ref = turn.event.ref
        where = description_context(ref.channel.value, GROUP if ref.is_group else PRIVATE)
        lines = [
            (
                command_name(spec.name, turn.locale),
                turn.text(description_template(spec.name), **where),
            )
            for spec in COMMANDS
            if spec.menu
        ]
        turn.say("menu/help", commands=lines)

    async def menu(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The short menu shown when nothing else fits — never silence."""
        turn.say("menu/main", menu_buttons(turn))


class MenuActions:
    """Menu buttons run the command they name."""

    def __init__(self, begin_onboarding: Callable[[Turn], Awaitable[None]]) -> None:
        self._begin_onboarding = begin_onboarding
        self._run: RunCommand | None = None

    def register(self, buttons: ButtonRegistry, run_command: RunCommand) -> None:
        """Answer every menu button (the router runs the commands)."""
        self._run = run_command
        buttons.on_all(MENU.values(), self.command)
        buttons.on(MENU_REDO, self.redo)
        buttons.on(MENU_AWAY_TODAY, self.away_today)
        buttons.on(MENU_WEEK_NEXT, self.week_next)

    async def command(self, turn: Turn, payload: Payload) -> None:
        """Run the command the button names."""
        if self._run is not None:
            await self._run(turn, payload.action, ())

    async def redo(self, turn: Turn, payload: Payload) -> None:
        """Set everything up again."""
        await self._begin_onboarding(turn)

    async def away_today(self, turn: Turn, payload: Payload) -> None:
        """ "I can't study today"."""
        if self._run is not None:
            await self._run(turn, "away", ("today",))

    async def week_next(self, turn: Turn, payload: Payload) -> None:
        """Next Monday to Sunday, from /week's button."""
        if self._run is not None:
            await self._run(turn, "week", ("next",))
