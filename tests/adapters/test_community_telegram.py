"""Study groups on Telegram end to end, on the fake Bot API with a forum supergroup: an admin
registers the supergroup with /setup (a member cannot, nor can a bot without the rights),
three students who opted in are matched and their invitations reach each with Join / Not now
/ Show me others; all join; a forum topic is created for the group, each member gets a
personal link with join requests in a private message, only members are approved through
them (an outsider with a member's link is declined), and the group session reminder reaches
each member."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_callbacks import CallbackSigner
from bot.community_telegram import TelegramGroupPlaces
from bot.jobs.dispatcher import Dispatcher, DispatchOptions
from bot.jobs.ratelimit import TELEGRAM_LIMITS, RateLimiter
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    AnswerResult,
    RunMatching,
    answer_invitation,
    run_matching,
)
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.packs.catalog import Catalog
from coach.peers.model import PeerFeature
from coach.peers.usecases import SetFeature, SetPseudonym, set_feature, set_pseudonym
from coach.services import build_services
from coach.subscriptions import subscriptions
from storage.uow import SqlUnitOfWorkFactory
from tests.adapters.telegram_support import StubEngine, polling_bot
from tests.fakes import FixedClock
from tests.fakes.telegram_api import FakeTelegramServer
from tests.fakes.telegram_objects import FakeChat, FakeUser
from tests.notify_support import add_student

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # a Monday, 11:00 in Berlin
SUPERGROUP = -1001987654321
ADMIN = FakeUser(9001, "Operator", "en")
STUDENTS = (FakeUser(4101, "Ada", "en"), FakeUser(4102, "Bora", "en"), FakeUser(4103, "Cem", "en"))
OUTSIDER = FakeUser(4999, "Eve", "en")
EVENINGS = {"tue": ("19:00-21:00",), "thu": ("19:00-21:00",)}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def bot(fake: FakeTelegramServer) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2, connect_timeout=2)
    async with Bot(fake.token, base_url=fake.api_url, request=request) as bot:
        yield bot


class _Time:
    now = 1000.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def _dispatcher(
    uow: SqlUnitOfWorkFactory, bot: Bot, clock: FixedClock, fake: FakeTelegramServer
) -> Dispatcher:
    channel = TelegramChannel(bot, CallbackSigner(fake.token), uow, clock)
    time = _Time()
    limiter = RateLimiter(TELEGRAM_LIMITS, monotonic=time.monotonic)
    return Dispatcher(uow, channel, clock, DispatchOptions(), limiter, sleep=time.sleep)


async def _opt_in(uow_factory: SqlUnitOfWorkFactory, user: FakeUser) -> int:
    minutes = {"tue": 120, "thu": 120}
    user_id = await add_student(
        uow_factory, chat=str(user.id), name=user.first_name, windows=EVENINGS, availability=minutes
    )
    async with uow_factory() as uow:
        work = cast(UnitOfWork, uow)
        await set_pseudonym(work, NOW, SetPseudonym(user_id, user.first_name))
        await set_feature(work, NOW, SetFeature(user_id, PeerFeature.GROUPS, True))
        await uow.commit()
    return user_id


def _texts(fake: FakeTelegramServer, user: FakeUser) -> list[str]:
    return [str(m.get("text", "")) for m in fake.messages(user.id)]


async def test_a_group_gets_a_forum_topic_links_and_reminders(
    fake: FakeTelegramServer, bot: Bot, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    uow_factory.bus = subscriptions(build_services(Catalog.load([str(MINI)])))
    units = cast(UnitOfWorkFactory, uow_factory)
    places = TelegramGroupPlaces(bot, units, clock)
    forum = fake.add_supergroup(SUPERGROUP, "LearnConnect study groups", admins={ADMIN.id})
    forum.bot_rights.discard("can_manage_topics")
    assert await places.setup(SUPERGROUP, "supergroup", ADMIN.id, "en") == (
        "community_place/setup_rights"
    )
    forum.bot_rights.add("can_manage_topics")
    assert await places.setup(SUPERGROUP, "supergroup", STUDENTS[0].id, "en") == (
        "community_place/setup_admins_only"
    )
    assert (
        await places.setup(-5, "group", ADMIN.id, "en") == "community_place/setup_supergroup_only"
    )
    assert await places.setup(SUPERGROUP, "supergroup", ADMIN.id, "en") == (
        "community_place/setup_done"
    )

    ids = [await _opt_in(uow_factory, user) for user in STUDENTS]
    async with uow_factory() as uow:
        outcome = await run_matching(cast(UnitOfWork, uow), clock.now(), RunMatching({}))
        await uow.commit()
    [view] = outcome.proposed
    group_id = view.group.id
    dispatcher = _dispatcher(uow_factory, bot, clock, fake)
    assert (await dispatcher.run_once()).sent == 3
    for user in STUDENTS:
        [invite] = fake.messages(user.id)
        assert "study group fits you" in invite["text"] and "Tuesday 19:00–21:00" in invite["text"]
        labels = [label for label, _ in fake.buttons(invite)]
        assert labels == ["Join", "Not now", "Show me others"]

    results = []
    for user_id in ids:
        async with uow_factory() as uow:
            answer = AnswerInvitation(group_id, user_id, Answer.JOIN)
            results.append(
                (await answer_invitation(cast(UnitOfWork, uow), clock.now(), answer)).result
            )
            await uow.commit()
    assert results == [AnswerResult.JOINED, AnswerResult.JOINED, AnswerResult.FORMED]

    report = await places.sync()
    assert (report.topics, report.links, report.failed) == (1, 3, 0)
    [topic] = forum.topics.values()
    assert topic["name"] == view.group.name
    hello = fake.messages(SUPERGROUP)[-1]
    assert "Ada" in hello["text"] and "Cem" in hello["text"]
    [call] = [c for c in fake.calls_to("sendMessage") if c.params["chat_id"] == SUPERGROUP]
    assert call.params["message_thread_id"] == topic["message_thread_id"]
    assert all(c.params["creates_join_request"] for c in fake.calls_to("createChatInviteLink"))
    assert await places.sync() == type(report)()  # nothing twice

    assert (await dispatcher.run_once()).sent == 6  # a welcome and a link for each
    links: dict[int, str] = {}
    for user in STUDENTS:
        [text] = [t for t in _texts(fake, user) if "https://t.me/+" in t]
        links[user.id] = next(w for w in text.split() if w.startswith("https://t.me/+"))
    assert len(set(links.values())) == 3  # personal links

    await fake.request_join(OUTSIDER, links[STUDENTS[0].id])  # a passed-on link
    assert not await places.on_join_request(SUPERGROUP, OUTSIDER.id, links[STUDENTS[0].id])
    await fake.request_join(STUDENTS[1], links[STUDENTS[0].id])  # someone else's link
    assert not await places.on_join_request(SUPERGROUP, STUDENTS[1].id, links[STUDENTS[0].id])
    for user in STUDENTS:
        await fake.request_join(user, links[user.id])
        assert await places.on_join_request(SUPERGROUP, user.id, links[user.id])
    assert forum.members == {user.id for user in STUDENTS}
    assert [c.method for c in fake.calls if "chatjoinrequest" in c.method.lower()].count(
        "declineChatJoinRequest"
    ) == 2

    clock.set(datetime(2026, 12, 8, 17, 30, tzinfo=UTC))  # Tuesday 18:30 in Berlin
    assert (await dispatcher.run_once()).sent == 3
    for user in STUDENTS:
        assert "Group session" in _texts(fake, user)[-1] and "19:00" in _texts(fake, user)[-1]


async def test_setup_and_join_requests_are_answered_by_the_running_bot(
    fake: FakeTelegramServer, uow_factory: SqlUnitOfWorkFactory
) -> None:
    forum = fake.add_supergroup(SUPERGROUP, "Study groups", admins={ADMIN.id})
    engine = StubEngine()
    async with polling_bot(fake, engine, uow_factory) as service:
        chat = FakeChat(SUPERGROUP, "supergroup", title="Study groups")
        await fake.send_text(ADMIN, "/setup", chat)
        [reply] = await fake.wait_for_messages(SUPERGROUP, 1)
        assert "home of study groups" in reply["text"]
        link = (await service.application.bot.create_chat_invite_link(
            SUPERGROUP, creates_join_request=True
        )).invite_link  # fmt: skip
        await fake.request_join(OUTSIDER, link)  # a link no member owns
        await fake.wait_for(lambda: bool(fake.calls_to("declineChatJoinRequest")))
    assert engine.events == []  # /setup never reached the engine
    assert forum.members == set()
    async with uow_factory() as uow:
        [place] = await uow.community.places("telegram")
    assert place.place_key == str(SUPERGROUP)
