"""Leaderboards in group places: the week's XP ranks of the people of a Discord server or a
Telegram supergroup where study groups live, by display name, for members who allow boards.

Who a place's people are: the joined members of the active study groups whose place (a forum
topic, a private channel) is in that server or supergroup, with an account on its platform.
Of them a board shows only those who switched "allow boards" on (`PeerFeature.LEADERBOARDS`,
with a display name) and earned XP that week; the others are not shown, not even as a count.
A posted board speaks the language most of the place's people use (`members_locale`).

Minors: the community's rule is "minors only with minors" (an adult's group is all adults,
everyone else — minors and students who did not say — only with each other). A board is read
by everyone in the place, so a minor appears on it only when every person of the place's
roster is a minor too; with any adult there, minors are left off. Asked for on demand, the
reader counts as well: minors are shown only to a minor of that all-minor roster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.core.uow import UnitOfWork
from coach.motivation.board_ports import BoardPlace, RosterLine
from coach.motivation.league_usecases import week_of
from coach.notifications.model import Address, Notification, NotificationKind

BOARD_SIZE = 10  # lines on a board: the week's top; the rest are not listed
POST_TIME = time(9, 0)  # Monday morning in the place's zone, not at midnight in a group chat
POST_TTL = timedelta(days=1)
BOARDS_JOB = "weekly-boards"  # the job mark: the post moment of the last week queued


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line: rank (ties share it), display name, the week's XP."""

    rank: int
    name: str
    xp: int


def members_locale(locales: Sequence[str], setting: str) -> str:
    """The language a post the whole place reads is written in: the one most of its members
    use; on a tie (or with nobody yet) the place's own setting."""
    counts: dict[str, int] = {}
    for locale in locales:
        counts[locale] = counts.get(locale, 0) + 1
    if not counts:
        return setting
    top = max(counts.values())
    leaders = [locale for locale, n in counts.items() if n == top]
    return leaders[0] if len(leaders) == 1 else setting


def board_rows(
    roster: Sequence[RosterLine], *, reader: int | None = None, size: int = BOARD_SIZE
) -> tuple[BoardRow, ...]:
    """The lines of a board (see the module docstring for who is on it). `reader` is the
    student who asked for it on demand; None for a post the whole place reads."""
    by_user = {line.user_id: line for line in roster}  # a member of two groups counts once
    people = list(by_user.values())
    minors_among_minors = bool(people) and all(line.minor for line in people)
    if reader is not None:
        minors_among_minors = minors_among_minors and reader in by_user
    shown = [
        line
        for line in people
        if line.opted_in and line.name and line.xp > 0 and (minors_among_minors or not line.minor)
    ]
    shown.sort(key=lambda line: (-line.xp, (line.name or "").casefold(), line.user_id))
    rows: list[BoardRow] = []
    for position, line in enumerate(shown[:size], start=1):
        rank = rows[-1].rank if rows and rows[-1].xp == line.xp else position
        rows.append(BoardRow(rank, line.name or "", line.xp))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class ForPlace:
    """A board asked for in a place (`place_key`: the server, the supergroup)."""

    channel: str
    place_key: str
    reader: int | None = None


@dataclass(frozen=True, slots=True)
class PlaceBoard:
    """This week's board so far in one place."""

    week: date
    rows: tuple[BoardRow, ...]


async def place_board(uow: UnitOfWork, now: datetime, query: ForPlace) -> PlaceBoard:
    """The board of this week (Monday to today, as leagues count weeks) in a place."""
    week = week_of(now.date())
    roster = await uow.boards.roster(query.channel, query.place_key, week, now.date())
    return PlaceBoard(week, board_rows(roster, reader=query.reader))


@dataclass(frozen=True, slots=True)
class PostBoards:
    """Post the boards of the week that starts on `week` (a Monday), at `POST_TIME` of the
    Monday after it in `timezone` (the deployment's zone: a place has none of its own)."""

    week: date
    timezone: str


def post_moment(command: PostBoards) -> datetime:
    """When the boards of a week are posted."""
    tz = ZoneInfo(command.timezone)
    local = datetime.combine(command.week + timedelta(days=7), POST_TIME, tzinfo=tz)
    return local.astimezone(ZoneInfo("UTC"))


def board_post(
    place: BoardPlace, week: date, rows: Sequence[BoardRow], due: datetime, locale: str = ""
) -> Notification:
    """The outbox row of one place's board: addressed to the group chat, owned by no student
    (so no student's quiet hours or daily cap hold it; the group's own ceilings do)."""
    return Notification(
        user_id=None,
        kind=NotificationKind.CELEBRATION,
        template="boards/weekly",
        dedupe_key=f"board:{place.channel}:{place.place_key}:{week.isoformat()}",
        due_at=due,
        local_date=due.date(),
        address=Address(place.channel, place.chat_key, place.chat_key, is_group=True),
        locale=locale or place.locale,
        context={
            "first": week.isoformat(),
            "last": (week + timedelta(days=6)).isoformat(),
            "rows": [[row.rank, row.name, row.xp] for row in rows],
        },
        expires_at=due + POST_TTL,
    )


async def post_weekly_boards(uow: UnitOfWork, now: datetime, command: PostBoards) -> int:
    """Queue the week's board in every place that has someone to show (an empty board is
    not posted). The week is recorded once queued, so a later run of the same week queues
    nothing (the dedupe key would only refresh the rows). Returns the boards queued."""
    due = post_moment(command)
    if now < due or now >= due + POST_TTL:
        return 0
    done = await uow.outbox.last_run(BOARDS_JOB)
    if done is not None and done >= due:
        return 0
    last = command.week + timedelta(days=6)
    posts: list[Notification] = []
    for place in await uow.boards.places():
        roster = await uow.boards.roster(place.channel, place.place_key, command.week, last)
        rows = board_rows(roster)
        if rows:
            people = {line.user_id: line.locale for line in roster}  # once each
            locale = members_locale(list(people.values()), place.locale)
            posts.append(board_post(place, command.week, rows, due, locale))
    if posts:
        await uow.outbox.enqueue(posts, now)
    await uow.outbox.mark_run(BOARDS_JOB, due)
    return len(posts)
