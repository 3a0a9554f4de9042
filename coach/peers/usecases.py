"""Use cases of the peers feature: read and change the peer profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.core.uow import UnitOfWork
from coach.peers.events import PeerSettingsChanged
from coach.peers.model import PeerFeature, PeerProfile, clean_pseudonym, default_profile


@dataclass(frozen=True, slots=True)
class ForStudent:
    """The student whose peer profile is read."""

    user_id: int


@dataclass(frozen=True, slots=True)
class SetFeature:
    """Switch one peer feature on or off."""

    user_id: int
    feature: PeerFeature
    on: bool


@dataclass(frozen=True, slots=True)
class SetPseudonym:
    """Choose the name other students see."""

    user_id: int
    text: str


async def peer_profile(uow: UnitOfWork, now: datetime, query: ForStudent) -> PeerProfile:
    """The student's peer profile (the defaults when they never changed it)."""
    found = await uow.peers.get(query.user_id)
    if found is not None:
        return found
    user = await uow.users.get(query.user_id)
    if user is None:
        raise LookupError(f"no user {query.user_id}")
    return default_profile(user, now)


async def set_feature(uow: UnitOfWork, now: datetime, command: SetFeature) -> PeerProfile:
    """Opt in to or out of one peer feature."""
    profile = await peer_profile(uow, now, ForStudent(command.user_id))
    changed = profile.with_feature(command.feature, command.on, now)
    await uow.peers.save(changed)
    await uow.record(
        PeerSettingsChanged(user_id=command.user_id, at=now, opted_in=changed.opted_in)
    )
    return changed


async def set_pseudonym(
    uow: UnitOfWork, now: datetime, command: SetPseudonym
) -> PeerProfile | None:
    """Keep a cleaned display name; None when the text is not usable (empty, a contact)."""
    name = clean_pseudonym(command.text)
    if name is None:
        return None
    profile = await peer_profile(uow, now, ForStudent(command.user_id))
    changed = PeerProfile(profile.user_id, name, profile.opted_in, now)
    await uow.peers.save(changed)
    return changed
