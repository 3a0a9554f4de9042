"""The dialogue engine: one event in, replies out, inside one unit of work.

It finds (or creates) the student behind a channel account, loads their dialogue state, routes
the event to a command, a flow, a button action or a free-text intent, and saves the new state
with optimistic locking. Bad input never raises: the student always gets an answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from coach.accounts.ports import KnownAccount
from coach.core.channels import ChannelCapabilities
from coach.core.clock import DAY_START, Clock
from coach.core.errors import ConcurrentUpdateError, StorageUnavailable
from coach.core.uow import UnitOfWork, UnitOfWorkFactory
from coach.dialogue.router import Router
from coach.dialogue.turn import IDLE, Reactions, TermsSource, Turn
from coach.domain import DialogueState, User
from coach.messages import AccountView, InboundEvent, Replies, Reply
from prompts import normalize_locale, render

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # longer messages are cut before parsing; nobody types a 10,000-character answer
ATTEMPTS = 3
# A dropped connection is replaced at once; a database restarting takes a moment longer.
STORAGE_RETRY_DELAYS_S = (0.05, 0.2)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Defaults for students the coach has not met before."""

    default_locale: str = "tr"
    default_timezone: str = "Europe/Istanbul"
    day_start: time = DAY_START  # when a study day begins (as streaks and XP count it)


class DialogueEngine:
    """Answers every channel's events with the same conversation logic."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        router: Router,
        config: EngineConfig,
        reactions: Reactions,
        *,
        terms: TermsSource | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._router = router
        self._config = config
        self._reactions = reactions
        self._terms = terms

    async def handle(
        self, event: InboundEvent, capabilities: ChannelCapabilities
    ) -> Sequence[Reply]:
        """Answer one event; never raises for bad input or a busy database."""
        event = _clean(event)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle_once(event, capabilities)
            except ConcurrentUpdateError:
                # Two events of one student raced (double tap, two processes): redo this one
                # on top of the other's result.
                log.info("dialogue conflict, retrying (%s/%s)", attempt, ATTEMPTS)
            except StorageUnavailable as error:
                # Nothing of the attempt was kept and no reply was sent yet: run it again.
                log.warning("database unavailable (%s), retrying (%s/%s)", error, attempt, ATTEMPTS)
                if attempt < ATTEMPTS:
                    await asyncio.sleep(STORAGE_RETRY_DELAYS_S[attempt - 1])
            except Exception:
                log.exception("failed to handle %s event", event.kind)
                break
        locale = normalize_locale(event.locale_hint or self._config.default_locale)
        return [Reply(text=render("common/error", locale), template="common/error")]

    async def _handle_once(
        self, event: InboundEvent, capabilities: ChannelCapabilities
    ) -> Sequence[Reply]:
        async with self._uow() as uow:
            now = self._clock.now()
            ref = event.ref
            group = None
            if ref.is_group and event.group_key:
                group = await uow.groups.get(ref.channel.value, event.group_key)
                if group is not None and not event.locale_hint:
                    event = dataclasses.replace(event, locale_hint=group.locale)
            found = await uow.users.find_with_dialogue(ref.channel.value, ref.user_key)
            if ref.is_group and (found is None or found.user.consent_at is None):
                # Consent first: nobody is taken on in a group; nothing is stored for them.
                reachable = found is not None and found.reachable
                account = AccountView(
                    reachable, group.locale if group else None,
                    group.coach_chat_id if group else None,
                )  # fmt: skip
                return Replies([self._start_first(event)], account)
            pack_id, has_bookings, has_challenges = None, False, False
            if found is None:
                user, stored, has_profile = await self._new_user(uow, event, now), None, False
                reachable = True
            else:
                user, stored, has_profile = found.user, found.state, found.has_profile
                reachable = await self._note_private_chat(uow, event, found)
                pack_id, has_bookings = found.pack_id, found.has_bookings
                has_challenges = found.has_challenges
            account = AccountView(
                reachable,
                group.locale if group else None,
                group.coach_chat_id if group else None,
            )
            state = stored or DialogueState(user.id, IDLE, "")
            turn = Turn(
                uow,
                user,
                state,
                event,
                capabilities,
                now,
                has_profile=has_profile,
                reactions=self._reactions,
                pack_id=pack_id,
                has_bookings=has_bookings,
                has_challenges=has_challenges,
                terms=self._terms,
                day_start=self._config.day_start,
            )
            await self._router.route(turn)
            if not turn.deleted:
                # What subscribers did in reaction to the turn's events, not shown yet.
                await turn.react(final=True)
            if turn.deleted:
                await uow.commit()
                return Replies(turn.replies, account)
            if turn.user != user:
                await uow.users.update(turn.user)
            if turn.state != state:
                await uow.dialogues.save(turn.state)
            await uow.commit()
            return Replies(turn.replies, account)

    def _start_first(self, event: InboundEvent) -> Reply:
        """The one line for someone the coach has not taken on yet, written in a group."""
        locale = normalize_locale(event.locale_hint or self._config.default_locale)
        template = "common/group_start_first"
        text = render(template, locale, bot_name=event.bot_name, bot_link=event.bot_link)
        return Reply(text=text, template=template)

    async def _note_private_chat(
        self, uow: UnitOfWork, event: InboundEvent, found: KnownAccount
    ) -> bool:
        """A message in a private chat is where the student can be reached from now on (a new
        Discord DM channel, a Telegram user who unblocked the bot); returns whether they can."""
        ref = event.ref
        if ref.is_group:
            return found.reachable
        if found.chat_id != ref.chat_key:
            await uow.users.set_chat_id(ref.channel.value, ref.user_key, ref.chat_key)
        if not found.reachable:
            await uow.users.set_reachable(ref.channel.value, ref.user_key, True)
        return True

    async def _new_user(self, uow: UnitOfWork, event: InboundEvent, now: datetime) -> User:
        """A student the coach has not met, with this channel account."""
        ref = event.ref
        # A client language we support wins; otherwise the deployment's default language.
        hint = (event.locale_hint or "").lower()[:2]
        locale = hint if hint in ("tr", "en") else self._config.default_locale
        user = await uow.users.add(
            locale=locale,
            timezone=self._config.default_timezone,
            now=now,
            # Consent comes before anything personal is kept: the name waits for it.
            display_name=None,
        )
        # Only ever in a private chat: a group takes nobody on (`_start_first`).
        await uow.users.add_identity(user.id, ref.channel.value, ref.user_key, ref.chat_key, now)
        return user


def _clean(event: InboundEvent) -> InboundEvent:
    """Trim and bound free text so that parsing and storage stay cheap and safe."""
    text = event.text.replace("\x00", "").strip()[:MAX_TEXT]
    command = event.command.lower().lstrip("/").split("@")[0][:32]
    return dataclasses.replace(event, text=text, command=command, payload=event.payload[:128])
