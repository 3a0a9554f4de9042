"""Assembles the dialogue engine from its flows, commands and action groups (one place)."""

from __future__ import annotations

from coach.core.clock import Clock
from coach.core.llm import Llm
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.dialogue.flows.assessment import AssessmentFlow
from coach.dialogue.flows.checkin import CheckinButton, CheckinFlow
from coach.dialogue.flows.mock import MockFlow
from coach.dialogue.flows.onboarding import OnboardingFlow
from coach.dialogue.flows.quiz import QuizFlow, QuizStarter
from coach.dialogue.flows.settings import SettingsFlow
from coach.dialogue.handlers.account import AccountCommands
from coach.dialogue.handlers.daily import DailyCommands
from coach.dialogue.handlers.feedback import (
    CommentFlow,
    FeedbackActions,
    ResourceRatings,
    SessionFeedback,
)
from coach.dialogue.handlers.general import GeneralCommands, MenuActions
from coach.dialogue.handlers.link import LinkCommands
from coach.dialogue.handlers.plans import AwayCommands, PreviewActions, ProposalActions
from coach.dialogue.handlers.sessions import SessionActions
from coach.dialogue.handlers.stuck import StuckCommand
from coach.dialogue.handlers.why import WhyCommands
from coach.dialogue.intents import KeywordIntents
from coach.dialogue.llm_intents import LlmIntents
from coach.dialogue.router import CommandHandler, Router
from coach.dialogue.turn import Turn
from coach.learning.escalation import TutorOffers
from coach.learning.service import LearningService
from coach.packs.catalog import Catalog
from coach.plans.service import PlanningService


def build_engine(
    uow: UnitOfWorkFactory,
    clock: Clock,
    catalog: Catalog,
    config: EngineConfig,
    *,
    dashboard_url: str | None = None,
    llm: Llm | None = None,
    tutors: TutorOffers | None = None,
) -> DialogueEngine:
    """The engine every channel talks to; `tutors` fills the tutor-offer hook."""
    planning = PlanningService(catalog)
    learning = LearningService(tutors=tutors) if tutors is not None else LearningService()
    router: Router

    async def after_onboarding(turn: Turn) -> None:
        await assessment.begin(turn)

    async def after_assessment(turn: Turn) -> None:
        turn.idle()
        await preview.show_new(turn)

    async def edit(turn: Turn, step: str, return_to: str) -> None:
        await onboarding.edit(turn, step, return_to)

    async def after_edit(turn: Turn, step: str, return_to: str, saved: bool) -> None:
        if return_to == "preview":
            await preview.show_new(turn)
        else:
            await settings.after_edit(turn, step, saved)

    async def resume_setup(turn: Turn) -> None:
        await router.resume_setup(turn)

    async def reprompt(turn: Turn) -> None:
        await router.reprompt(turn)

    onboarding = OnboardingFlow(catalog, after_onboarding, after_edit)
    assessment = AssessmentFlow(catalog, after_assessment)
    checkin = CheckinFlow(catalog, planning, learning)
    settings = SettingsFlow(planning, edit)
    quiz = QuizFlow(catalog, learning, planning)
    mock = MockFlow(catalog, planning)
    why = WhyCommands(catalog)
    comments = CommentFlow()
    general = GeneralCommands(resume_setup, reprompt)
    menu = MenuActions(onboarding.begin)
    daily = DailyCommands(catalog, dashboard_url)
    preview = PreviewActions(catalog, planning, edit, daily.today)
    account = AccountCommands()
    away = AwayCommands(planning)
    link = LinkCommands()

    async def begin_checkin(turn: Turn, args: tuple[str, ...]) -> None:
        await checkin.begin(turn)

    async def begin_settings(turn: Turn, args: tuple[str, ...]) -> None:
        await settings.begin(turn)

    async def progress(turn: Turn, args: tuple[str, ...]) -> None:
        await daily.progress(turn, args)
        await why.levels(turn, args)

    commands: dict[str, CommandHandler] = {
        "start": general.start,
        "help": general.help,
        "menu": general.menu,
        "today": daily.today,
        "week": daily.week,
        "plan": daily.plan,
        "progress": progress,
        "checkin": begin_checkin,
        "settings": begin_settings,
        "quiz": quiz.start,
        "placement": quiz.placement,
        "mock": mock.start,
        "why": why.why,
        "stuck": StuckCommand(catalog, learning.advisor).stuck,
        "away": away.away,
        "tired": away.tired,
        "pause": account.pause,
        "resume": account.resume,
        "export": account.export,
        "delete": account.delete,
        "link": link.link,
    }
    router = Router(
        flows=[onboarding, assessment, checkin, settings, quiz, mock, comments],
        actions=[
            menu,
            SessionActions(
                catalog, quiz.start_session, SessionFeedback(catalog, learning, planning)
            ),
            QuizStarter(catalog, quiz),
            FeedbackActions(catalog),
            ResourceRatings(catalog, learning),
            account,
            preview,
            ProposalActions(planning),
            CheckinButton(checkin),
            link,
        ],
        commands=commands,
        intents=KeywordIntents(),
        fallback_intents=LlmIntents(llm) if llm is not None else None,
    )
    menu.bind(router.run_command)
    return DialogueEngine(uow, clock, router, config)
