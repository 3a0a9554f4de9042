"""Ports of the content packs: imports of packs into the database and their reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from content import Pack


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did to the rows of one kind (topics, lessons, ...)."""

    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of importing a pack; `skipped` when its checksum matched the last import."""

    pack_id: str
    version: str
    checksum: str
    skipped: bool
    by_kind: Mapping[str, ImportCounts]

    @property
    def added(self) -> int:
        """Rows inserted."""
        return sum(c.added for c in self.by_kind.values())

    @property
    def updated(self) -> int:
        """Rows changed (including rows brought back from retirement)."""
        return sum(c.updated for c in self.by_kind.values())

    @property
    def retired(self) -> int:
        """Rows that left the pack and were marked retired."""
        return sum(c.retired for c in self.by_kind.values())

    @property
    def unchanged(self) -> int:
        """Rows already as the pack says."""
        return sum(c.unchanged for c in self.by_kind.values())


@dataclass(frozen=True, slots=True)
class ImportedPack:
    """A pack as last imported into the database."""

    id: str
    name: str
    version: str
    language: str
    checksum: str
    imported_at: datetime


class ContentRepository(Protocol):
    """Content packs in the database, imported idempotently; rows are retired, never deleted."""

    async def import_pack(self, pack: Pack, now: datetime) -> ImportReport:
        """Insert, update or retire rows so the database matches `pack`."""
        ...

    async def imported_packs(self) -> Sequence[ImportedPack]:
        """Every imported pack, by id."""
        ...

    async def item_ids(self, pack_id: str, kind: str, *, retired: bool = False) -> set[str]:
        """Ids of the live (or, with `retired`, the retired) rows of one kind of a pack."""
        ...
