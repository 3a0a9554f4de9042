"""One student across channels: one-time codes that join two channel accounts into one.

The student asks for a code on one channel (`/link`) and enters it on another (`/link CODE`).
The account that entered the code joins the account that made it: its channel identities move
over and its own (empty) user row is deleted. A plan is never lost silently:

- only the entering account holds data (a profile, a plan or assessment answers): that account
  is kept instead and the maker's identities join it;
- both hold data: the maker's data is kept, but only after the student confirms, having been
  told that the entering account's data will be replaced (and that /export saves it first).

Codes are random (8 characters from an alphabet without look-alikes), valid for ten minutes,
work once, and only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from coach.core.uow import UnitOfWork
from coach.domain import LinkCode, User

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: easy to copy by hand
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=10)


class LinkOutcome(StrEnum):
    """What entering a code (or confirming it) did."""

    INVALID = "invalid"  # unknown, expired or already used
    SAME = "same"  # both channel accounts already belong to this student
    JOINED = "joined"  # the entering account joined the maker's (which is kept)
    KEPT_YOURS = "kept_yours"  # only the entering account had data: the maker's joined it
    CONFIRM = "confirm"  # both have data: ask before the entering account's data is replaced
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome, the user who remains, and the code (for a confirmation button)."""

    outcome: LinkOutcome
    user_id: int | None = None
    code_id: int | None = None


def new_code() -> str:
    """A fresh random code (secrets, not the seeded scheduling randomness)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display(code: str) -> str:
    """A code as the student sees it: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"


def normalize(text: str) -> str:
    """What the student typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[: CODE_LENGTH * 2]


def code_hash(code: str) -> str:
    """The stored form of a code."""
    return hashlib.sha256(normalize(code).encode()).hexdigest()


async def has_data(uow: UnitOfWork, user_id: int) -> bool:
    """Whether an account holds something worth keeping: a profile, a plan or answers."""
    if await uow.profiles.get(user_id) is not None:
        return True
    if await uow.plans.active_for(user_id) is not None:
        return True
    if await uow.plans.latest_draft_for(user_id) is not None:
        return True
    return bool(await uow.progress.assessments(user_id))


class LinkService:
    """The link use cases; each runs inside the caller's unit of work (nothing commits here)."""

    async def create_code(self, uow: UnitOfWork, user_id: int, now: datetime) -> str:
        """A new code for `user_id`; earlier unused codes of the user stop working."""
        code = new_code()
        await uow.links.add(user_id, code_hash(code), now, now + CODE_TTL)
        return code

    async def redeem(self, uow: UnitOfWork, user: User, typed: str, now: datetime) -> LinkResult:
        """`user` entered a code: join the accounts, or ask first when both hold data."""
        code = await self._usable(uow, typed, now)
        if code is None:
            return LinkResult(LinkOutcome.INVALID)
        if code.user_id == user.id:
            return LinkResult(LinkOutcome.SAME, user.id)
        maker_has = await has_data(uow, code.user_id)
        mine_has = await has_data(uow, user.id)
        if mine_has and maker_has:
            await uow.links.claim(code.id, user.id)
            return LinkResult(LinkOutcome.CONFIRM, user.id, code.id)
        if not await uow.links.use(code.id, now):
            return LinkResult(LinkOutcome.INVALID)
        if mine_has:
            await self._join(uow, code.user_id, into=user.id)
            return LinkResult(LinkOutcome.KEPT_YOURS, user.id, code.id)
        await self._join(uow, user.id, into=code.user_id)
        return LinkResult(LinkOutcome.JOINED, code.user_id, code.id)

    async def confirm(self, uow: UnitOfWork, user: User, code_id: int, now: datetime) -> LinkResult:
        """The student agreed that this account's data is replaced by the maker's."""
        code = await uow.links.get(code_id)
        if code is None or not code.usable(now) or code.claimed_by != user.id:
            return LinkResult(LinkOutcome.INVALID)
        if code.user_id == user.id:
            return LinkResult(LinkOutcome.SAME, user.id)
        if not await uow.links.use(code.id, now):
            return LinkResult(LinkOutcome.INVALID)
        await self._join(uow, user.id, into=code.user_id)
        return LinkResult(LinkOutcome.JOINED, code.user_id, code.id)

    async def cancel(self, uow: UnitOfWork, user: User, code_id: int) -> LinkResult:
        """The student kept the accounts apart; the code stays usable until it expires."""
        code = await uow.links.get(code_id)
        if code is not None and code.claimed_by == user.id:
            await uow.links.claim(code.id, None)
        return LinkResult(LinkOutcome.CANCELLED, user.id, code_id)

    async def _usable(self, uow: UnitOfWork, typed: str, now: datetime) -> LinkCode | None:
        if len(normalize(typed)) != CODE_LENGTH:
            return None
        code = await uow.links.find(code_hash(typed))
        return code if code is not None and code.usable(now) else None

    async def _join(self, uow: UnitOfWork, user_id: int, *, into: int) -> None:
        """Move `user_id`'s channel accounts to `into`, then delete what is left of it."""
        await uow.links.move_identities(user_id, into)
        await uow.personal_data.delete(user_id)
