"""Human tutoring in SQL, the safety side: students' blocks and reports of tutors, and the
web console's one-time links and sessions (stored hashed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.tutors.model import TutorBlock
from storage.models.tutors import TutorBlockRow, TutorConsoleTokenRow


class SqlTutorAccess:
    """Blocks, reports and console tokens (mixed into `SqlTutorRepository`)."""

    _session: AsyncSession

    # ------------------------------------------------------------------ blocks and reports
    async def add_block(self, block: TutorBlock) -> None:
        """Keep a student's block or report (a second one of the same tutor updates it)."""
        row = await self._session.scalar(
            select(TutorBlockRow).where(
                TutorBlockRow.user_id == block.student_id,
                TutorBlockRow.tutor_user_id == block.tutor_id,
            )
        )
        if row is None:
            self._session.add(
                TutorBlockRow(
                    user_id=block.student_id,
                    tutor_user_id=block.tutor_id,
                    kind=block.kind,
                    text=block.text,
                    escalation_id=block.escalation_id,
                    created_at=block.at,
                )
            )
        elif block.kind == "report":  # a report outranks a block; the newest words are kept
            row.kind, row.text, row.created_at = block.kind, block.text, block.at
        await self._session.flush()

    async def blocked(self, student_id: int) -> frozenset[int]:
        """The tutors this student blocked or reported."""
        ids = await self._session.scalars(
            select(TutorBlockRow.tutor_user_id).where(TutorBlockRow.user_id == student_id)
        )
        return frozenset(ids)

    async def reports(self, limit: int = 50) -> Sequence[TutorBlock]:
        """The newest reports, for the operator."""
        rows = await self._session.scalars(
            select(TutorBlockRow)
            .where(TutorBlockRow.kind == "report")
            .order_by(TutorBlockRow.id.desc())
            .limit(limit)
        )
        return [
            TutorBlock(r.user_id, r.tutor_user_id, r.kind, r.created_at, r.text, r.escalation_id)
            for r in rows
        ]

    # ------------------------------------------------------------------ the web console
    async def add_console_token(
        self, tutor_id: int, token_hash: str, kind: str, now: datetime, until: datetime
    ) -> None:
        """Store a console link or session (hashed)."""
        self._session.add(
            TutorConsoleTokenRow(
                user_id=tutor_id,
                token_hash=token_hash,
                kind=kind,
                created_at=now,
                expires_at=until,
            )
        )
        await self._session.flush()

    async def use_console_token(
        self, token_hash: str, kind: str, now: datetime, *, once: bool
    ) -> int | None:
        """The tutor of a valid token of this kind (used up when `once`); None otherwise."""
        C = TutorConsoleTokenRow
        where = [C.token_hash == token_hash, C.kind == kind, C.expires_at > now]
        if once:
            result = await self._session.execute(
                update(C)
                .where(*where, C.used_at.is_(None))
                .values(used_at=now)
                .returning(C.user_id)
            )
            found = result.scalar_one_or_none()
        else:
            found = await self._session.scalar(select(C.user_id).where(*where))
        return int(found) if found is not None else None
