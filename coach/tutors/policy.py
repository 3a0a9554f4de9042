"""Pure rules of human tutoring: the state machine, who is asked in which wave, the week of
quiet after a declined offer, spotting a student who asks for a person, and safe relay text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from coach.aitutor.text import mask_contacts
from coach.tutors.model import (
    Escalation,
    EscalationState,
    Need,
    TutorProfile,
    TutorStatus,
)

S = EscalationState
TRANSITIONS: Mapping[EscalationState, frozenset[EscalationState]] = {
    S.OFFERED: frozenset({S.REQUESTED, S.DECLINED, S.EXPIRED, S.CANCELLED}),
    S.REQUESTED: frozenset({S.ASSIGNED, S.EXPIRED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ACTIVE, S.RESOLVED, S.CANCELLED}),
    S.ACTIVE: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset(),
    S.DECLINED: frozenset(),
    S.EXPIRED: frozenset(),
    S.CANCELLED: frozenset(),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_RELAYED = 3500  # below Telegram's 4096 with the speaker's mark
MAX_NOTE = 1000


@dataclass(frozen=True, slots=True)
class TutorPolicy:
    """House rules of routing and time-outs."""

    wave_size: int = 2  # tutors asked at once
    waves: int = 3  # waves before the student is told no one is free
    wave_minutes: int = 5
    cooldown_minutes: int = 20  # a tutor asked (and not taking it) is left alone this long
    declined_quiet_days: int = 7  # no new offer on a topic the student declined
    offer_ttl_hours: int = 72  # an unanswered offer lapses
    prior_rating: float = 4.0  # what a tutor without ratings counts as
    prior_weight: int = 2
    invite_days: int = 7  # how long an invitation code works


DEFAULT_TUTOR_POLICY = TutorPolicy()


class TransitionError(ValueError):
    """A move the state machine does not allow."""


def check_move(current: EscalationState, target: EscalationState) -> None:
    """Raise unless `current -> target` is an allowed transition."""
    if target not in TRANSITIONS[current]:
        raise TransitionError(f"{current.value} -> {target.value}")


def can_move(current: EscalationState, target: EscalationState) -> bool:
    """Whether `current -> target` is allowed."""
    return target in TRANSITIONS[current]


# ---------------------------------------------------------------------- routing
def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    return int(hours) * 60 + int(minutes or 0)


def available_at(tutor: TutorProfile, now: datetime) -> bool:
    """Whether `now` falls in one of the tutor's weekly ranges (no ranges: always)."""
    if not tutor.availability:
        return True
    local = now.astimezone(ZoneInfo(tutor.timezone))
    ranges = tutor.availability.get(WEEKDAYS[local.weekday()], ())
    minute = local.hour * 60 + local.minute
    for item in ranges:
        start, _, end = item.partition("-")
        try:
            if _minutes(start) <= minute < _minutes(end):
                return True
        except ValueError:  # a malformed range is ignored, not fatal
            continue
    return False


def eligible(
    tutor: TutorProfile, need: Need, now: datetime, policy: TutorPolicy = DEFAULT_TUTOR_POLICY
) -> bool:
    """May this tutor be asked now for this need?"""
    if tutor.status is not TutorStatus.ACTIVE or tutor.user_id in need.excluded:
        return False
    if need.subject_id not in tutor.subjects or need.language not in tutor.languages:
        return False
    if tutor.open_escalations >= tutor.capacity:
        return False
    if need.minor and not tutor.may_take_minors:
        return False
    cooled = tutor.last_asked_at is None or now - tutor.last_asked_at >= timedelta(
        minutes=policy.cooldown_minutes
    )
    return cooled and available_at(tutor, now)


def score(tutor: TutorProfile, policy: TutorPolicy = DEFAULT_TUTOR_POLICY) -> float:
    """The rating, smoothed towards the prior so one 5 does not beat twenty 4.8s."""
    total = tutor.rating_sum + policy.prior_rating * policy.prior_weight
    return total / (tutor.rating_count + policy.prior_weight)


def next_wave(
    tutors: Iterable[TutorProfile],
    need: Need,
    now: datetime,
    policy: TutorPolicy = DEFAULT_TUTOR_POLICY,
) -> tuple[int, ...]:
    """The tutors to ask now: eligible ones, best rated first, then the least loaded, then
    the longest since last asked (spreads the work), then by id (stable)."""
    floor = datetime.min.replace(tzinfo=now.tzinfo)
    ranked = sorted(
        (t for t in tutors if eligible(t, need, now, policy)),
        key=lambda t: (
            -score(t, policy),
            t.open_escalations / max(t.capacity, 1),
            t.last_asked_at or floor,
            t.user_id,
        ),
    )
    return tuple(t.user_id for t in ranked[: policy.wave_size])


def wave_over(escalation: Escalation, now: datetime, policy: TutorPolicy) -> bool:
    """Whether the current wave had its time."""
    started = escalation.wave_started_at or escalation.updated_at
    return now - started >= timedelta(minutes=policy.wave_minutes)


def offer_lapsed(escalation: Escalation, now: datetime, policy: TutorPolicy) -> bool:
    """Whether an unanswered offer is old enough to lapse."""
    return now - escalation.created_at >= timedelta(hours=policy.offer_ttl_hours)


def recently_declined(
    history: Sequence[Escalation],
    topic_id: str,
    now: datetime,
    policy: TutorPolicy = DEFAULT_TUTOR_POLICY,
) -> bool:
    """A declined offer on this topic within the quiet week (or one still open on it)."""
    quiet = timedelta(days=policy.declined_quiet_days)
    for item in history:
        if item.topic_id != topic_id:
            continue
        if item.state is S.DECLINED and now - item.updated_at < quiet:
            return True
        if item.state is S.OFFERED:
            return True
    return False


# ---------------------------------------------------------------------- words
_FOLD = str.maketrans("çğıöşüÇĞİIÖŞÜ", "cgiosucgiiosu")
_ASKS_PERSON = re.compile(
    r"(i need a (real )?(teacher|tutor|human)|talk to a (real )?(teacher|tutor|person|human)|"
    r"(can|could) i (talk|speak) (to|with) a (teacher|tutor)|get me a (teacher|tutor)|"
    r"ogretmen(le|e|im)? (konusmak|gorusmek)|ogretmen istiyorum|ogretmene ihtiyacim|"
    r"bir ogretmen(le)? konus|gercek bir ogretmen|hoca(yla|ya) (konusmak|sormak))"
)


def asks_for_person(text: str) -> bool:
    """The student asks for a human teacher, in Turkish or English."""
    return bool(_ASKS_PERSON.search(text[:500].translate(_FOLD).lower()))


def relay_text(text: str) -> str:
    """What the other side reads: contact details masked, length bounded."""
    return mask_contacts(text).strip()[:MAX_RELAYED]


def code_hash(code: str) -> str:
    """Invitation codes are stored hashed, so a database read does not hand out tutor roles."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def parse_list(text: str) -> tuple[str, ...]:
    """A comma- or space-separated list, deduplicated in order."""
    seen: dict[str, None] = {}
    for item in re.split(r"[,\s]+", text.strip()):
        if item:
            seen.setdefault(item, None)
    return tuple(seen)
