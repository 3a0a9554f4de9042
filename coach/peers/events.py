"""Events of the peers feature."""

from __future__ import annotations

from dataclasses import dataclass

from coach.events import DomainEvent
from coach.peers.model import PeerFeature


@dataclass(frozen=True, kw_only=True)
class PeerSettingsChanged(DomainEvent):
    """The student changed which peer features they take part in."""

    opted_in: frozenset[PeerFeature]
