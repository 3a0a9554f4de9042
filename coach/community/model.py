"""Records of the community feature: who may be matched (a candidate), what the matcher
suggests, and study groups with their members, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
WEEK_SLOTS = 7 * SLOTS_PER_DAY


class FocusMode(StrEnum):
    """What a group prefers: the same weak topics, or one's strong topic is another's weak one."""

    SIMILAR = "similar"
    COMPLEMENTARY = "complementary"


class GroupStatus(StrEnum):
    """The life of a study group."""

    PROPOSED = "proposed"  # invitations are out, not enough have said yes yet
    ACTIVE = "active"  # enough members joined
    CLOSED = "closed"  # did not form, or everyone left


class MemberStatus(StrEnum):
    """One student's answer to a group."""

    INVITED = "invited"
    JOINED = "joined"
    DECLINED = "declined"  # "Not now"
    OTHERS = "others"  # "Show me others": declined, wants a different group
    EXPIRED = "expired"
    LEFT = "left"


OPEN_MEMBER = frozenset({MemberStatus.INVITED, MemberStatus.JOINED})


@dataclass(frozen=True, slots=True)
class Candidate:
    """An opted-in student as the matcher sees them.

    `free` is a bit mask of the 30-minute slots of a UTC week (bit 0 is Monday 00:00 UTC) in
    which the student studies; `avoid` are students they asked not to be grouped with again.
    """

    user_id: int
    pack_id: str
    track: str
    locale: str
    minor: bool
    free: int
    weak: frozenset[str] = frozenset()
    strong: frozenset[str] = frozenset()
    focus: FocusMode = FocusMode.SIMILAR
    avoid: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """House rules of matching (min and max group size are settings)."""

    min_size: int = 3
    max_size: int = 6
    min_overlap_minutes: int = 60
    scan: int = 120  # how many neighbours a seed looks at; bounds the work on large pools


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A group the matcher proposes, with what it is based on (the reasons in words)."""

    members: tuple[int, ...]
    pack_id: str
    track: str
    locale: str
    minors: bool
    focus: FocusMode
    shared_free: int  # the slots every member is free in
    topics: tuple[str, ...]  # shared weak topics (similar) or topics one can teach (complementary)

    @property
    def overlap_minutes(self) -> int:
        """Minutes a week every member is free."""
        return self.shared_free.bit_count() * SLOT_MINUTES


@dataclass(frozen=True, slots=True)
class StudyGroup:
    """A stored study group."""

    id: int
    pack_id: str
    track: str
    locale: str
    minors: bool
    focus: FocusMode
    status: GroupStatus
    shared_free: int
    topics: tuple[str, ...]
    created_at: datetime
    name: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """One student's place in a group (or their answer to its invitation)."""

    group_id: int
    user_id: int
    status: MemberStatus
    invited_at: datetime
    expires_at: datetime
    answered_at: datetime | None = None
    pseudonym: str | None = None

    def is_open(self, now: datetime) -> bool:
        """Joined, or invited and not expired."""
        if self.status is MemberStatus.INVITED:
            return now < self.expires_at
        return self.status is MemberStatus.JOINED


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group with its members, as use cases return it."""

    group: StudyGroup
    members: tuple[Member, ...] = field(default_factory=tuple)

    def joined(self) -> tuple[Member, ...]:
        """The members who joined."""
        return tuple(m for m in self.members if m.status is MemberStatus.JOINED)
