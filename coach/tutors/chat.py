"""Human tutoring in the chat: `/tutor` (a student asks; `/tutor CODE` makes the sender a
tutor; a tutor sees their own escalations), `/end`, the offer's and the ask's buttons, and the
relay that takes free text while a tutor is in the student's chat (commands still work).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from coach.actions import (
    TUTOR_ACCEPT,
    TUTOR_BOOK,
    TUTOR_CANCEL,
    TUTOR_DECLINE,
    TUTOR_MORE_TIME,
    TUTOR_PASS,
    TUTOR_RATE,
    TUTOR_SLOT,
    TUTOR_START,
    TUTOR_TAKE,
)
from coach.buttons import ButtonRegistry, Payload
from coach.core.uow import UnitOfWork
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.learning.adaptation import STRUGGLE
from coach.learning.escalation import TutorOffer
from coach.messages import Choice, EventKind
from coach.packs.catalog import Catalog
from coach.tutors.accounts import RedeemCode, redeem_code
from coach.tutors.booking import SESSION_MINUTES, Book, book, slots_for
from coach.tutors.comment import ask_comment
from coach.tutors.console import LINK_MINUTES, issue_link
from coach.tutors.conversation import (
    BlockTutor,
    End,
    Note,
    Rate,
    Relay,
    add_note,
    awaiting_note,
    block_tutor,
    end,
    rate,
    relay,
    tutor_overview,
)
from coach.tutors.model import TUTOR_ROLE, Escalation, EscalationState, Speaker
from coach.tutors.notices import RATINGS
from coach.tutors.packet import build_packet
from coach.tutors.policy import DEFAULT_TUTOR_POLICY
from coach.tutors.rooms import LIVE, room_of
from coach.tutors.usecases import (
    RequestTutor,
    StudentAnswer,
    TutorAnswer,
    accept_offer,
    cancel_request,
    decline_offer,
    pass_ask,
    request_tutor,
    start,
    take,
)

S = EscalationState
_BLOCK = frozenset({"block", "engelle"})
_REPORT = frozenset({"report", "bildir", "sikayet", "şikayet"})
_CODE = re.compile(r"^[A-Za-z]{3}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$")


@dataclass(frozen=True, slots=True)
class StudentTopic:
    """Which topic a student's own request is about."""

    user_id: int


@dataclass(frozen=True, slots=True)
class ReadPacket:
    """The packet of an escalation, for its assigned tutor only."""

    escalation_id: int
    tutor_id: int
    locale: str


def offer_choices(turn: Turn, offer: TutorOffer) -> list[list[Choice]]:
    """Yes / No under an offer that opened an escalation (none under other notes)."""
    escalation_id = offer.context.get("escalation_id")
    if not isinstance(escalation_id, int):
        return []
    return [
        [
            turn.button("tutor_yes", TUTOR_ACCEPT.payload(escalation_id), "primary"),
            turn.button("tutor_no", TUTOR_DECLINE.payload(escalation_id)),
        ]
    ]


