"""Errors every layer understands: a stale write, and a database that is away for a moment."""

from __future__ import annotations


class ConcurrentUpdateError(Exception):
    """A row changed since it was read (optimistic locking)."""


class StorageUnavailable(Exception):
    """The database dropped the connection, was unreachable or busy; nothing of the unit of
    work was kept, so the whole unit may be run again."""
