"""Use cases of weekly leagues: form a week's leagues, close a week (once), show a league,
and join or leave (opt-in, with a display name).

Weeks start on Monday; a week's XP is the ledger's XP of study days Monday to Sunday, each
student's in their zone: a student's league week is the one their study day is in, and a week
closes only once every member's Sunday is over (`leagues.week_over`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.core.clock import study_day
from coach.core.uow import UnitOfWork
from coach.motivation.events import LeagueClosed
from coach.motivation.leagues import Result, form, results, standings, week_over
from coach.motivation.ports import LeagueEntry, Standing
from coach.peers.model import PeerFeature
from coach.peers.usecases import ForStudent as PeerOf
from coach.peers.usecases import SetFeature, SetPseudonym, peer_profile, set_feature, set_pseudonym

PACE_WEEKS = 4


def week_of(day: date) -> date:
    """The Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def local_week(at: datetime, timezone: str) -> date:
    """The Monday of the league week a student is in at `at` (their zone, their study day)."""
    return week_of(study_day(at, timezone))


@dataclass(frozen=True, slots=True)
class ForWeek:
    """Which week (its Monday)."""

    week: date


@dataclass(frozen=True, slots=True)
class JoinLeague:
    """Opt in with a display name (or the one chosen before), or opt out."""

    user_id: int
    on: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class LeagueView:
    """A student's league this week: the table, their line, the zones."""

    opted_in: bool
    entry: LeagueEntry | None
    table: Sequence[Standing]
    promote: frozenset[int]
    demote: frozenset[int]
    bad_name: bool = False
    week: date | None = None  # the student's league week (its Monday)
    formed: bool = True  # that week's leagues were formed


async def form_week(uow: UnitOfWork, now: datetime, command: ForWeek) -> int:
    """Put every opted-in student in one of the week's leagues (nothing when formed already,
    nor while last week is still open: its results set the tiers)."""
    if await uow.leagues.formed(command.week):
        return 0
    if await uow.leagues.open_zones(command.week - timedelta(days=7)):
        return 0
    since = command.week - timedelta(weeks=PACE_WEEKS)
    entrants = await uow.leagues.candidates(command.week, since)
    tiers = {e.user_id: e.tier for e in entrants}
    entries = [
        LeagueEntry(member, command.week, league.pack_id, league.minor, tiers[member], league.key)
        for league in form(entrants, command.week)
        for member in league.members
    ]
    return await uow.leagues.add_entries(entries)


async def close_week(uow: UnitOfWork, now: datetime, command: ForWeek) -> int:
    """Rank each league of the week by its XP and write who moves; a second run closes nothing
    (only open entries are closed, so promotion and demotion happen once a week). Nothing
    closes before every member's Sunday is over in their own zone."""
    if not week_over(command.week, await uow.leagues.open_zones(command.week), now):
        return 0
    open_ = await uow.leagues.open_entries(command.week)
    by_league: dict[str, list[LeagueEntry]] = {}
    for entry in open_:
        by_league.setdefault(entry.league_key, []).append(entry)
    last = command.week + timedelta(days=6)
    closed: list[LeagueEntry] = []
    for key, entries in by_league.items():
        table = await uow.leagues.table(key, command.week, command.week, last)
        xp = {s.user_id: s.xp for s in table}
        moved = results(entries[0].tier, xp.keys(), xp)
        ranks = {member: rank for rank, (member, _xp) in enumerate(standings(xp.keys(), xp), 1)}
        for entry in entries:
            result = moved.get(entry.user_id, Result.STAYED)
            closed.append(
                LeagueEntry(
                    entry.user_id, entry.week, entry.pack_id, entry.minor, entry.tier,
                    entry.league_key, result.value, xp.get(entry.user_id, 0),
                    ranks.get(entry.user_id),
                )
            )  # fmt: skip
    count = await uow.leagues.close(command.week, closed)
    if count:
        for entry in closed:
            await uow.record(
                LeagueClosed(
                    user_id=entry.user_id,
                    at=now,
                    week=command.week,
                    result=entry.result or Result.STAYED.value,
                    rank=entry.rank or 0,
                    size=len(by_league[entry.league_key]),
                    week_xp=entry.week_xp or 0,
                )
            )
    return count


async def join_league(uow: UnitOfWork, now: datetime, command: JoinLeague) -> LeagueView:
    """Opt in (a display name is needed) or out."""
    if command.on and command.name:
        named = await set_pseudonym(uow, now, SetPseudonym(command.user_id, command.name))
        if named is None:
            return LeagueView(False, None, (), frozenset(), frozenset(), bad_name=True)
    profile = await peer_profile(uow, now, PeerOf(command.user_id))
    if command.on and profile.pseudonym is None:
        return LeagueView(False, None, (), frozenset(), frozenset(), bad_name=True)
    await set_feature(uow, now, SetFeature(command.user_id, PeerFeature.LEAGUES, command.on))
    return await league_view(uow, now, PeerOf(command.user_id))


async def league_view(uow: UnitOfWork, now: datetime, query: PeerOf) -> LeagueView:
    """The student's league of this week, with display names only."""
    profile = await peer_profile(uow, now, query)
    opted = profile.allows(PeerFeature.LEAGUES)
    user = await uow.users.get(query.user_id)
    week = local_week(now, user.timezone if user else "UTC")
    entry = await uow.leagues.entry(query.user_id, week)
    if entry is None:
        formed = await uow.leagues.formed(week)
        return LeagueView(opted, None, (), frozenset(), frozenset(), week=week, formed=formed)
    table = await uow.leagues.table(entry.league_key, week, week, week + timedelta(days=6))
    xp = {s.user_id: s.xp for s in table}
    moved = results(entry.tier, xp.keys(), xp)
    order = {member: rank for rank, (member, _xp) in enumerate(standings(xp.keys(), xp))}
    ranked = sorted(table, key=lambda s: order[s.user_id])
    return LeagueView(
        opted,
        entry,
        tuple(ranked),
        frozenset(m for m, r in moved.items() if r is Result.PROMOTED),
        frozenset(m for m, r in moved.items() if r is Result.DEMOTED),
        week=week,
    )
