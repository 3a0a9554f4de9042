"""Similar-question search on both databases: Turkish folding, paraphrases (hit@3 over the
fixture of at least 200 tr/en pairs), hidden and deleted questions never found."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.forum.model import NewQuestion, PostStatus
from storage.uow import SqlUnitOfWorkFactory
from tests.forum_support import question_pairs

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PACK = "mixed"


async def _student(uow_factory: SqlUnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="UTC", now=NOW)
        await uow.commit()
        return user.id


async def test_hit_at_three_over_the_pairs(uow_factory: SqlUnitOfWorkFactory) -> None:
    pairs = question_pairs()
    assert len(pairs) >= 200
    assert {p.language for p in pairs} == {"tr", "en"}
    student = await _student(uow_factory)
    ids = []
    async with uow_factory() as uow:
        for pair in pairs:
            post = await uow.forum.add_question(
                NewQuestion(student, PACK, None, pair.question), NOW
            )
            ids.append(post.id)
        await uow.commit()
    hits = 0
    misses = []
    async with uow_factory() as uow:
        for pair, question_id in zip(pairs, ids, strict=True):
            found = [p.id for p in await uow.forum.similar(PACK, pair.asked_again, 3)]
            if question_id in found:
                hits += 1
            else:
                misses.append(pair.asked_again)
    hit3 = hits / len(pairs)
    assert hit3 >= 0.8, (hit3, misses[:20])


async def test_turkish_letters_and_case_fold(uow_factory: SqlUnitOfWorkFactory) -> None:
    student = await _student(uow_factory)
    async with uow_factory() as uow:
        integral = await uow.forum.add_question(
            NewQuestion(student, PACK, None, "İNTEGRAL ile alan nasıl hesaplanır?"), NOW
        )
        await uow.forum.add_question(
            NewQuestion(student, PACK, None, "Paragrafta ana düşünce nasıl bulunur?"), NOW
        )
        await uow.commit()
    async with uow_factory() as uow:
        for query in ("integral alan", "ıntegral alanı", "INTEGRAL"):
            found = await uow.forum.similar(PACK, query, 3)
            assert [p.id for p in found][:1] == [integral.id], query
        assert await uow.forum.similar("other-pack", "integral alan", 3) == []
        assert await uow.forum.similar(PACK, "ve ile", 3) == []  # stopwords only


async def test_hidden_and_deleted_questions_are_not_found(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    student = await _student(uow_factory)
    other = await _student(uow_factory)
    async with uow_factory() as uow:
        hidden = await uow.forum.add_question(
            NewQuestion(student, PACK, None, "Türev zincir kuralı nasıl kullanılır?"), NOW
        )
        await uow.forum.add_question(
            NewQuestion(other, PACK, None, "Türev alırken çarpım kuralı"), NOW
        )
        await uow.forum.set_status(hidden.id, PostStatus.HIDDEN)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.forum.similar(PACK, "türev kuralı", 3)
        assert [p.user_id for p in found] == [other]
        await uow.personal_data.delete(other)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.forum.similar(PACK, "türev kuralı", 3) == []
