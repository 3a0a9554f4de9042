"""The outbox dispatcher: claims due rows under a lease and sends them through one channel.

One dispatcher per bot token. Each run claims a batch, re-checks the student's rules (quiet
hours, pause, opt-outs, daily cap, expiry) against current settings, sends the rest within the
platform's ceilings, and writes outcomes back every few dozen milliseconds, so a crash loses at
most the outcomes of messages in flight. A row whose lease is about to run out is put back
instead of being sent, so a row is never sent by two dispatchers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from bot.jobs.delivery import (
    DispatchReport,
    Outcome,
    Unreachable,
    backoff_seconds,
    describe,
    lease_left,
    ref_for,
    reply_for,
)
from bot.jobs.ratelimit import RateLimiter
from coach.core.channels import Channel, RateLimited, RecipientUnreachable
from coach.core.clock import Clock
from coach.core.retry import retrying
from coach.core.uow import UnitOfWorkFactory
from coach.messages import DocumentSpec, Reply, ReplyKind
from coach.notifications import (
    Ack,
    Defer,
    Drop,
    OutboxItem,
    OutboxStatus,
    PendingPush,
    Retry,
    Settle,
    delivery_decision,
)
from prompts import render

log = logging.getLogger(__name__)
PhotoSource = Callable[[str], Awaitable[bytes]]  # a platform file id -> the picture's bytes
# A row that names a drawing (`context["picture"]`, the weekly card) -> the picture and its
# one-line description, drawn at send time; None when there is nothing to draw any more.
PictureSource = Callable[[OutboxItem], Awaitable[tuple[DocumentSpec, str] | None]]


class OutboxRouter(Protocol):
    """Decides at send time where a row goes on this channel (a tutor's message into the
    forum topic of their escalation's room), and hears how it went."""

    async def route(self, item: OutboxItem) -> OutboxItem | None:
        """The row as it is to be sent (another address, say); None: do not send it."""
        ...

    async def delivered(self, item: OutboxItem) -> None:
        """The routed row was sent."""
        ...

    async def refused(self, item: OutboxItem, reason: str) -> None:
        """The platform refused the routed row at the routed address (not the person)."""
        ...


@dataclass(frozen=True, slots=True)
class DispatchOptions:
    """Batching, leasing and retry rules of a dispatcher."""

    batch_size: int = 100
    lease_seconds: float = 60.0
    concurrency: int = 16
    max_attempts: int = 6
    backoff_base_s: float = 5.0
    backoff_max_s: float = 900.0
    lease_margin_s: float = 5.0  # never start a send this close to the end of the lease
    flush_interval_s: float = 0.05
    max_retry_after_s: float = 10.0  # a longer 429 wait releases the row instead


class Dispatcher:
    """Sends due pushes of one channel (see the module docstring)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        channel: Channel,
        clock: Clock,
        options: DispatchOptions | None = None,
        limiter: RateLimiter | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        photo_source: PhotoSource | None = None,
        pictures: PictureSource | None = None,
        router: OutboxRouter | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._router = router
        self._pictures = pictures
        self._photo_source = photo_source  # Telegram's download, for photos passed elsewhere
        self.channel = channel
        self._clock = clock
        self.options = options or DispatchOptions()
        self._limiter = limiter
        self._sleep = sleep  # injected: tests wait without waiting
        self._pending: list[Outcome] = []
        self._flush_lock = asyncio.Lock()

    async def drain(self, max_batches: int = 100) -> DispatchReport:
        """Run batches until nothing is due (or `max_batches` ran)."""
        total = DispatchReport()
        for _ in range(max_batches):
            report = await self.run_once()
            total.add(report)
            if report.claimed < self.options.batch_size:
                break
        return total

    async def run_once(self) -> DispatchReport:
        """Claim one batch, re-check it, send what may go, and record every outcome."""
        report = DispatchReport()
        options = self.options

        async def claim() -> Sequence[OutboxItem]:
            async with self._uow_factory() as uow:
                items = await uow.outbox.claim(
                    self.channel.name, options.batch_size, options.lease_seconds, self._clock.now()
                )
                await uow.commit()
                return items

        items = await retrying(claim)
        report.claimed = len(items)
        if not items:
            return report
        sendable = await self._gate(items, report)
        await self._send_all(sendable, report)
        return report

    async def _gate(self, items: Sequence[OutboxItem], report: DispatchReport) -> list[OutboxItem]:
        """Apply the student's current rules; defer or drop what may not go now."""
        now = self._clock.now()
        user_ids = sorted({i.user_id for i in items if i.user_id is not None})
        pairs = sorted({(i.user_id, i.local_date) for i in items if i.user_id is not None})
        async with self._uow_factory() as uow:
            controls = await uow.audience.controls(user_ids)
            sent = dict(await uow.outbox.sent_counts(pairs))
        counts: dict[tuple[int, date], int] = defaultdict(int, sent)
        sendable: list[OutboxItem] = []
        closed: list[Outcome] = []
        for item in items:
            if item.user_id is None or item.address.is_group:
                # A post in a group chat (a board, a group's week) keeps the group's ceilings,
                # not one student's quiet hours and daily cap.
                sendable.append(item)
                continue
            push = PendingPush(item.kind, item.solicited, item.expires_at)
            day = (item.user_id, item.local_date)
            decision = delivery_decision(push, controls.get(item.user_id), counts[day], now)
            token = item.lease_token or ""
            if isinstance(decision, Drop):
                closed.append(Settle(item.id, token, OutboxStatus.DROPPED, decision.reason))
            elif isinstance(decision, Defer):
                closed.append(Retry(item.id, token, decision.until, count_attempt=False))
                report.deferred += 1
            else:
                counts[day] += 0 if item.solicited else 1
                sendable.append(item)
        for outcome in closed:
            if isinstance(outcome, Settle):
                report.count(outcome)
        await self._write(closed)
        return sendable

    async def _send_all(self, items: list[OutboxItem], report: DispatchReport) -> None:
        queue: asyncio.Queue[OutboxItem] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                outcome = await self._deliver(item)
                report.count(outcome)
                self._pending.append(outcome)

        finished = asyncio.Event()

        async def flusher() -> None:
            # Never cancelled mid-write: a write cut short would lose acks, and a lost ack means
            # the row is sent again once its lease runs out.
            while not finished.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(finished.wait(), self.options.flush_interval_s)
                await self._flush()

        flushing = asyncio.create_task(flusher())
        try:
            workers = min(self.options.concurrency, len(items))
            await asyncio.gather(*(worker() for _ in range(workers)))
        finally:
            finished.set()
            await flushing
            await self._flush()

    async def _with_photo(self, item: OutboxItem, reply: Reply) -> Reply:
        """A Telegram photo passed on to another platform (a tutor's photo to a Discord
        student): downloaded and attached. When the download fails the text goes alone, and
        says "[photo]"."""
        channel, _, file_id = str(item.context.get("photo") or "").partition(":")
        if (
            self._photo_source is None
            or channel != "telegram"
            or not file_id
            or item.address.channel == "telegram"
        ):
            return reply
        try:
            content = await self._photo_source(file_id)
        except Exception:  # a lost photo must not hold the message back
            log.warning("cannot download Telegram photo of outbox row %s", item.id, exc_info=True)
            return reply
        picture = DocumentSpec("photo.jpg", content, "image/jpeg")
        # Not described by anyone: say what it is rather than leave the file name to be read.
        alt = render("common/photo_alt", item.locale).strip()
        meta = {**reply.meta, "alt": alt}
        return dataclasses.replace(reply, kind=ReplyKind.PHOTO, document=picture, meta=meta)

    async def _draw(self, item: OutboxItem, reply: Reply) -> Reply | str | None:
        """The reply with the picture its row names, drawn now; None when there is nothing to
        draw (no plan any more), a reason when drawing failed (retried like a send)."""
        if self._pictures is None:
            return "no picture source"
        try:
            picture = await self._pictures(item)
        except Exception as error:  # a database blip while drawing: retry later
            log.warning("cannot draw the picture of outbox row %s", item.id, exc_info=True)
            return f"picture: {describe(error)}"
        if picture is None:
            return None
        document, alt = picture
        return dataclasses.replace(
            reply, kind=ReplyKind.PHOTO, document=document, meta={**reply.meta, "alt": alt}
        )

    async def _deliver(self, item: OutboxItem) -> Outcome:
        if self._router is None:
            return await self._deliver_item(item)
        token = item.lease_token or ""
        try:
            routed = await self._router.route(item)
        except Exception as error:  # a network blip making the room: retried like a send
            log.warning("cannot route outbox row %s", item.id, exc_info=True)
            return self._failed(item, f"route: {describe(error)}")
        if routed is None:
            return Settle(item.id, token, OutboxStatus.DROPPED, "nowhere to route")
        if routed is item:
            return await self._deliver_item(item)
        outcome = await self._deliver_item(routed)
        if isinstance(outcome, Ack):
            try:
                await self._router.delivered(routed)
            except Exception:  # the message is out; what follows it must not resend it
                log.warning("after routed outbox row %s", item.id, exc_info=True)
        elif (reason := _refusal(outcome)) is not None:
            # The routed place refused (the bot left the group, the topic is gone): that says
            # nothing about the person, whose own chat is tried next.
            await self._router.refused(routed, reason)
            return Retry(item.id, token, self._clock.now(), reason)
        return outcome

    async def _deliver_item(self, item: OutboxItem) -> Outcome:
        options = self.options
        token = item.lease_token or ""
        try:
            reply = reply_for(item)
            ref = ref_for(item)
        except Exception as error:  # a broken template or address must not stop the queue
            log.exception("cannot render outbox row %s", item.id)
            return Settle(item.id, token, OutboxStatus.DEAD, f"render: {describe(error)}")
        reply = await self._with_photo(item, reply)
        if item.context.get("picture"):
            drawn = await self._draw(item, reply)
            if drawn is None:
                return Settle(item.id, token, OutboxStatus.DROPPED, "nothing to draw")
            if isinstance(drawn, str):
                return self._failed(item, drawn)
            reply = drawn
        for _ in range(3):
            now = self._clock.now()
            budget = lease_left(item, now) - options.lease_margin_s
            if budget <= 0:
                return Retry(item.id, token, now, count_attempt=False)
            if self._limiter is not None:
                wait = self._limiter.reserve(ref.chat_key, ref.is_group, min(budget, 30.0))
                if wait is None:
                    later = now + timedelta(seconds=self._limiter.next_free_in(ref.chat_key))
                    return Retry(item.id, token, later, count_attempt=False)
                if wait > 0:
                    await self._sleep(wait)
            try:
                message_id = await self.channel.send(ref, reply)
            except RateLimited as limited:
                if self._limiter is not None:
                    self._limiter.pause(limited.retry_after)
                if self._limiter is None or limited.retry_after > options.max_retry_after_s:
                    later = now + timedelta(seconds=limited.retry_after)
                    note = f"429 retry after {limited.retry_after:g}s"
                    return Retry(item.id, token, later, note, count_attempt=False)
                continue  # the limiter now holds every send until retry_after has passed
            except RecipientUnreachable as error:
                settle = Settle(item.id, token, OutboxStatus.FAILED, describe(error))
                address = item.address
                return Unreachable(settle, address.channel, address.user_key, address.chat_key)
            except Exception as error:  # network, 5xx, or a channel bug: retry, then dead-letter
                return self._failed(item, describe(error))
            return Ack(item.id, token, message_id, self._clock.now())
        return Retry(item.id, token, self._clock.now(), "429 repeatedly", count_attempt=False)

    def _failed(self, item: OutboxItem, reason: str) -> Outcome:
        attempt = item.attempts + 1
        token = item.lease_token or ""
        if attempt >= self.options.max_attempts:
            note = f"gave up after {attempt} attempts: {reason}"
            return Settle(item.id, token, OutboxStatus.DEAD, note)
        delay = backoff_seconds(attempt, self.options.backoff_base_s, self.options.backoff_max_s)
        return Retry(item.id, token, self._clock.now() + timedelta(seconds=delay), reason)

    async def _flush(self) -> None:
        async with self._flush_lock:
            outcomes, self._pending = self._pending, []
            await self._write(outcomes)

    async def _write(self, outcomes: Sequence[Outcome]) -> None:
        if not outcomes:
            return
        acks = [o for o in outcomes if isinstance(o, Ack)]
        retries = [o for o in outcomes if isinstance(o, Retry)]
        settles = [o for o in outcomes if isinstance(o, Settle)]
        unreachable = [o for o in outcomes if isinstance(o, Unreachable)]
        settles += [o.settle for o in unreachable]

        async def write() -> None:
            async with self._uow_factory() as uow:
                await uow.outbox.ack(acks)
                await uow.outbox.retry_later(retries)
                await uow.outbox.settle(settles, self._clock.now())
                for gone in unreachable:
                    await uow.users.set_reachable(
                        gone.channel, gone.user_key, False, gone.settle.reason[:200]
                    )
                    await uow.outbox.drop_pending(
                        "recipient unreachable", channel=gone.channel, chat_key=gone.chat_key
                    )
                await uow.commit()

        # Outcomes must not be lost to a database blip or a shutdown: a lost ack means a second
        # send once the lease runs out.
        await asyncio.shield(retrying(write, attempts=6, base_delay=0.2))


def _refusal(outcome: Outcome) -> str | None:
    """Why the platform refused a message for good (403, 400), or None (sent, or worth a retry)."""
    if isinstance(outcome, Unreachable):
        return outcome.settle.reason
    reason = outcome.error if isinstance(outcome, Retry) else getattr(outcome, "reason", None)
    # `describe` names the error class first: a 400 is a plain DeliveryError (network errors
    # and 5xx are TransientDeliveryError, retried at the same place).
    if isinstance(reason, str) and (
        reason.startswith("DeliveryError:") or ": DeliveryError:" in reason
    ):
        return reason
    return None
