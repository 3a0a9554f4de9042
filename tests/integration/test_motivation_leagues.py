"""Must-show 3 (storage): opted-in students with a display name are placed once per week, by
exam and age group; a week closes once (promotion and demotion applied once), results go
through the outbox, and the next week's tiers follow from them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from coach.domain import AgeBand, Profile, User
from coach.motivation.league_usecases import ForWeek, close_week, form_week
from coach.motivation.leagues import Result
from coach.motivation.xp import LedgerEntry
from coach.peers.model import PeerFeature, PeerProfile
from storage.uow import SqlUnitOfWorkFactory

WEEK = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


async def _students(factory: SqlUnitOfWorkFactory) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    async with factory() as uow:
        for label, pack, band, opted, count in (
            ("yks_adult", "yks", AgeBand.ADULT, True, 12),
            ("yks_minor", "yks", AgeBand.UNDER_18, True, 5),
            ("sat_adult", "sat", AgeBand.ADULT, True, 3),
            ("not_opted", "yks", AgeBand.ADULT, False, 4),
        ):
            for n in range(count):
                user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
                await uow.users.update(_with_band(user, band))
                await uow.profiles.save(
                    Profile(user.id, pack, "SAY", date(2027, 6, 19), WEEK - timedelta(days=30))
                )
                features = frozenset({PeerFeature.LEAGUES}) if opted else frozenset()
                await uow.peers.save(PeerProfile(user.id, f"{label}{n}", features, NOW))
                groups.setdefault(label, []).append(user.id)
        await uow.commit()
    return groups


def _with_band(user: User, band: AgeBand) -> User:
    return dataclasses.replace(user, age_band=band)


async def test_leagues_form_close_once_and_move_tiers(uow_factory: SqlUnitOfWorkFactory) -> None:
    groups = await _students(uow_factory)
    async with uow_factory() as uow:
        placed = await form_week(uow, NOW, ForWeek(WEEK))
        again = await form_week(uow, NOW, ForWeek(WEEK))
        await uow.commit()
    assert placed == 12 + 5 + 3 and again == 0
    async with uow_factory() as uow:
        entries = {u: await uow.leagues.entry(u, WEEK) for ids in groups.values() for u in ids}
    assert all(entries[u] is None for u in groups["not_opted"])
    keys = {
        label: {entries[u].league_key for u in groups[label]}
        for label in groups
        if label != "not_opted"
    }  # type: ignore[union-attr]
    assert all(len(k) == 1 for k in keys.values())  # small groups: one league each
    assert len(set().union(*keys.values())) == 3  # exams and age groups never mix

    # the week's XP: the adults earn different amounts
    async with uow_factory() as uow:
        for rank, user_id in enumerate(groups["yks_adult"]):
            entry = LedgerEntry(
                f"session:{user_id}",
                "session",
                10 * (rank + 1),
                10 * (rank + 1),
                WEEK + timedelta(days=2),
            )
            await uow.motivation.append(user_id, entry, NOW)
        await uow.commit()
    later = NOW + timedelta(days=7)
    async with uow_factory() as uow:
        closed = await close_week(uow, later, ForWeek(WEEK))
        await uow.commit()
    async with uow_factory() as uow:
        closed_again = await close_week(uow, later, ForWeek(WEEK))
        await uow.commit()
    assert closed == 20 and closed_again == 0
    async with uow_factory() as uow:
        best = await uow.leagues.entry(groups["yks_adult"][-1], WEEK)
        worst = await uow.leagues.entry(groups["yks_adult"][0], WEEK)
        placed_next = await form_week(uow, later, ForWeek(WEEK + timedelta(days=7)))
        next_best = await uow.leagues.entry(groups["yks_adult"][-1], WEEK + timedelta(days=7))
        await uow.commit()
    assert best is not None and best.result == Result.PROMOTED.value and best.rank == 1
    assert worst is not None and worst.result == Result.STAYED.value  # tier 0 cannot go down
    assert placed_next == 20
    assert next_best is not None and next_best.tier == 1