class TutorChat:
    """The commands, buttons and relay of human tutoring."""

    def __init__(self, catalog: Catalog, console_url: str | None = None) -> None:
        self._catalog = catalog
        self._console_url = console_url  # the web address; None: no console link

    def register(self, buttons: ButtonRegistry) -> None:
        """Every tutoring button works any time (they come from pushes as well)."""
        buttons.on(TUTOR_ACCEPT, self.accept)
        buttons.on(TUTOR_DECLINE, self.decline)
        buttons.on(TUTOR_CANCEL, self.cancel)
        buttons.on(TUTOR_TAKE, self.take)
        buttons.on(TUTOR_PASS, self.pass_)
        buttons.on(TUTOR_START, self.start)
        buttons.on(TUTOR_RATE, self.rate)
        buttons.on(TUTOR_BOOK, self.book)
        buttons.on(TUTOR_SLOT, self.slot)

    def _names(self, escalation: Escalation, locale: str) -> dict[str, Any]:
        pack = self._catalog.packs.get(escalation.pack_id)
        return {
            "topic": topic_name(pack, escalation.topic_id, locale) if pack else "",
            "minor": escalation.minor,
            "minutes": DEFAULT_TUTOR_POLICY.wave_minutes * DEFAULT_TUTOR_POLICY.waves,
        }

    # ------------------------------------------------------------------ use cases of the chat
    async def student_topic(
        self, uow: UnitOfWork, now: datetime, query: StudentTopic
    ) -> tuple[str, str, str] | None:
        """(pack, subject, topic) of a request: the latest struggle, else the weakest topic."""
        profile = await uow.profiles.get(query.user_id)
        pack = self._catalog.packs.get(profile.pack_id) if profile else None
        if profile is None or pack is None or not pack.topics:
            return None
        struggles = await uow.feedback.decisions(query.user_id, pack.id, kind=STRUGGLE, limit=1)
        topic_id = (struggles[0].topic_id if struggles else None) or ""
        if topic_id not in pack.topics_by_id:
            mastery = await uow.progress.mastery(query.user_id, pack.id)
            topic_id = min(pack.topics, key=lambda t: mastery.get(t.id, 0.5)).id
        return pack.id, pack.topics_by_id[topic_id].subject_id, topic_id

    async def packet(self, uow: UnitOfWork, now: datetime, query: ReadPacket) -> Any:
        """The packet, or None when the escalation is not this tutor's (checked in the query)."""
        escalation = await uow.tutors.tutor_escalation(query.escalation_id, query.tutor_id)
        if escalation is None:
            return None
        return await build_packet(uow, self._catalog, escalation, now, query.locale)

    async def _awaiting_note(self, uow: UnitOfWork, now: datetime, tutor_id: int) -> Any:
        return await awaiting_note(uow, tutor_id, now)

    # ------------------------------------------------------------------ /tutor and /end
    async def command(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/tutor CODE`, `/tutor` (a tutor's own list), `/tutor [my words]` (a student asks)."""
        action = args[0].lower() if args else ""
        if args and _CODE.match(args[0]):
            await self._redeem(turn, args[0])
        elif action in ("console", "panel"):
            await self._console(turn)
        elif action in _BLOCK or action in _REPORT:
            await self._block(turn, action in _REPORT, " ".join(args[1:]))
        elif turn.user.role == TUTOR_ROLE:
            await self._mine(turn)
        else:
            await self._request(turn, " ".join(args))

    async def _redeem(self, turn: Turn, code: str) -> None:
        if turn.user.role == TUTOR_ROLE:
            turn.say("tutors/already_tutor")
            return
        profile = await turn.run(redeem_code, RedeemCode(turn.user.id, code, turn.user.timezone))
        if profile is None:
            turn.say("tutors/bad_code")
            return
        turn.set_user(role=TUTOR_ROLE)
        turn.say("tutors/welcome", who=profile.name, subjects=", ".join(profile.subjects))

    async def _console(self, turn: Turn) -> None:
        token = await turn.run(issue_link, turn.user.id)
        if token is None or self._console_url is None:
            turn.say("tutors/tutors_only")
            return
        url = f"{self._console_url.rstrip('/')}/tutor/login?token={token}"
        turn.say("tutors/console_link", url=url, minutes=LINK_MINUTES)

    async def _block(self, turn: Turn, report: bool, words: str) -> None:
        blocked = await turn.run(block_tutor, BlockTutor(turn.user.id, report, words))
        if blocked is None:
            turn.say("tutors/no_tutor_to_block")
            return
        turn.say("tutors/reported" if report else "tutors/blocked")

    async def _mine(self, turn: Turn) -> None:
        items = await turn.run(tutor_overview, turn.user.id)
        turn.say(
            "tutors/mine",
            items=[
                {"id": e.id, "state": e.state.value, **self._names(e, turn.locale)} for e in items
            ],
        )

    async def _request(self, turn: Turn, words: str) -> None:
        found = await turn.run(self.student_topic, StudentTopic(turn.user.id))
        if found is None:
            turn.say("common/setup_first")
            return
        pack_id, subject_id, topic_id = found
        escalation = await turn.run(
            request_tutor,
            RequestTutor(
                turn.user.id, pack_id, subject_id, topic_id, turn.user.is_minor, turn.locale, words
            ),
        )
        self._show_request(turn, escalation)

    def _show_request(self, turn: Turn, escalation: Escalation) -> None:
        names = self._names(escalation, turn.locale)
        if escalation.state is S.REQUESTED:
            cancel = turn.button("tutor_cancel", TUTOR_CANCEL.payload(escalation.id))
            turn.say("tutors/requested", [[cancel]], **names)
        elif escalation.state is S.EXPIRED:
            book = turn.button("tutor_book", TUTOR_BOOK.payload(escalation.id))
            turn.say("tutors/none_free", [[book]], **names)
        elif escalation.state in (S.ASSIGNED, S.ACTIVE):
            turn.say("tutors/already_with_tutor", **names)
        else:
            turn.say("tutors/nothing_open")

    async def end(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/end`: close the tutoring conversation from either side."""
        ended = await turn.run(end, End(turn.user.id))
        if ended is None:
            turn.say("tutors/nothing_to_end")
            return
        escalation, speaker = ended
        if speaker is Speaker.STUDENT:
            turn.say("tutors/ended_student", [self._ratings(turn, escalation.id)])
        else:
            turn.say("tutors/write_note", **self._names(escalation, turn.locale))

    def _ratings(self, turn: Turn, escalation_id: int) -> list[Choice]:
        return [
            turn.button(f"tutor_rate_{n}", TUTOR_RATE.payload(escalation_id, n)) for n in RATINGS
        ]

    # ------------------------------------------------------------------ the relay
    async def intercept(self, turn: Turn) -> bool:
        """Free text (or a photo) while a tutor is in the chat goes to the other side; a
        tutor's first text after the end is their note. True when it was taken."""
        if turn.event.kind not in (EventKind.TEXT, EventKind.FILE):
            return False
        text, photo = turn.event.text, _photo(turn)
        relayed = await turn.run(
            relay, Relay(turn.user.id, text, photo, turn.user.display_name or "")
        )
        if relayed.escalation is not None:
            return True
        if turn.user.role != TUTOR_ROLE or not text:
            return False
        noted = await turn.run(add_note, Note(turn.user.id, text))
        if noted is None:
            return False
        names = self._names(noted, turn.locale)
        # The note can propose a plan change; the student still accepts it (`plan_note`).
        more = turn.button("tutor_more_time", TUTOR_MORE_TIME.payload(noted.id), **names)
        turn.say("tutors/note_saved", [[more]], **names)
        return True

    # ------------------------------------------------------------------ buttons
    def _student(self, turn: Turn, payload: Payload) -> StudentAnswer:
        return StudentAnswer(payload.int_arg(0) or 0, turn.user.id)

    def _tutor(self, turn: Turn, payload: Payload) -> TutorAnswer:
        return TutorAnswer(payload.int_arg(0) or 0, turn.user.id)

    async def accept(self, turn: Turn, payload: Payload) -> None:
        """The student accepts the offer: tutors are asked."""
        escalation = await turn.run(accept_offer, self._student(turn, payload))
        if escalation is None:
            turn.say("tutors/offer_over")
            return
        self._show_request(turn, escalation)

    async def decline(self, turn: Turn, payload: Payload) -> None:
        """The student declines: not offered again on this topic for a week."""
        escalation = await turn.run(decline_offer, self._student(turn, payload))
        if escalation is None:
            turn.say("tutors/offer_over")
            return
        turn.say("tutors/declined", **self._names(escalation, turn.locale))

    async def cancel(self, turn: Turn, payload: Payload) -> None:
        """The student withdraws the request."""
        escalation = await turn.run(cancel_request, self._student(turn, payload))
        turn.say("tutors/cancelled_student" if escalation else "tutors/offer_over")

    async def take(self, turn: Turn, payload: Payload) -> None:
        """An asked tutor takes it: the packet when they won, a kind word when not."""
        taken = await turn.run(take, self._tutor(turn, payload))
        if taken.escalation is None:
            turn.say(f"tutors/take_{taken.problem or 'gone'}")
            return
        room = await turn.run(room_of, taken.escalation.id)
        if room is not None and room.status in LIVE:  # the packet goes to the room's topic
            turn.say("tutors/room_taken", **self._names(taken.escalation, turn.locale))
            return
        await self._show_packet(turn, taken.escalation)

    async def _show_packet(self, turn: Turn, escalation: Escalation) -> None:
        packet = await turn.run(self.packet, ReadPacket(escalation.id, turn.user.id, turn.locale))
        if packet is None:
            turn.say("tutors/take_gone")
            return
        choices: Sequence[Sequence[Choice]] = []
        if escalation.state is S.ASSIGNED:
            choices = [[turn.button("tutor_start", TUTOR_START.payload(escalation.id), "primary")]]
        turn.say("tutors/packet", choices, p=packet)

    async def pass_(self, turn: Turn, payload: Payload) -> None:
        """An asked tutor cannot take it."""
        passed = await turn.run(pass_ask, self._tutor(turn, payload))
        turn.say("tutors/passed" if passed else "tutors/take_gone")

    async def start(self, turn: Turn, payload: Payload) -> None:
        """The assigned tutor joins the student's chat."""
        escalation = await turn.run(start, self._tutor(turn, payload))
        if escalation is None:
            turn.say("tutors/take_gone")
            return
        turn.say("tutors/started", **self._names(escalation, turn.locale))

    async def book(self, turn: Turn, payload: Payload) -> None:
        """No one free now: the times in both a tutor's week and the student's windows."""
        escalation_id = payload.int_arg(0) or 0
        slots = await turn.run(slots_for, self._student(turn, payload))
        if not slots:
            turn.say("tutors/no_slots" if slots is not None else "tutors/offer_over")
            return
        rows = [
            [
                turn.button(
                    "tutor_slot",
                    TUTOR_SLOT.payload(
                        escalation_id, s.tutor_id, int(s.starts_at.timestamp() // 60)
                    ),
                    tutor=s.tutor_name,
                    **_local(turn, s.starts_at),
                )
            ]
            for s in slots
        ]
        turn.say("tutors/book_slots", rows, minutes=SESSION_MINUTES)

    async def slot(self, turn: Turn, payload: Payload) -> None:
        """Book one of the offered times."""
        minute = payload.int_arg(2) or 0
        starts = datetime.fromtimestamp(minute * 60, UTC)
        command = Book(payload.int_arg(0) or 0, turn.user.id, payload.int_arg(1) or 0, starts)
        booked = await turn.run(book, command)
        if booked is None:
            turn.say("tutors/slot_gone")
            return
        turn.say("tutors/booked", (), minutes=SESSION_MINUTES, **_local(turn, booked))

    async def rate(self, turn: Turn, payload: Payload) -> None:
        """The student's rating of the help."""
        command = Rate(payload.int_arg(0) or 0, turn.user.id, payload.int_arg(1) or 0)
        rated = await turn.run(rate, command)
        turn.say("tutors/rated" if rated else "tutors/offer_over")
        if rated:
            ask_comment(turn, rated.id)  # the optional comment, one message
            turn.say("tutors/comment_ask")


def _local(turn: Turn, at: datetime) -> dict[str, str]:
    local = at.astimezone(ZoneInfo(turn.user.timezone))
    return {"day": local.date().isoformat(), "time": f"{local:%H:%M}"}


def _photo(turn: Turn) -> str | None:
    """The platform's reference of a photo the event carries ("telegram:<file id>")."""
    if turn.event.attachment:
        return turn.event.attachment[:256]
    if turn.event.kind is EventKind.FILE and turn.event.payload:
        return turn.event.payload[:256]
    return None
