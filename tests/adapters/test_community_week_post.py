"""The weekly group summary is posted in the group's own forum topic (through the outbox and
the dispatcher, under Telegram's per-group ceiling), naming only members who allow it; the
members who read the topic get no private copy."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import cast

from telegram import Bot

from bot.community_telegram import TelegramGroupPlaces
from coach.community.life import SummariseWeeks, summarise_weeks
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    RunMatching,
    answer_invitation,
    run_matching,
)
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.domain import SessionStatus
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, set_feature
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.test_community_telegram import (
    ADMIN,
    MINI,
    NOW,
    STUDENTS,
    SUPERGROUP,
    _dispatcher,
    _opt_in,
    _texts,
    bot,
    clock,
)
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.notify_support import add_plan, days, mark_sessions, session

__all__ = ["bot", "clock"]  # the fixtures of the Telegram study group test


async def test_the_week_is_posted_in_the_groups_topic(
    fake: FakeTelegramServer, bot: Bot, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    uow_factory.bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    places = TelegramGroupPlaces(bot, cast(UnitOfWorkFactory, uow_factory), clock)
    forum = fake.add_supergroup(SUPERGROUP, "Study groups", admins={ADMIN.id})
    assert await places.setup(SUPERGROUP, "supergroup", ADMIN.id, "en") == (
        "community_place/setup_done"
    )
    ids = [await _opt_in(uow_factory, user) for user in STUDENTS]
    async with uow_factory() as uow:
        [view] = (await run_matching(cast(UnitOfWork, uow), NOW, RunMatching({}))).proposed
        for user_id in ids:
            answer = AnswerInvitation(view.group.id, user_id, Answer.JOIN)
            await answer_invitation(cast(UnitOfWork, uow), NOW, answer)
        await uow.commit()
    await places.sync()
    dispatcher = _dispatcher(uow_factory, bot, clock, fake)
    await dispatcher.run_once()  # invitations, welcomes, links
    [topic] = forum.topics.values()

    week_later = NOW + timedelta(days=7)
    past = days(NOW.date(), 7)
    for user_id in ids[:2]:  # Ada and Bora kept their plan; Cem did not study
        done = mark_sessions([session(user_id, d, time(19, 0)) for d in past], SessionStatus.DONE)
        await add_plan(uow_factory, user_id, done, start=date(2026, 12, 1))
    async with uow_factory() as uow:  # only Ada allows being named
        allow = SetFeature(ids[0], PeerFeature.LEADERBOARDS, True)
        await set_feature(cast(UnitOfWork, uow), NOW, allow)
        clock.set(week_later)
        for _ in range(2):  # the job runs hourly: the week is posted once
            await summarise_weeks(cast(UnitOfWork, uow), week_later, SummariseWeeks())
        await uow.commit()
    before = {user.id: len(_texts(fake, user)) for user in STUDENTS}
    posts_before = len(fake.messages(SUPERGROUP))
    assert (await dispatcher.run_once()).sent == 1
    [post] = fake.messages(SUPERGROUP)[posts_before:]
    assert "2 of 3 kept their plan" in post["text"] and "Ada" in post["text"]
    assert "Bora" not in post["text"] and "Cem" not in post["text"]
    [call] = [c for c in fake.calls_to("sendMessage") if c.params["chat_id"] == SUPERGROUP][-1:]
    assert call.params["message_thread_id"] == topic["message_thread_id"]
    assert {user.id: len(_texts(fake, user)) for user in STUDENTS} == before  # no private copy
