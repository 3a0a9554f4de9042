"""The outbox repository on SQLite and PostgreSQL: idempotent enqueue, leases, settling, stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from coach.notifications import Ack, NotificationKind, OutboxStatus, Retry, Settle
from storage.models import OutboxRow
from storage.uow import SqlUnitOfWorkFactory
from tests.notify_support import add_student, push

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


async def _rows(uow_factory: SqlUnitOfWorkFactory) -> dict[str, SimpleNamespace]:
    async with uow_factory() as uow:
        result = await uow.session.execute(select(*OutboxRow.__table__.c))
        return {row["dedupe_key"]: SimpleNamespace(**row) for row in result.mappings()}


async def test_enqueue_is_idempotent_and_refreshes_only_waiting_rows(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = await add_student(uow_factory)
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "a", NOW), push(user, "b", NOW)], NOW)
        await uow.outbox.enqueue([push(user, "a", NOW)], NOW)  # same key again: nothing new
        await uow.commit()
    assert set(await _rows(uow_factory)) == {"a", "b"}

    later = NOW + timedelta(minutes=30)
    async with uow_factory() as uow:  # "a" is still queued, so it moves; "b" is sent, so it stays
        [claimed_b] = [
            i for i in await uow.outbox.claim("telegram", 10, 60, NOW) if i.dedupe_key == "b"
        ]
        await uow.outbox.ack([Ack(claimed_b.id, claimed_b.lease_token or "", "m-1", NOW)])
        await uow.commit()
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "a", later), push(user, "b", later)], NOW)
        await uow.commit()
    rows = await _rows(uow_factory)
    assert rows["b"].status == "sent"
    assert rows["b"].due_at == NOW
    assert rows["b"].platform_message_id == "m-1"


async def test_refresh_moves_a_queued_row_and_revives_a_superseded_one(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = await add_student(uow_factory)
    later = NOW + timedelta(hours=2)
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "a", NOW), push(user, "b", NOW)], NOW)
        await uow.commit()
    async with uow_factory() as uow:
        rows = await _rows(uow_factory)
        assert await uow.outbox.drop_pending("superseded", ids=[rows["b"].id]) == 1
        await uow.commit()
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "a", later), push(user, "b", later)], NOW)
        await uow.commit()
    rows = await _rows(uow_factory)
    assert (rows["a"].status, rows["a"].due_at, rows["a"].next_attempt_at) == (
        "queued",
        later,
        later,
    )
    assert (rows["b"].status, rows["b"].due_at) == ("queued", later)


async def test_claim_leases_due_rows_once_and_reclaims_after_the_lease(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    user = await add_student(uow_factory)
    async with uow_factory() as uow:
        await uow.outbox.enqueue(
            [push(user, f"k{n}", NOW - timedelta(minutes=n)) for n in range(5)]
            + [push(user, "future", NOW + timedelta(hours=1))]
            + [push(user, "other-channel", NOW, channel="discord")],
            NOW,
        )
        await uow.commit()
    async with uow_factory() as uow:
        first = await uow.outbox.claim("telegram", 3, 30, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        second = await uow.outbox.claim("telegram", 10, 30, NOW)
        await uow.commit()
    assert [i.dedupe_key for i in first] == ["k4", "k3", "k2"]  # oldest due first
    assert [i.dedupe_key for i in second] == ["k1", "k0"]
    assert {i.status for i in first + second} == {OutboxStatus.LEASED}
    assert first[0].lease_token != second[0].lease_token

    async with uow_factory() as uow:  # nothing left until the leases run out
        assert await uow.outbox.claim("telegram", 10, 30, NOW + timedelta(seconds=29)) == []
        again = await uow.outbox.claim("telegram", 10, 30, NOW + timedelta(seconds=31))
        await uow.commit()
    assert sorted(i.dedupe_key for i in again) == ["k0", "k1", "k2", "k3", "k4"]

    async with uow_factory() as uow:  # the old lease holder can no longer settle its rows
        await uow.outbox.ack([Ack(first[0].id, first[0].lease_token or "", "stale", NOW)])
        await uow.commit()
    rows = await _rows(uow_factory)
    assert rows["k4"].status == "leased"
    assert rows["k4"].platform_message_id is None


async def test_retry_settle_and_drop(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = await add_student(uow_factory)
    async with uow_factory() as uow:
        await uow.outbox.enqueue(
            [push(user, k, NOW) for k in ("retry", "dead", "drop", "gone")], NOW
        )
        await uow.commit()
    async with uow_factory() as uow:
        claimed = {i.dedupe_key: i for i in await uow.outbox.claim("telegram", 10, 30, NOW)}
        token = {k: i.lease_token or "" for k, i in claimed.items()}
        await uow.outbox.retry_later(
            [
                Retry(
                    claimed["retry"].id,
                    token["retry"],
                    NOW + timedelta(minutes=5),
                    "502 Bad Gateway",
                )
            ]
        )
        await uow.outbox.settle(
            [
                Settle(claimed["dead"].id, token["dead"], OutboxStatus.DEAD, "gave up after 6"),
                Settle(claimed["drop"].id, token["drop"], OutboxStatus.DROPPED, "quiet hours"),
            ],
            NOW,
        )
        await uow.outbox.retry_later(
            [Retry(claimed["gone"].id, token["gone"], NOW, count_attempt=False)]
        )
        await uow.commit()
    rows = await _rows(uow_factory)
    assert (rows["retry"].status, rows["retry"].attempts, rows["retry"].last_error) == (
        "queued",
        1,
        "502 Bad Gateway",
    )
    assert rows["retry"].next_attempt_at == NOW + timedelta(minutes=5)
    assert rows["retry"].due_at == NOW  # the original due time stays for lag and expiry
    assert (rows["dead"].status, rows["dead"].last_error) == ("dead", "gave up after 6")
    assert (rows["drop"].status, rows["drop"].last_error) == ("dropped", "quiet hours")
    assert (rows["gone"].status, rows["gone"].attempts) == ("queued", 0)

    async with uow_factory() as uow:
        dropped = await uow.outbox.drop_pending(
            "recipient unreachable", channel="telegram", chat_key="1001"
        )
        await uow.commit()
    assert dropped == 2  # "retry" and "gone" were queued
    assert (await _rows(uow_factory))["gone"].last_error == "recipient unreachable"


async def test_day_rows_counts_stats_and_purge(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = await add_student(uow_factory)
    day = NOW.date()
    async with uow_factory() as uow:
        await uow.outbox.enqueue(
            [
                push(user, "sent", NOW - timedelta(minutes=10)),
                push(user, "late", NOW - timedelta(minutes=4)),
                push(user, "later", NOW + timedelta(hours=1)),
                push(user, "dropped", NOW, drop_reason="daily cap"),
                push(user, "milestone", NOW, kind=NotificationKind.MILESTONE),
            ],
            NOW,
        )
        await uow.commit()
    async with uow_factory() as uow:
        [first] = await uow.outbox.claim("telegram", 1, 30, NOW)
        await uow.outbox.ack([Ack(first.id, first.lease_token or "", "m-9", NOW)])
        await uow.commit()
    async with uow_factory() as uow:
        rows = await uow.outbox.day_rows([user], day, day)
        counts = await uow.outbox.sent_counts([(user, day)])
        keys = await uow.outbox.recent_keys([user], [NotificationKind.MILESTONE], day)
        latest = await uow.outbox.latest_context([user], NotificationKind.CHECKIN)
        stats = await uow.outbox.stats(NOW)
    assert {r.dedupe_key for r in rows} == {"sent", "late", "later", "milestone"}
    assert counts == {(user, day): 1}
    assert keys == {user: frozenset({"milestone"})}
    assert latest[user]["student"] == "Ada"
    assert stats.count(OutboxStatus.SENT) == 1
    assert stats.count(OutboxStatus.QUEUED) == 3
    assert stats.count(OutboxStatus.DROPPED) == 1
    assert stats.due_now == 2  # "late" and "milestone"
    assert stats.lag_seconds == 240
    assert stats.sent_last_hour == 1

    async with uow_factory() as uow:
        purged = await uow.outbox.purge(NOW + timedelta(days=1), ["sent", "dropped"])
        await uow.outbox.mark_run("sweep", NOW)
        await uow.commit()
    assert purged == 2
    async with uow_factory() as uow:
        assert await uow.outbox.last_run("sweep") == NOW
        assert await uow.outbox.last_run("never") is None


async def test_deleting_a_student_deletes_their_pushes(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = await add_student(uow_factory)
    async with uow_factory() as uow:
        await uow.outbox.enqueue([push(user, "a", NOW)], NOW)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.users.delete(user)
        await uow.commit()
    assert await _rows(uow_factory) == {}
