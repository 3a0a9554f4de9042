"""Assembles the dialogue engine from its flows, commands and action groups (one place)."""

from __future__ import annotations

from coach.catalog import Catalog
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.dialogue.flows.assessment import AssessmentFlow
from coach.dialogue.flows.onboarding import OnboardingFlow
from coach.dialogue.handlers.account import AccountCommands
from coach.dialogue.handlers.daily import DailyCommands
from coach.dialogue.handlers.general import GeneralCommands, MenuActions
from coach.dialogue.handlers.sessions import SessionActions
from coach.dialogue.intents import KeywordIntents
from coach.dialogue.router import Router
from coach.dialogue.turn import Turn
from coach.ports import Clock, UnitOfWorkFactory


def build_engine(
    uow: UnitOfWorkFactory, clock: Clock, catalog: Catalog, config: EngineConfig
) -> DialogueEngine:
    """The engine every channel talks to."""
    router: Router

    async def after_onboarding(turn: Turn) -> None:
        await assessment.begin(turn)

    async def after_assessment(turn: Turn) -> None:
        turn.idle()

    async def resume_setup(turn: Turn) -> None:
        await router.resume_setup(turn)

    async def reprompt(turn: Turn) -> None:
        await router.reprompt(turn)

    onboarding = OnboardingFlow(catalog, after_onboarding)
    assessment = AssessmentFlow(catalog, after_assessment)
    general = GeneralCommands(resume_setup, reprompt)
    menu = MenuActions(onboarding.begin)
    daily = DailyCommands(catalog)
    account = AccountCommands()
    router = Router(
        flows=[onboarding, assessment],
        actions=[menu, SessionActions(catalog), account],
        commands={
            "start": general.start,
            "help": general.help,
            "menu": general.menu,
            "today": daily.today,
            "week": daily.week,
            "plan": daily.plan,
            "progress": daily.progress,
            "pause": account.pause,
            "resume": account.resume,
            "export": account.export,
            "delete": account.delete,
        },
        intents=KeywordIntents(),
    )
    menu.bind(router.run_command)
    return DialogueEngine(uow, clock, router, config)
