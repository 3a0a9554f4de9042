"""The motivation feature in the chat: /streak (/seri), /badges (/rozetler) and the XP line
shown after the learning that earned it (Done, a mock, a level reached in a quiz)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from coach.dialogue.turn import Reactions, Turn
from coach.events import DomainEvent, of_type
from coach.messages import photo
from coach.motivation.card import card_alt
from coach.motivation.card_png import render_card
from coach.motivation.events import XpEarned
from coach.motivation.league_usecases import JoinLeague, join_league, league_view, week_of
from coach.motivation.streaks import Mark
from coach.motivation.usecases import ForStudent, MotivationUseCases
from coach.motivation.xp import level_of
from coach.peers.usecases import ForStudent as PeerOf

MARK_ICONS = {
    Mark.KEPT: "🟩",
    Mark.REST: "⬜",
    Mark.ILL: "🩹",
    Mark.FROZEN: "🧊",
    Mark.MISSED: "🟥",
    Mark.OPEN: "⬛",
}
JOIN_WORDS = frozenset({"join", "katil", "katıl"})
QUIET_REASONS = frozenset({"quiz"})  # one line per answer would drown the quiz


def level_name(turn: Turn, number: int) -> str:
    """A level's name in the student's language."""
    return turn.text("motivation/level_name", level=number).strip()


class MotivationChat:
    """The commands of the feature and the view of its events."""

    def __init__(self, usecases: MotivationUseCases) -> None:
        self._usecases = usecases

    async def streak(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The streak, the last 30 days as a row of marks, and the freezes held."""
        outcome = await turn.run(self._usecases.streak, ForStudent(turn.user.id))
        days = outcome.streak.last_days(outcome.today, 30)
        weeks = [
            "".join(MARK_ICONS[mark] for _day, mark in days[i : i + 7])
            for i in range(0, len(days), 7)
        ]
        turn.say(
            "motivation/streak",
            count=outcome.streak.count,
            best=outcome.streak.best,
            freezes=outcome.streak.freezes,
            weeks=weeks,
            since_start=len(days) < 30,
            used=len([m for _d, m in days if m is Mark.FROZEN]),
        )

    async def ill(self, turn: Turn, args: tuple[str, ...]) -> None:
        """ "Hastayım": today is frozen, the streak is safe."""
        outcome = await turn.run(self._usecases.declare_ill, ForStudent(turn.user.id))
        turn.say("motivation/ill_noted", count=outcome.streak.count)

    async def badges(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Earned badges and the progress to the next few."""
        outcome = await turn.run(self._usecases.badges, ForStudent(turn.user.id))
        locale = turn.locale
        turn.say(
            "motivation/badges",
            earned=[
                {"icon": b.icon, "name": b.name.get(locale), "at": at} for b, at in outcome.earned
            ],
            upcoming=[
                {
                    "icon": p.badge.icon,
                    "name": p.badge.name.get(locale),
                    "description": p.badge.description.get(locale),
                    "value": min(p.value, p.badge.rule.at),
                    "target": p.badge.rule.at,
                }
                for p in outcome.next
            ],
            level=outcome.level.number,
            level_name=level_name(turn, outcome.level.number),
            xp=outcome.level.xp,
            to_next=outcome.level.to_next,
        )

    async def card(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The weekly progress card as a picture."""
        data = await turn.run(self._usecases.card, ForStudent(turn.user.id))
        if data is None:
            turn.say("motivation/card_none")
            return
        turn.add(
            photo(
                render_card(data),
                "progress.png",
                caption=turn.text("motivation/card_caption"),
                alt=card_alt(data, turn.locale),
                template="motivation/card_caption",
            )
        )


class LeagueChat:
    """/league (/lig): the week's table; `/league join NAME` opts in, `/league leave` out."""

    async def league(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Show, join or leave."""
        word = args[0].lower() if args else ""
        if word in JOIN_WORDS:
            name = " ".join(args[1:])
            view = await turn.run(join_league, JoinLeague(turn.user.id, True, name))
            if view.bad_name:
                turn.say("motivation/league_name_needed")
                return
        elif word in {"leave", "ayril", "ayrıl"}:
            await turn.run(join_league, JoinLeague(turn.user.id, False))
            turn.say("motivation/league_left")
            return
        else:
            view = await turn.run(league_view, PeerOf(turn.user.id))
        if not view.opted_in:
            turn.say("motivation/league_opt_in")
            return
        if view.entry is None:
            # the weekly job forms a week's leagues once, on its Monday when last week is over
            # for every member: someone who joins later in the week is placed the next Monday
            week = view.week or week_of(turn.now.date())
            turn.say(
                "motivation/league_waiting",
                joined=word in JOIN_WORDS,
                monday=week + timedelta(days=7) if view.formed else week,
            )
            return
        rows = [
            {
                "rank": rank,
                "name": line.name,
                "xp": line.xp,
                "me": line.user_id == turn.user.id,
                "zone": "up"
                if line.user_id in view.promote
                else "down"
                if line.user_id in view.demote
                else "",
            }
            for rank, line in enumerate(view.table, start=1)
        ]
        turn.say("motivation/league", rows=rows, tier=view.entry.tier + 1)


class MotivationViews:
    """Shows one XP line per turn for the XP it earned (and a level reached)."""

    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        """One line summing the turn's XP; quiz answers only speak when a level is reached."""
        earned = of_type(events, XpEarned)
        if not earned:
            return
        amount = sum(e.amount for e in earned)
        last = earned[-1]
        first_level = earned[0].level_before
        levelled = last.level > first_level
        if not levelled and all(e.reason in QUIET_REASONS for e in earned):
            return
        if amount == 0 and not any(e.capped for e in earned):
            return
        turn.say(
            "motivation/xp_earned",
            amount=amount,
            balance=last.balance,
            level=last.level,
            level_name=level_name(turn, last.level),
            levelled=levelled,
            capped=any(e.capped for e in earned),
            to_next=level_of(last.balance).to_next,
        )


class AllReactions:
    """Several reaction views, shown in order (the core's, then the features')."""

    def __init__(self, *views: Reactions) -> None:
        self._views = views

    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        """Let every view show what it knows of these events."""
        for view in self._views:
            await view.show(turn, events, final=final)
