"""Forum use cases on both databases: rate limits, votes and reports once, hiding after N
reports and the operator's decision (also through `learnconnect moderation`), accepting only
by the asker, answers back from a mirror taken once, export and delete of a student's posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from coach.domain import TopicMastery
from coach.forum.model import DEFAULT_FORUM_POLICY, PostStatus
from coach.forum.usecases import (
    Answer,
    AskQuestion,
    OnPost,
    OpenQuestions,
    ShowThread,
    accept,
    answer,
    ask_question,
    open_questions,
    report,
    show_thread,
    vote,
)
from storage.uow import SqlUnitOfWorkFactory
from tests.dbs import run_blocking

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PACK = "mini"
QUESTION = "Yaş problemlerinde denklem nasıl kurulur?"


async def _students(uow_factory: SqlUnitOfWorkFactory, count: int) -> list[int]:
    async with uow_factory() as uow:
        ids = [(await uow.users.add(locale="tr", timezone="UTC", now=NOW)).id for _ in range(count)]
        await uow.commit()
    return ids


async def _ask(uow_factory: SqlUnitOfWorkFactory, user_id: int, text: str = QUESTION) -> int:
    async with uow_factory() as uow:
        posted = await ask_question(uow, NOW, AskQuestion(user_id, PACK, "problemler", text))
        await uow.commit()
    assert posted.post is not None
    return posted.post.thread_id


async def test_questions_are_rate_limited(uow_factory: SqlUnitOfWorkFactory) -> None:
    [ada] = await _students(uow_factory, 1)
    for n in range(DEFAULT_FORUM_POLICY.questions_per_day):
        await _ask(uow_factory, ada, f"{QUESTION} ({n}. soru, baba ve oğul)")
    async with uow_factory() as uow:
        again = await ask_question(uow, NOW, AskQuestion(ada, PACK, None, QUESTION))
        assert again.problem == "too_many_questions"
        later = NOW + timedelta(days=1, minutes=1)
        assert (await ask_question(uow, later, AskQuestion(ada, PACK, None, QUESTION))).post


async def test_votes_reports_hiding_and_the_operator(
    uow_factory: SqlUnitOfWorkFactory, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asker, helper, *others = await _students(uow_factory, 5)
    thread_id = await _ask(uow_factory, asker)
    async with uow_factory() as uow:
        posted = await answer(uow, NOW, Answer(thread_id, helper, "x ve 3x diye başla"))
        assert posted.post is not None
        post_id = posted.post.id
        assert (await vote(uow, NOW, OnPost(post_id, helper))).reason == "own"
        assert (await vote(uow, NOW, OnPost(post_id, asker))).done
        assert (await vote(uow, NOW, OnPost(post_id, asker))).reason == "already"
        assert (await accept(uow, NOW, OnPost(post_id, others[0]))).reason == "not_asker"
        assert (await accept(uow, NOW, OnPost(post_id, asker))).done
        assert (await report(uow, NOW, OnPost(post_id, others[0]))).done
        assert (await report(uow, NOW, OnPost(post_id, others[0]))).reason == "already"
        assert (await report(uow, NOW, OnPost(post_id, helper))).reason == "own"
        await report(uow, NOW, OnPost(post_id, others[1]))
        hidden = await report(uow, NOW, OnPost(post_id, others[2]))
        assert hidden.reason == "hidden" and hidden.post and hidden.post.status is PostStatus.HIDDEN
        thread = await show_thread(uow, NOW, ShowThread(thread_id))
        assert thread is not None and thread.answers == ()
        await uow.commit()

    monkeypatch.setenv("LEARNCONNECT_DATABASE_URL", database_url)
    runner = CliRunner()

    def cli(*args: str) -> Result:
        # The CLI runs its own event loop: give it a thread of its own.
        return run_blocking(lambda: runner.invoke(app, ["moderation", *args]))

    listed = cli("list")
    assert listed.exit_code == 0, listed.output
    assert f"{post_id}\tanswer\tthread {thread_id}\t3 reports" in listed.output
    kept = cli("decide", str(post_id), "--keep")
    assert kept.exit_code == 0 and "kept" in kept.output
    assert "nothing waits" in cli("list").output
    assert cli("decide", "999999", "--remove").exit_code == 1

    async with uow_factory() as uow:
        thread = await show_thread(uow, NOW, ShowThread(thread_id))
        assert thread is not None and [a.id for a in thread.answers] == [post_id]
        assert thread.answers[0].votes == 1 and thread.accepted_post_id == post_id
        # kept by the operator: further reports no longer hide it
        await report(uow, NOW, OnPost(post_id, asker))
        assert (await uow.forum.post(post_id)).status is PostStatus.KEPT  # type: ignore[union-attr]


async def test_answers_from_a_mirror_are_taken_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    asker, helper = await _students(uow_factory, 2)
    thread_id = await _ask(uow_factory, asker)
    back = Answer(thread_id, None, "Tablo çiz", source="discord", author="Deniz", external_id="77")
    async with uow_factory() as uow:
        first = await answer(uow, NOW, back)
        assert first.post is not None and first.post.author == "Deniz"
        assert (await answer(uow, NOW, back)).problem == "duplicate"
        assert (await answer(uow, NOW, Answer(thread_id, helper, "t.me/grup"))).problem == "link"
        # the asker is told once
        assert [type(e).__name__ for e in uow.recorded] == ["ForumAnswerGiven"]
        await uow.commit()


async def test_open_questions_in_topics_i_am_good_at(uow_factory: SqlUnitOfWorkFactory) -> None:
    asker, helper = await _students(uow_factory, 2)
    await _ask(uow_factory, asker)
    async with uow_factory() as uow:
        newcomer = await open_questions(uow, NOW, OpenQuestions(helper, PACK))
        assert [p.text for p in newcomer] == [QUESTION]
        assert await open_questions(uow, NOW, OpenQuestions(asker, PACK)) == []  # not my own
        await uow.progress.set_mastery([TopicMastery(helper, PACK, "paragraf", 0.9, NOW)])
        assert await open_questions(uow, NOW, OpenQuestions(helper, PACK)) == []


async def test_export_and_delete_keep_the_answers_of_others(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    asker, helper = await _students(uow_factory, 2)
    thread_id = await _ask(uow_factory, asker)
    async with uow_factory() as uow:
        await answer(uow, NOW, Answer(thread_id, helper, "x ve 3x diye başla"))
        await uow.commit()
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(asker)
        assert [row["text"] for row in exported["forum_posts"]] == [QUESTION]
        await uow.personal_data.delete(asker)
        await uow.commit()
    async with uow_factory() as uow:
        thread = await show_thread(uow, NOW, ShowThread(thread_id))
        assert thread is not None and thread.question is None
        assert [a.text for a in thread.answers] == ["x ve 3x diye başla"]
        assert await uow.forum.similar(PACK, QUESTION, 3) == []
