"""Assembles the dialogue engine from its flows, commands and button handlers (one place).

Every button declared in `coach.actions` gets its handler here, through each handler's
`register`; the router checks the contract when it is built, so a declared button without a
handler fails at start-up, not when a student taps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from coach.actions import CATALOG
from coach.aitutor.flow import AiTutorFlow
from coach.buttons import ButtonCatalog, ButtonRegistry
from coach.community.chat import CommunityChat
from coach.core.clock import Clock
from coach.core.llm import Llm
from coach.core.uow import UnitOfWorkFactory
from coach.dialogue.commands import COMMAND_ALIASES
from coach.dialogue.engine import DialogueEngine, EngineConfig
from coach.dialogue.flows.assessment import AssessmentFlow
from coach.dialogue.flows.checkin import CheckinFlow
from coach.dialogue.flows.mock import MockFlow
from coach.dialogue.flows.onboarding import OnboardingFlow
from coach.dialogue.flows.quiz import QuizFlow
from coach.dialogue.flows.settings import SettingsFlow
from coach.dialogue.handlers.account import AccountCommands
from coach.dialogue.handlers.daily import DailyCommands
from coach.dialogue.handlers.feedback import CommentFlow, FeedbackActions, ResourceRatings
from coach.dialogue.handlers.general import GeneralCommands, MenuActions
from coach.dialogue.handlers.link import LinkCommands
from coach.dialogue.handlers.plans import AwayCommands, PreviewActions, ProposalActions
from coach.dialogue.handlers.sessions import SessionActions
from coach.dialogue.handlers.stuck import StuckCommand
from coach.dialogue.handlers.why import WhyCommands
from coach.dialogue.intents import KeywordIntents
from coach.dialogue.llm_intents import LlmIntents
from coach.dialogue.reactions import ReactionViews
from coach.dialogue.router import CommandHandler, Router
from coach.dialogue.turn import Turn
from coach.forum.chat import ForumChat
from coach.liveqa.chat import LiveQaChat
from coach.motivation.board_chat import BoardChat
from coach.motivation.challenge_chat import ChallengeChat, ChallengeViews
from coach.motivation.chat import AllReactions, LeagueChat, MotivationChat, MotivationViews
from coach.packs.terms import exam_terms
from coach.plans.usecases import ForStudent
from coach.services import CoachServices
from coach.tutors.chat import TutorChat
from coach.tutors.comment import TutorCommentFlow
from coach.tutors.plan_note import TutorPlanNotes


def build_engine(  # noqa: PLR0915  (the one place every part is assembled)
    uow: UnitOfWorkFactory,
    clock: Clock,
    services: CoachServices,
    config: EngineConfig,
    *,
    web_base_url: str | None = None,
    llm: Llm | None = None,
    declared: ButtonCatalog = CATALOG,
) -> DialogueEngine:
    """The engine every channel talks to; fails when a `declared` button has no handler."""
    catalog, plans = services.catalog, services.plans
    buttons = ButtonRegistry(declared)
    router: Router

    async def has_profile(turn: Turn) -> bool:
        return await turn.run(plans.profile, ForStudent(turn.user.id)) is not None

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

    async def run_command(turn: Turn, name: str, args: tuple[str, ...]) -> None:
        await router.run_command(turn, name, args)

    async def community_screen(turn: Turn) -> None:
        await community.show(turn)

    onboarding = OnboardingFlow(catalog, plans, after_onboarding, after_edit)
    assessment = AssessmentFlow(catalog, plans, after_assessment)
    checkin = CheckinFlow(catalog, plans, services.motivation.usecases)
    settings = SettingsFlow(plans, edit, privacy=community_screen)
    quiz = QuizFlow(catalog, plans)
    mock = MockFlow(catalog, plans)
    why = WhyCommands(catalog, plans)
    general = GeneralCommands(has_profile, resume_setup, reprompt)
    menu = MenuActions(onboarding.begin)
    daily = DailyCommands(catalog, plans, streaks=services.motivation.usecases)
    preview = PreviewActions(catalog, plans, edit, daily.today)
    account = AccountCommands()
    away = AwayCommands(plans)
    link = LinkCommands(services.links)
    aitutor = AiTutorFlow(catalog, plans, services.ai_tutor, reprompt)
    liveqa = LiveQaChat(catalog, plans)
    forum = ForumChat(catalog)
    community = CommunityChat(services.community)
    tutors = TutorChat(catalog, web_base_url)  # the tutor console lives under it
    motivation = MotivationChat(services.motivation.usecases)
    challenges = ChallengeChat(catalog, config.default_timezone)
    # flows of the features built on the core (the last: the comment after rating a tutor)
    features = (aitutor, liveqa, forum, community, TutorCommentFlow())

    for handler in (
        onboarding, assessment, checkin, settings, quiz, mock, preview, account, link,
        ProposalActions(plans),
        SessionActions(catalog, quiz.start_session, services.motivation.usecases),
        FeedbackActions(), ResourceRatings(services.resources), aitutor, liveqa, forum,
        community, tutors, TutorPlanNotes(catalog, plans), challenges,
    ):  # fmt: skip
        handler.register(buttons)
    menu.register(buttons, run_command)

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
        "stuck": StuckCommand(catalog, plans, services.resources).stuck,
        "away": away.away,
        "tired": away.tired,
        "pause": account.pause,
        "resume": account.resume,
        "export": account.export,
        "delete": account.delete,
        "link": link.link,
        "qa": liveqa.command,
        "ask": forum.ask,
        "questions": forum.questions,
        "groups": community.command,
        "tutor": tutors.command,
        "end": tutors.end,
        "streak": motivation.streak,
        "badges": motivation.badges,
        "league": LeagueChat().league,
        "card": motivation.card,
        "leaderboard": BoardChat().leaderboard,  # tr /liderlik (an alias)
        "challenge": challenges.command,  # tr /meydan
        "ill": motivation.ill,  # "hastayım": today is frozen for the streak
    }
    commands.update({alias: commands[name] for alias, name in COMMAND_ALIASES.items()})
    router = Router(
        flows=[onboarding, assessment, checkin, settings, quiz, mock, CommentFlow(), *features],
        buttons=buttons,
        commands=commands,
        intents=KeywordIntents(),
        has_profile=has_profile,
        poll_flows={assessment.name: assessment, quiz.name: quiz},
        fallback_intents=LlmIntents(llm) if llm is not None else None,
        interceptor=tutors.intercept,
    )

    made: dict[tuple[str | None, str], Mapping[str, Any]] = {}

    def terms(pack_id: str | None, locale: str) -> Mapping[str, Any]:
        # Every rendered message asks for them: built once per exam and language, not per turn.
        key = (pack_id, locale)
        found = made.get(key)
        if found is None:
            found = made[key] = MappingProxyType(
                dict(exam_terms(catalog.packs.get(pack_id or ""), locale))
            )
        return found

    views = AllReactions(ReactionViews(catalog, plans), MotivationViews(), ChallengeViews())
    return DialogueEngine(uow, clock, router, config, views, terms=terms)
