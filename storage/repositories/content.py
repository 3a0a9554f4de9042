"""Content packs in SQL: an idempotent, versioned import that retires rows instead of deleting.

Plans, lesson progress and answers refer to content by (pack_id, id) without foreign keys, so a
row that leaves the pack is kept with `retired = true`; a later import that brings it back
clears the flag. A pack whose checksum matches the last import is skipped entirely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.packs.ports import ImportCounts, ImportedPack, ImportReport
from content import Pack
from content.export import export_pack, pack_checksum
from storage.models.content import (
    ContentPackRow,
    ExamRow,
    LessonRow,
    QuestionRow,
    ResourceRow,
    SubjectRow,
    TopicRow,
)

# Kinds in import order; each maps to its table and the export key its rows come from.
KINDS: dict[str, type[ExamRow | SubjectRow | TopicRow | LessonRow | QuestionRow | ResourceRow]] = {
    "exams": ExamRow,
    "subjects": SubjectRow,
    "topics": TopicRow,
    "lessons": LessonRow,
    "questions": QuestionRow,
    "resources": ResourceRow,
}


def pack_rows(pack: Pack) -> dict[str, dict[str, dict[str, Any]]]:
    """Column values of every row of a pack: kind -> id -> columns (without pack_id/retired)."""
    data = export_pack(pack)
    exam = data["exam"]
    rows: dict[str, dict[str, dict[str, Any]]] = {
        "exams": {exam["id"]: {"name": exam["name"], "structure": exam}},
        "subjects": {},
        "topics": {},
        "lessons": {},
        "questions": {},
        "resources": {},
    }
    for subject in data["subjects"]:
        rows["subjects"].setdefault(subject["id"], _pick(subject, "test_id", "name", "name_en"))
        rows["subjects"][subject["id"]]["name_en"] = subject["name_en"] or subject["name"]
    for topic in data["topics"]:
        values = _pick(topic, "subject_id", "name", "expected_questions", "difficulty")
        values |= {
            "name_en": topic["name_en"] or topic["name"],
            "prerequisites": topic["prerequisites"],
            "position": topic["position"],
        }
        rows["topics"].setdefault(topic["id"], values)
    for lesson in data["lessons"]:
        rows["lessons"].setdefault(
            lesson["id"], _pick(lesson, "topic_id", "title", "title_en", "minutes", "order")
        )
    for question in data["questions"]:
        rows["questions"].setdefault(
            question["id"],
            _pick(
                question,
                "topic_id",
                "stem",
                "options",
                "answer",
                "explanation",
                "difficulty",
                "language",
                "source",
                "license",
            ),
        )
    for resource in data["resources"]:
        rows["resources"].setdefault(
            resource["id"],
            _pick(
                resource,
                "topic_id",
                "type",
                "title",
                "language",
                "minutes",
                "url",
                "body",
                "verified",
            ),
        )
    return rows


def _pick(source: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: source[key] for key in keys}


class SqlContentRepository:
    """Imports packs into the content tables and answers what is there."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def import_pack(self, pack: Pack, now: datetime) -> ImportReport:
        """Make the database match `pack`: add new rows, update changed ones, retire removed."""
        checksum = pack_checksum(pack)
        stored = await self._session.get(ContentPackRow, pack.id)
        rows = pack_rows(pack)
        if stored is not None and stored.checksum == checksum:
            counts = {kind: ImportCounts(unchanged=len(items)) for kind, items in rows.items()}
            return ImportReport(pack.id, pack.version, checksum, skipped=True, by_kind=counts)
        header: dict[str, Any] = {"name": pack.name, "version": pack.version}
        header |= {"language": pack.language, "checksum": checksum, "imported_at": now}
        if stored is None:
            await self._session.execute(insert(ContentPackRow).values(id=pack.id, **header))
        else:
            await self._session.execute(
                update(ContentPackRow).where(ContentPackRow.id == pack.id).values(**header)
            )
        by_kind = {kind: await self._sync(KINDS[kind], pack.id, rows[kind]) for kind in KINDS}
        return ImportReport(pack.id, pack.version, checksum, skipped=False, by_kind=by_kind)

    async def _sync(
        self,
        model: type[ExamRow | SubjectRow | TopicRow | LessonRow | QuestionRow | ResourceRow],
        pack_id: str,
        wanted: Mapping[str, dict[str, Any]],
    ) -> ImportCounts:
        columns = [model.__table__.c[name] for name in ("id", "retired", *_columns(wanted))]
        result = await self._session.execute(
            select(*columns).where(model.__table__.c.pack_id == pack_id)
        )
        existing = {row.id: row._mapping for row in result}
        added: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        unchanged = 0
        for item_id, values in wanted.items():
            current = existing.get(item_id)
            if current is None:
                added.append({"pack_id": pack_id, "id": item_id, "retired": False, **values})
            elif current["retired"] or any(current[k] != v for k, v in values.items()):
                changed.append({"pack_id": pack_id, "id": item_id, "retired": False, **values})
            else:
                unchanged += 1
        gone = [
            {"pack_id": pack_id, "id": item_id, "retired": True}
            for item_id, current in existing.items()
            if item_id not in wanted and not current["retired"]
        ]
        if added:
            await self._session.execute(insert(model), added)
        # ORM bulk UPDATE by primary key: one executemany per batch.
        for batch in (changed, gone):
            if batch:
                await self._session.execute(update(model), batch)
        return ImportCounts(
            added=len(added), updated=len(changed), retired=len(gone), unchanged=unchanged
        )

    async def imported_packs(self) -> Sequence[ImportedPack]:
        """Every imported pack, by id."""
        result = await self._session.scalars(select(ContentPackRow).order_by(ContentPackRow.id))
        return [
            ImportedPack(
                id=row.id,
                name=row.name,
                version=row.version,
                language=row.language,
                checksum=row.checksum,
                imported_at=row.imported_at,
            )
            for row in result
        ]

    async def item_ids(self, pack_id: str, kind: str, *, retired: bool = False) -> set[str]:
        """Ids of the live (or, with `retired`, the retired) rows of one kind of a pack."""
        table = KINDS[kind].__table__
        result = await self._session.execute(
            select(table.c.id).where(table.c.pack_id == pack_id, table.c.retired == retired)
        )
        return set(result.scalars())


def _columns(wanted: Mapping[str, dict[str, Any]]) -> list[str]:
    first = next(iter(wanted.values()), {})
    return list(first)
