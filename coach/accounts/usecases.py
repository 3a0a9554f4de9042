"""Use cases of the accounts feature: pause and resume pushes, export and delete one's data,
link channel accounts into one student."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime

from coach.accounts.events import AccountsLinked, DataDeleted, StudentPaused, StudentResumed
from coach.accounts.linking import LinkOutcome, LinkResult, LinkService
from coach.core.uow import UnitOfWork
from coach.domain import User, UserStatus


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop pushes until a day (None: until the student resumes)."""

    user_id: int
    until: date | None


@dataclass(frozen=True, slots=True)
class Student:
    """A command about one student."""

    user_id: int


@dataclass(frozen=True, slots=True)
class Export:
    """Everything stored about the student, as one JSON document."""

    body: bytes
    tables: int


@dataclass(frozen=True, slots=True)
class Redeem:
    """A code typed on another channel account."""

    user_id: int
    code: str


@dataclass(frozen=True, slots=True)
class ConfirmLink:
    """Confirm (or cancel) a link that replaces this account's data."""

    user_id: int
    code_id: int
    confirm: bool


async def _user(uow: UnitOfWork, user_id: int) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise LookupError(f"no user {user_id}")
    return user


async def pause(uow: UnitOfWork, now: datetime, command: Pause) -> User:
    """Reminders and nudges stop until the day given (or until resumed)."""
    user = dataclasses.replace(
        await _user(uow, command.user_id), status=UserStatus.PAUSED, paused_until=command.until
    )
    await uow.users.update(user)
    await uow.record(StudentPaused(user_id=user.id, at=now, until=command.until))
    return user


async def resume(uow: UnitOfWork, now: datetime, command: Student) -> tuple[User, bool]:
    """Pushes start again; also says whether the student was paused."""
    before = await _user(uow, command.user_id)
    user = dataclasses.replace(before, status=UserStatus.ACTIVE, paused_until=None)
    await uow.users.update(user)
    await uow.record(StudentResumed(user_id=user.id, at=now))
    return user, before.status is UserStatus.PAUSED


async def export(uow: UnitOfWork, now: datetime, command: Student) -> Export:
    """Every stored row about the student, table by table."""
    data = await uow.personal_data.export(command.user_id)
    body = json.dumps(
        {"exported_at": now.isoformat(), "user_id": command.user_id, "data": data},
        ensure_ascii=False,
        indent=2,
        default=str,
    ).encode()
    return Export(body, len(data))


async def delete(uow: UnitOfWork, now: datetime, command: Student) -> None:
    """Erase the student and everything that belongs to them."""
    await uow.personal_data.delete(command.user_id)
    await uow.record(DataDeleted(user_id=command.user_id, at=now))


class LinkUseCases:
    """`/link`: make a code on one channel, redeem it on another."""

    def __init__(self, service: LinkService | None = None) -> None:
        self._service = service or LinkService()

    async def create_code(self, uow: UnitOfWork, now: datetime, command: Student) -> str:
        """A fresh one-time code for the student."""
        return await self._service.create_code(uow, command.user_id, now)

    async def redeem(self, uow: UnitOfWork, now: datetime, command: Redeem) -> LinkResult:
        """Join this account to the one that made the code (or ask first)."""
        result = await self._service.redeem(
            uow, await _user(uow, command.user_id), command.code, now
        )
        await self._joined(uow, now, command.user_id, result)
        return result

    async def confirm(self, uow: UnitOfWork, now: datetime, command: ConfirmLink) -> LinkResult:
        """The student's answer to "this account's data will be replaced"."""
        user = await _user(uow, command.user_id)
        if not command.confirm:
            return await self._service.cancel(uow, user, command.code_id)
        result = await self._service.confirm(uow, user, command.code_id, now)
        await self._joined(uow, now, command.user_id, result)
        return result

    async def locale_of(self, uow: UnitOfWork, now: datetime, command: Student) -> str | None:
        """The language of a (remaining) student, for the message after a join."""
        user = await uow.users.get(command.user_id)
        return user.locale if user else None

    async def _joined(
        self, uow: UnitOfWork, now: datetime, entering: int, result: LinkResult
    ) -> None:
        if result.outcome in (LinkOutcome.JOINED, LinkOutcome.KEPT_YOURS) and result.user_id:
            await uow.record(
                AccountsLinked(user_id=result.user_id, at=now, joined_user_id=entering)
            )
