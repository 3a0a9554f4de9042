"""Importing packs into the database: idempotent, versioned, and safe for existing plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coach.domain import LessonProgress, PlanStatus, StudyPlan, StudySession
from coach.packs.ports import ImportReport
from content import load_pack
from storage.uow import SqlUnitOfWorkFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _import(
    uow_factory: SqlUnitOfWorkFactory, folder: str, now: datetime = NOW
) -> ImportReport:
    async with uow_factory() as uow:
        report = await uow.content.import_pack(load_pack(FIXTURES / folder), now)
        await uow.commit()
    return report


async def test_first_import_adds_everything(uow_factory: SqlUnitOfWorkFactory) -> None:
    report = await _import(uow_factory, "mini")
    assert not report.skipped
    assert {kind: c.added for kind, c in report.by_kind.items()} == {
        "exams": 1,
        "subjects": 2,
        "topics": 3,
        "lessons": 4,
        "questions": 2,
        "resources": 5,
    }
    assert report.updated == report.retired == report.unchanged == 0
    async with uow_factory() as uow:
        [stored] = await uow.content.imported_packs()
        assert (stored.id, stored.version, stored.imported_at) == ("mini", "1", NOW)
        assert await uow.content.item_ids("mini", "lessons") == {
            "sayilar_1",
            "uslu_1",
            "uslu_2",
            "kuvvet_1",
        }


async def test_importing_twice_changes_nothing(uow_factory: SqlUnitOfWorkFactory) -> None:
    first = await _import(uow_factory, "mini")
    second = await _import(uow_factory, "mini", NOW + timedelta(days=1))
    assert second.skipped
    assert second.checksum == first.checksum
    assert second.added == second.updated == second.retired == 0
    assert second.unchanged == first.added
    async with uow_factory() as uow:
        [stored] = await uow.content.imported_packs()
        assert stored.imported_at == NOW  # a skipped import writes nothing


async def test_changed_pack_updates_and_keeps_plans_valid(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    await _import(uow_factory, "mini")
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        plan = await uow.plans.add(
            StudyPlan(
                id=0,
                user_id=user.id,
                pack_id="mini",
                track="SAY",
                status=PlanStatus.ACTIVE,
                start_date=date(2026, 12, 1),
                exam_date=date(2027, 6, 19),
                created_at=NOW,
            ),
            [
                StudySession(
                    id=0,
                    plan_id=0,
                    user_id=user.id,
                    key=f"lesson:{lesson}",
                    kind="lesson",
                    date=date(2026, 12, day),
                    minutes=40,
                    subject_id="mat",
                    topic_id="uslu",
                    lesson_id=lesson,
                )
                for day, lesson in ((2, "uslu_1"), (3, "uslu_2"))
            ],
        )
        await uow.progress.save_lesson_progress(
            LessonProgress(
                user_id=user.id,
                pack_id="mini",
                lesson_id="uslu_2",
                status="done",
                minutes_spent=35,
                completed_at=NOW,
            )
        )
        await uow.commit()

    report = await _import(uow_factory, "mini_v2", NOW + timedelta(days=1))
    assert not report.skipped
    assert report.by_kind["lessons"].retired == 1
    assert report.by_kind["questions"].added == 1
    assert report.by_kind["topics"].updated == 1  # uslu renamed
    assert report.by_kind["resources"].updated == 1  # its practice set carries the new name
    assert report.by_kind["subjects"].unchanged == 2

    async with uow_factory() as uow:
        assert "uslu_2" in await uow.content.item_ids("mini", "lessons", retired=True)
        assert "uslu_2" not in await uow.content.item_ids("mini", "lessons")
        assert "mat_003" in await uow.content.item_ids("mini", "questions")
        sessions = await uow.plans.sessions(plan.id)
        assert [s.lesson_id for s in sessions] == ["uslu_1", "uslu_2"]
        [progress] = await uow.progress.lesson_progress(user.id, "mini")
        assert (progress.lesson_id, progress.status) == ("uslu_2", "done")
        [stored] = await uow.content.imported_packs()
        assert stored.version == "2"

    # Going back brings the retired lesson back to life instead of duplicating it.
    back = await _import(uow_factory, "mini", NOW + timedelta(days=2))
    assert back.by_kind["lessons"].updated == 1
    assert back.by_kind["lessons"].added == 0
    assert back.by_kind["questions"].retired == 1
    async with uow_factory() as uow:
        assert await uow.content.item_ids("mini", "lessons", retired=True) == set()


async def test_shipped_packs_import_and_reimport(uow_factory: SqlUnitOfWorkFactory) -> None:
    for pack_id in ("yks", "sat"):
        pack = load_pack(pack_id)
        async with uow_factory() as uow:
            first = await uow.content.import_pack(pack, NOW)
            await uow.commit()
        assert first.added == (
            1
            + len(pack.subjects)
            + len(pack.topics)
            + len(pack.lessons_by_id)
            + len(pack.questions)
            + sum(len(t.resources) for t in pack.topics)
        )
        async with uow_factory() as uow:
            again = await uow.content.import_pack(pack, NOW + timedelta(hours=1))
            await uow.commit()
        assert again.skipped and again.unchanged == first.added
        async with uow_factory() as uow:
            assert await uow.content.item_ids(pack_id, "topics") == set(pack.topics_by_id)
