"""The peer profile: a chosen display name and the peer features a student opted in to."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coach.domain import User

MAX_PSEUDONYM = 24


class PeerFeature(StrEnum):
    """Peer features a student can opt in to, one by one."""

    GROUPS = "groups"  # study groups
    PARTNER = "partner"  # an accountability partner
    COMPARISON = "comparison"  # "students like you who reached their target studied N h"
    LEAGUES = "leagues"  # weekly leagues
    LEADERBOARDS = "leaderboards"  # boards posted in a group's place


@dataclass(frozen=True, slots=True)
class PeerProfile:
    """How a student appears to other students, and what they take part in.

    `pseudonym` is the only name other students ever see (never the platform name or a
    contact detail); None until the student chooses one, and a peer feature asks first.
    """

    user_id: int
    pseudonym: str | None
    opted_in: frozenset[PeerFeature]
    updated_at: datetime

    def allows(self, feature: PeerFeature) -> bool:
        """Whether the student opted in to `feature` (and has a name to be shown by)."""
        return feature in self.opted_in and self.pseudonym is not None

    def with_feature(self, feature: PeerFeature, on: bool, now: datetime) -> PeerProfile:
        """The profile with one feature switched on or off."""
        chosen = self.opted_in | {feature} if on else self.opted_in - {feature}
        return dataclasses.replace(self, opted_in=frozenset(chosen), updated_at=now)


def default_profile(user: User, now: datetime) -> PeerProfile:
    """A new student's peer profile: every peer feature off, for minors and adults alike
    (opting in is always the student's own act), and no pseudonym yet."""
    return PeerProfile(user.id, None, frozenset(), now)


def clean_pseudonym(text: str) -> str | None:
    """A typed display name made safe to show: trimmed, one line, bounded; None if empty or
    if it looks like a contact detail (an @handle, a phone number, an e-mail, a link)."""
    name = " ".join(text.split())[:MAX_PSEUDONYM]
    lowered = name.casefold()
    digits = sum(char.isdigit() for char in name)
    if not name or "@" in name or "http" in lowered or "www." in lowered or "t.me" in lowered:
        return None
    if digits >= 5:
        return None
    return name
