"""Importing content packs into the database: at start-up and from the CLI."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from coach.core.clock import Clock
from coach.packs.ports import ImportReport
from content.validate import load_and_validate
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


class PackInvalidError(Exception):
    """A pack has validation errors and is not imported."""


async def import_pack(
    uow_factory: SqlUnitOfWorkFactory, pack_id_or_path: str, now: datetime
) -> ImportReport:
    """Validate and import one pack; raises PackInvalidError (with the issues) when it is broken.

    Two processes starting together may race to insert the same rows; the loser's transaction
    fails on the primary key, and its retry finds the pack already imported (checksum match).
    """
    pack, issues = load_and_validate(pack_id_or_path)
    if issues or pack is None:
        raise PackInvalidError("\n".join(str(issue) for issue in issues))
    for attempt in (1, 2):
        try:
            async with uow_factory() as uow:
                report = await uow.content.import_pack(pack, now)
                await uow.commit()
            return report
        except IntegrityError:
            if attempt == 2:
                raise
            log.info("pack %s was imported concurrently; checking again", pack.id)
    raise AssertionError("unreachable")


def describe(report: ImportReport) -> str:
    """One line about an import, for logs and the CLI."""
    if report.skipped:
        return f"{report.pack_id} {report.version}: unchanged (checksum matches), nothing written"
    return (
        f"{report.pack_id} {report.version}: added {report.added}, updated {report.updated}, "
        f"retired {report.retired}, unchanged {report.unchanged}"
    )


async def import_configured_packs(
    pack_ids: Sequence[str], uow_factory: SqlUnitOfWorkFactory, clock: Clock
) -> None:
    """Import every configured pack at start-up (unchanged ones are skipped)."""
    for pack_id in pack_ids:
        try:
            report = await import_pack(uow_factory, pack_id, clock.now())
        except Exception:  # one broken pack must not stop the coach from starting
            log.exception("content pack %s was not imported", pack_id)
            continue
        log.info("content pack %s", describe(report))
