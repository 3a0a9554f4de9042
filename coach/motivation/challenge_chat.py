"""`/challenge` (tr `/meydan`): in a private chat the student's challenge of the week with
Accept / Swap; in a group place (a Discord server channel, a Telegram group or forum topic)
the place's challenge with its shared progress and a Join button. The line after Done that
says how far a challenge got is `ChallengeViews`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coach.actions import CHALLENGE_ACCEPT, CHALLENGE_JOIN, CHALLENGE_LEAVE, CHALLENGE_SWAP
from coach.buttons import ButtonRegistry, Payload
from coach.community.posts import TOPIC_SEPARATOR
from coach.dialogue.turn import Turn
from coach.events import DomainEvent, of_type
from coach.motivation.challenge_ports import Challenge
from coach.motivation.challenge_usecases import (
    Answer,
    AnswerChallenge,
    ForPlace,
    ForStudent,
    GroupView,
    JoinGroup,
    LeaveGroup,
    answer_challenge,
    group_challenge,
    join_group,
    leave_group,
    my_challenge,
)
from coach.motivation.challenges import ChallengeProgressed, ChallengeStatus, days_left
from coach.packs.catalog import Catalog

ACCEPT_WORDS = frozenset({"accept", "kabul", "tamam"})
SWAP_WORDS = frozenset({"swap", "degistir", "değiştir", "baska", "başka"})
JOIN_WORDS = frozenset({"join", "katil", "katıl"})
LEAVE_WORDS = frozenset({"leave", "ayril", "ayrıl"})  # as /league leave (tr /lig ayrıl)


class ChallengeChat:
    """The command, its buttons, and the group place's view."""

    def __init__(self, catalog: Catalog, group_timezone: str) -> None:
        self._catalog = catalog
        self._group_timezone = group_timezone  # a group place's week: the deployment's zone

    def register(self, buttons: ButtonRegistry) -> None:
        """The buttons work any time (the Monday offer arrives outside any flow)."""
        buttons.on(CHALLENGE_ACCEPT, self.accept)
        buttons.on(CHALLENGE_SWAP, self.swap)
        buttons.on(CHALLENGE_JOIN, self.join)
        buttons.on(CHALLENGE_LEAVE, self.leave)

    def _goal(self, turn: Turn, challenge: Challenge) -> dict[str, Any]:
        pack = self._catalog.packs.get(challenge.pack_id or "")
        topic = pack.topics_by_id.get(challenge.goal.topic_id or "") if pack else None
        name = ""
        if topic is not None:
            name = topic.name if turn.locale == "tr" else (topic.name_en or topic.name)
        return {"kind": challenge.goal.kind.value, "target": challenge.goal.target,
                "topic": name}  # fmt: skip

    def _place(self, turn: Turn) -> ForPlace:
        ref = turn.event.ref
        # A Discord server is its guild; a Telegram group is the chat (any of its topics).
        place = turn.event.group_key or ref.chat_key.partition(TOPIC_SEPARATOR)[0]
        return ForPlace(ref.channel.value, place, ref.chat_key, self._group_timezone,
                        turn.locale, turn.user.id)  # fmt: skip

    async def command(self, turn: Turn, args: tuple[str, ...]) -> None:
        """Show the challenge; `accept` / `swap` (in a group: `join NAME`, `leave`) as typed
        words."""
        word = args[0].casefold() if args else ""
        if turn.event.ref.is_group:
            # Only those who consented get here (the engine answers anyone else first).
            view = await turn.run(group_challenge, self._place(turn))
            if word in JOIN_WORDS:
                name = " ".join(args[1:])
                command = JoinGroup(view.challenge.id, turn.user.id, self._place(turn), name)
                view = await turn.run(join_group, command)
            elif word in LEAVE_WORDS:
                leave = LeaveGroup(view.challenge.id, turn.user.id, self._place(turn))
                view = await turn.run(leave_group, leave)
            self._show_group(turn, view)
            return
        outcome = await turn.run(my_challenge, ForStudent(turn.user.id))
        challenge = outcome.challenge
        if challenge is None:
            turn.say("challenge/no_plan")
            return
        if word in ACCEPT_WORDS | SWAP_WORDS and challenge.status is ChallengeStatus.OFFERED:
            answer = AnswerChallenge(turn.user.id, challenge.id, challenge.swaps,
                                     accept=word in ACCEPT_WORDS)  # fmt: skip
            answered = await turn.run(answer_challenge, answer)
            self._after_answer(turn, answered.answer, answered.challenge, answered.today)
            return
        self._show(turn, challenge, outcome.today)

    @staticmethod
    def _when(challenge: Challenge, today: date | None) -> dict[str, Any]:
        """Whether the challenge is next week's, and the days its week has left."""
        if today is None:
            return {"next_week": False, "days_left": 7}
        return {"next_week": challenge.week > today, "days_left": days_left(challenge.week, today)}

    def _show(
        self,
        turn: Turn,
        challenge: Challenge,
        today: date | None,
        template: str = "challenge/show",
    ) -> None:
        choices = []
        if challenge.status is ChallengeStatus.OFFERED:
            version = (challenge.id, challenge.swaps)
            choices = [[
                turn.button("challenge_accept", CHALLENGE_ACCEPT.payload(*version)),
                turn.button("challenge_swap", CHALLENGE_SWAP.payload(*version)),
            ]]  # fmt: skip
        turn.say(template, choices, status=challenge.status.value,
                 progress=min(challenge.progress, challenge.goal.target),
                 first=challenge.week, **self._goal(turn, challenge),
                 **self._when(challenge, today))  # fmt: skip

    def _after_answer(
        self, turn: Turn, answer: Answer, challenge: Challenge | None, today: date | None
    ) -> None:
        if challenge is None:
            turn.say("challenge/no_plan")
        elif answer is Answer.ACCEPTED:
            self._show(turn, challenge, today, "challenge/accepted")
        elif answer is Answer.SWAPPED:
            self._show(turn, challenge, today, "challenge/swapped")
        else:
            turn.say("challenge/stale" if answer is Answer.STALE else "challenge/already")
            self._show(turn, challenge, today)

    async def _answer(self, turn: Turn, payload: Payload, *, accept: bool) -> None:
        challenge_id, swaps = payload.int_arg(0), payload.int_arg(1)
        if challenge_id is None or swaps is None:
            turn.say("common/stale_button")
            return
        command = AnswerChallenge(turn.user.id, challenge_id, swaps, accept=accept)
        answered = await turn.run(answer_challenge, command)
        self._after_answer(turn, answered.answer, answered.challenge, answered.today)

    async def accept(self, turn: Turn, payload: Payload) -> None:
        """Accept: counting starts now."""
        await self._answer(turn, payload, accept=True)

    async def swap(self, turn: Turn, payload: Payload) -> None:
        """Swap for a different challenge."""
        await self._answer(turn, payload, accept=False)

    async def join(self, turn: Turn, payload: Payload) -> None:
        """Join the place's challenge (from its message in the group)."""
        challenge_id = payload.int_arg(0)
        if not turn.event.ref.is_group or challenge_id is None:
            turn.say("challenge/group_only")
            return
        command = JoinGroup(challenge_id, turn.user.id, self._place(turn))
        self._show_group(turn, await turn.run(join_group, command))

    async def leave(self, turn: Turn, payload: Payload) -> None:
        """Leave the place's challenge (from its message in the group)."""
        challenge_id = payload.int_arg(0)
        if not turn.event.ref.is_group or challenge_id is None:
            turn.say("challenge/group_only")
            return
        command = LeaveGroup(challenge_id, turn.user.id, self._place(turn))
        self._show_group(turn, await turn.run(leave_group, command))

    def _show_group(self, turn: Turn, view: GroupView) -> None:
        challenge = view.challenge
        if view.bad_name:
            turn.say("challenge/name_needed")
            return
        choices = []
        if challenge.completed_at is None and view.joined:
            choices = [turn.button("challenge_leave", CHALLENGE_LEAVE.payload(challenge.id))]
        elif challenge.completed_at is None:
            choices = [turn.button("challenge_join", CHALLENGE_JOIN.payload(challenge.id))]
        rows = [[m.name, m.count] for m in view.shown]
        turn.say("challenge/group", choices, target=challenge.target,
                 progress=min(challenge.progress, challenge.target), rows=rows,
                 joined=view.joined, done=challenge.completed_at is not None, left=view.left,
                 first=challenge.week)  # fmt: skip


class ChallengeViews:
    """After the learning that moved a challenge, one line saying how far it got."""

    async def show(self, turn: Turn, events: Sequence[DomainEvent], *, final: bool) -> None:
        """The newest progress of each challenge the turn moved."""
        latest: dict[tuple[bool, int], ChallengeProgressed] = {}
        for event in of_type(events, ChallengeProgressed):
            latest[(event.group, event.challenge_id)] = event
        for event in latest.values():
            turn.say("challenge/progress", group=event.group, kind=event.kind,
                     progress=min(event.progress, event.target), target=event.target,
                     done=event.progress >= event.target)  # fmt: skip
