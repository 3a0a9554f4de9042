"""The staged similar-question search on both databases: a question with every term comes
first, one sharing only some terms is still found when nothing stricter is, other packs and
unrelated questions never, and many matching questions of another pack do not hide a pack's."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.forum.model import NewQuestion
from storage.repositories.forum_search import stages
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_the_stages_go_from_all_terms_to_pairs_to_any() -> None:
    assert stages(["a", "b", "c"]) == [
        [("a", "b", "c")],
        [("a", "b"), ("a", "c"), ("b", "c")],
        [("a",), ("b",), ("c",)],
    ]
    assert stages(["a", "b"]) == [[("a", "b")], [("a",), ("b",)]]
    assert stages(["a"]) == [[("a",)]]


async def _ask(uow_factory: SqlUnitOfWorkFactory, pack: str, texts: list[str]) -> list[int]:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        ids = [
            (await uow.forum.add_question(NewQuestion(user.id, pack, None, text), NOW)).id
            for text in texts
        ]
        await uow.commit()
        return ids


async def test_all_terms_first_then_fewer(uow_factory: SqlUnitOfWorkFactory) -> None:
    every, some, one = await _ask(
        uow_factory,
        "yks",
        [
            "Zincir kuralı ile türev nasıl alınır?",
            "Zincir kuralını anlamadım",
            "Türev tablosu nerede?",
        ],
    )
    (other_pack,) = await _ask(uow_factory, "sat", ["zincir kuralı türev"])
    await _ask(uow_factory, "yks", ["Paragrafta ana düşünce"])
    async with uow_factory() as uow:
        found = [p.id for p in await uow.forum.similar("yks", "zincir kurali turev", 3)]
        assert found[0] == every and set(found) == {every, some, one}
        assert other_pack not in found
        # No question has both "integral" and "zincir": the pair and OR stages still find one.
        fallback = [p.id for p in await uow.forum.similar("yks", "integral zincir", 3)]
        assert fallback[0] in {every, some}
        assert not await uow.forum.similar("yks", "olasılık permütasyon", 3)


async def test_another_packs_questions_do_not_crowd_a_pack_out(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    await _ask(uow_factory, "sat", [f"zincir kuralı türev {n}" for n in range(60)])
    (mine,) = await _ask(uow_factory, "yks", ["Zincir kuralı ile türev uzun bir soru"])
    async with uow_factory() as uow:
        assert [p.id for p in await uow.forum.similar("yks", "zincir kurali turev", 3)] == [mine]
