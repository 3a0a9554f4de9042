"""Study groups in the chat: `/groups` (tr `/gruplar`, and /settings → privacy) shows the
student's display name and the peer features they take part in (each a switch, all off until
they switch them on), their group or open invitation; the invitation's Join / Not now /
Show me others buttons; Leave. The display name is the one typed step."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from coach.actions import (
    COMMUNITY_FOCUS,
    COMMUNITY_NAME,
    COMMUNITY_TOGGLE,
    GROUP_JOIN,
    GROUP_LEAVE,
    GROUP_NOT_NOW,
    GROUP_OTHERS,
    PARTNER_CHEER,
)
from coach.buttons import ButtonRegistry, Payload
from coach.community.model import FocusMode, GroupStatus, GroupView, MemberStatus
from coach.community.partner_usecases import MyComparison, SendCheer, my_comparison, send_cheer
from coach.community.policy import reasons
from coach.community.reactions import CommunityReactions
from coach.community.sessions import next_session
from coach.community.usecases import (
    Answer,
    AnswerInvitation,
    AnswerResult,
    ForStudent,
    LeaveGroup,
    SetFocus,
    answer_invitation,
    leave_group,
    my_groups,
    preferences,
    set_focus,
)
from coach.dialogue.turn import Turn
from coach.domain import WEEKDAYS
from coach.peers.model import PeerFeature
from coach.peers.usecases import ForStudent as PeerOf
from coach.peers.usecases import SetFeature, SetPseudonym, peer_profile, set_feature, set_pseudonym

FLOW = "community"
SWITCHES = (
    PeerFeature.GROUPS,
    PeerFeature.PARTNER,
    PeerFeature.COMPARISON,
    PeerFeature.LEADERBOARDS,  # the week's board in the group's server or supergroup
)
ANSWERS = {"join": Answer.JOIN, "no": Answer.NOT_NOW, "others": Answer.OTHERS}


class CommunityChat:
    """`/groups`, the privacy switches, the display name, and the group buttons."""

    name = FLOW

    def __init__(self, reactions: CommunityReactions) -> None:
        self._reactions = reactions

    def register(self, buttons: ButtonRegistry) -> None:
        """The buttons work any time (an invitation arrives outside any flow)."""
        buttons.on(COMMUNITY_TOGGLE, self.toggle)
        buttons.on(COMMUNITY_NAME, self.ask_name)
        buttons.on(COMMUNITY_FOCUS, self.focus)
        buttons.on(GROUP_JOIN, self.answer)
        buttons.on(GROUP_NOT_NOW, self.answer)
        buttons.on(GROUP_OTHERS, self.answer)
        buttons.on(GROUP_LEAVE, self.leave)
        buttons.on(PARTNER_CHEER, self.cheer)

    async def command(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/groups`: the privacy screen and my group."""
        await self.show(turn)

    async def show(self, turn: Turn) -> None:
        """The display name, the switches, the focus preference, then my groups."""
        profile = await turn.run(peer_profile, PeerOf(turn.user.id))
        prefs = await turn.run(preferences, ForStudent(turn.user.id))
        rows = [
            [
                turn.button(
                    "peer_toggle",
                    # the state a tap sets: a second tap or an old copy changes nothing
                    COMMUNITY_TOGGLE.payload(f.value, "off" if f in profile.opted_in else "on"),
                    feature=f.value,
                    on=f in profile.opted_in,
                )
            ]
            for f in SWITCHES
        ]
        other = FocusMode.COMPLEMENTARY if prefs.focus is FocusMode.SIMILAR else FocusMode.SIMILAR
        rows.append(
            [turn.button("peer_focus", COMMUNITY_FOCUS.payload(other.value), mode=other.value)]
        )
        rows.append([turn.button("peer_name", COMMUNITY_NAME.payload())])
        turn.say(
            "community/privacy",
            rows,
            pseudonym=profile.pseudonym,
            minor=turn.user.is_minor,
            focus=prefs.focus.value,
        )
        if PeerFeature.COMPARISON in profile.opted_in:
            found = await turn.run(my_comparison, MyComparison(turn.user.id))
            if found is None:
                turn.say("community/comparison_few")
            else:
                turn.say("community/comparison", peers=found.peers,
                         peer_hours=found.peer_hours, my_hours=found.my_hours)  # fmt: skip
        for view in await turn.run(my_groups, ForStudent(turn.user.id)):
            self._group(turn, view)

    def _describe(self, turn: Turn, view: GroupView) -> dict[str, Any]:
        names = self._reactions.names(view.group.pack_id, turn.locale)
        starts = next_session(view, turn.now) if view.group.status is GroupStatus.ACTIVE else None
        local = starts.astimezone(ZoneInfo(turn.user.timezone)) if starts else None
        return {
            "next_day": WEEKDAYS[local.weekday()] if local else "",
            "next_time": f"{local:%H:%M}" if local else "",
            "group": view.group.name,
            "members": [m.pseudonym or "?" for m in view.joined() if m.user_id != turn.user.id],
            "invited": len(view.members),
            **reasons(view.group, names, turn.user.timezone, turn.now),
        }

    def _group(self, turn: Turn, view: GroupView) -> None:
        me = next(m for m in view.members if m.user_id == turn.user.id)
        gid = view.group.id
        if me.status is MemberStatus.INVITED:
            rows = [
                [
                    turn.button("group_join", GROUP_JOIN.payload(gid)),
                    turn.button("group_not_now", GROUP_NOT_NOW.payload(gid)),
                ],
                [turn.button("group_others", GROUP_OTHERS.payload(gid))],
            ]
            turn.say("community/invited", rows, **self._describe(turn, view))
        else:
            rows = [[turn.button("group_leave", GROUP_LEAVE.payload(gid))]]
            turn.say(
                "community/my_group",
                rows,
                status=view.group.status.value,
                **self._describe(turn, view),
            )

    # ------------------------------------------------------------------ privacy
    async def toggle(self, turn: Turn, payload: Payload) -> None:
        """A peer feature on or off, as the button says (pressing it again changes nothing);
        switching one on without a display name asks for one."""
        try:
            feature = PeerFeature(payload.arg(0))
        except ValueError:
            turn.say("common/stale_button")
            return
        state = payload.arg(1)
        if state not in ("on", "off"):  # a switch from before buttons carried their state
            turn.say("common/stale_button")
            await self.show(turn)
            return
        profile = await turn.run(peer_profile, PeerOf(turn.user.id))
        on = state == "on"
        await turn.run(set_feature, SetFeature(turn.user.id, feature, on))
        if on and profile.pseudonym is None:
            turn.goto(FLOW, "name", {})
            turn.say("community/name_first")
            return
        await self.show(turn)

    async def ask_name(self, turn: Turn, payload: Payload) -> None:
        """Ask for the display name other students see."""
        turn.goto(FLOW, "name", {})
        turn.say("community/name_ask")

    async def focus(self, turn: Turn, payload: Payload) -> None:
        """Prefer similar or complementary groups."""
        try:
            mode = FocusMode(payload.arg(0))
        except ValueError:
            turn.say("common/stale_button")
            return
        await turn.run(set_focus, SetFocus(turn.user.id, mode))
        await self.show(turn)

    async def begin(self, turn: Turn) -> None:
        """`/groups` is where this starts."""
        await self.show(turn)

    async def prompt(self, turn: Turn) -> None:
        """Ask again for the display name, the only typed step."""
        if turn.state.step == "name":
            turn.say("community/name_ask")
        else:
            turn.idle()

    async def on_text(self, turn: Turn, text: str) -> bool:
        """The typed display name; a contact detail or an empty name is refused kindly."""
        if turn.state.step != "name":
            return False
        saved = await turn.run(set_pseudonym, SetPseudonym(turn.user.id, text))
        if saved is None:
            turn.say("community/name_bad")
            return True
        turn.idle()
        turn.say("community/name_saved", pseudonym=saved.pseudonym)
        await self.show(turn)
        return True

    # ------------------------------------------------------------------ groups
    async def answer(self, turn: Turn, payload: Payload) -> None:
        """Join / Not now / Show me others on an invitation."""
        answer = ANSWERS.get(payload.action, Answer.NOT_NOW)
        outcome = await turn.run(
            answer_invitation,
            AnswerInvitation(
                payload.int_arg(0) or 0, turn.user.id, answer, self._reactions.policy.min_size
            ),
        )
        view = outcome.view
        if outcome.result is AnswerResult.GONE or view is None:
            turn.say("community/invite_gone")
            return
        template = {
            AnswerResult.JOINED: "community/joined",
            AnswerResult.FORMED: "community/formed",
        }.get(
            outcome.result, "community/others" if answer is Answer.OTHERS else "community/declined"
        )
        turn.say(template, **self._describe(turn, view))

    async def leave(self, turn: Turn, payload: Payload) -> None:
        """Leave a group, any time."""
        view = await turn.run(leave_group, LeaveGroup(payload.int_arg(0) or 0, turn.user.id))
        turn.say(
            "community/left" if view else "common/stale_button",
            group=view.group.name if view else "",
        )

    async def cheer(self, turn: Turn, payload: Payload) -> None:
        """Send the partner the chosen fixed encouragement."""
        command = SendCheer(turn.user.id, payload.int_arg(0) or 0, payload.arg(1))
        sent = await turn.run(send_cheer, command)
        turn.say("community/cheer_sent" if sent else "common/stale_button")
