"""Helpers of the human-tutor tests: invitations, tutors who joined by code, outbox reads."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select

from coach.dialogue.contract import ConversationEngine
from coach.tutors.accounts import InviteTutor, invite_tutor
from coach.tutors.model import Invite
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation
from tests.fakes import FixedClock


async def invite(
    uow_factory: SqlUnitOfWorkFactory,
    now: datetime,
    name: str,
    *,
    subjects: tuple[str, ...] = ("mat", "tr"),
    languages: tuple[str, ...] = ("en", "tr"),
    minors: bool = True,
) -> str:
    """An operator's invitation; returns the one-time code."""
    async with uow_factory() as uow:
        code = await invite_tutor(
            uow, now, InviteTutor(Invite(name, subjects, languages, 2, minors))
        )
        await uow.commit()
    return code


async def tutor_chat(
    engine: ConversationEngine,
    clock: FixedClock,
    uow_factory: SqlUnitOfWorkFactory,
    key: str,
    name: str,
    **options: object,
) -> Conversation:
    """A person invited as a tutor who sent `/tutor CODE` from the web chat."""
    code = await invite(uow_factory, clock.now(), name, **options)  # type: ignore[arg-type]
    chat = Conversation(engine, clock, user_key=key, locale_hint="en")
    await chat.command("tutor", code)
    assert "tutors/welcome" in chat.templates(), chat.templates()
    return chat


async def user_id(uow_factory: SqlUnitOfWorkFactory, key: str, channel: str = "web") -> int:
    """The user behind a chat."""
    async with uow_factory() as uow:
        user = await uow.users.find_by_identity(channel, key)
        assert user is not None
        return user.id


async def tutor_outbox(uow_factory: SqlUnitOfWorkFactory, person: int) -> list[SimpleNamespace]:
    """The tutoring pushes queued for a person, oldest first."""
    async with uow_factory() as uow:
        rows = await uow.session.execute(
            select(*OutboxRow.__table__.c)
            .where(OutboxRow.kind == "tutor", OutboxRow.user_id == person)
            .order_by(OutboxRow.id)
        )
        return [SimpleNamespace(**row._mapping) for row in rows]


async def templates_for(uow_factory: SqlUnitOfWorkFactory, person: int) -> list[str]:
    """The templates of a person's tutoring pushes."""
    return [row.template for row in await tutor_outbox(uow_factory, person)]
