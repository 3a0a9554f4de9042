"""Use cases of the Q&A forum: check and ask a question, answer, vote, accept, report, list
open questions, and the operator's moderation decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.core.uow import UnitOfWork
from coach.forum.events import (
    ForumAnswerAccepted,
    ForumAnswerGiven,
    ForumPostHidden,
    ForumQuestionAsked,
)
from coach.forum.model import (
    DEFAULT_FORUM_POLICY,
    MAX_ANSWER,
    MAX_QUESTION,
    SHOWN,
    ForumPolicy,
    NewQuestion,
    Post,
    PostKind,
    PostStatus,
    Thread,
)
from coach.forum.policy import (
    content_problem,
    question_problem,
    recognise_topics,
    too_many_answers,
    too_many_questions,
)

HELP_MASTERY = 0.6  # topics a student is this good at are the ones they could help with


@dataclass(frozen=True, slots=True)
class CheckQuestion:
    """A question as typed, before it is posted; `topics` are (topic id, words about it)."""

    user_id: int
    pack_id: str
    text: str
    topics: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionCheck:
    """What the student sees before posting: a problem, or similar questions and topics."""

    problem: str | None = None
    similar: tuple[Post, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AskQuestion:
    """Post a question under a topic (None: the student chose no topic)."""

    user_id: int
    pack_id: str
    topic_id: str | None
    text: str
    photo: str | None = None


@dataclass(frozen=True, slots=True)
class Posted:
    """The post stored, or the problem (a template name under forum/problem/)."""

    post: Post | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer to a thread, from the chat or (with `source` and `author`) from a mirror."""

    thread_id: int
    user_id: int | None
    text: str
    source: str = "chat"
    author: str | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class OnPost:
    """A student acts on a post (vote, accept, report)."""

    post_id: int
    user_id: int


@dataclass(frozen=True, slots=True)
class ShowThread:
    """A thread to show."""

    thread_id: int


@dataclass(frozen=True, slots=True)
class OpenQuestions:
    """Open questions a student could help with."""

    user_id: int
    pack_id: str
    limit: int = 5


@dataclass(frozen=True, slots=True)
class Moderation:
    """The operator's queue: posts hidden by reports."""

    limit: int = 20


@dataclass(frozen=True, slots=True)
class Decide:
    """The operator keeps (shows again, never hidden by reports again) or removes a post."""

    post_id: int
    keep: bool


@dataclass(frozen=True, slots=True)
class Acted:
    """How an action on a post went: done, or why not (a template name)."""

    done: bool
    reason: str = ""
    post: Post | None = None
    extra: dict[str, int] = field(default_factory=dict)


async def check_question(uow: UnitOfWork, now: datetime, command: CheckQuestion) -> QuestionCheck:
    """The problem of a typed question, or the most similar existing questions and the topics
    recognised in it (for "Is it one of these?" and the topic confirmation)."""
    text = command.text.strip()[:MAX_QUESTION]
    problem = question_problem(text)
    if problem is not None:
        return QuestionCheck(problem=problem)
    similar = await uow.forum.similar(command.pack_id, text, DEFAULT_FORUM_POLICY.similar_shown)
    topics = recognise_topics(text, command.topics)
    return QuestionCheck(similar=tuple(similar), topics=tuple(topics))


async def ask_question(
    uow: UnitOfWork, now: datetime, command: AskQuestion, policy: ForumPolicy = DEFAULT_FORUM_POLICY
) -> Posted:
    """Post a question: checked again (the text may have come another way), rate limited."""
    text = command.text.strip()[:MAX_QUESTION]
    problem = question_problem(text)
    if problem is not None:
        return Posted(problem=problem)
    recent = await uow.forum.posted_since(
        command.user_id, PostKind.QUESTION, now - timedelta(days=1)
    )
    if too_many_questions(recent, now, policy):
        return Posted(problem="too_many_questions")
    post = await uow.forum.add_question(
        NewQuestion(command.user_id, command.pack_id, command.topic_id, text, command.photo), now
    )
    await uow.record(ForumQuestionAsked(user_id=command.user_id, at=now, post=post))
    return Posted(post=post)


async def answer(
    uow: UnitOfWork, now: datetime, command: Answer, policy: ForumPolicy = DEFAULT_FORUM_POLICY
) -> Posted:
    """Add an answer to a shown question; a mirror's redelivered answer is taken once."""
    text = command.text.strip()[:MAX_ANSWER]
    if len(text) < 2:
        return Posted(problem="too_short")
    problem = content_problem(text)
    if problem is not None:
        return Posted(problem=problem)
    thread = await uow.forum.thread(command.thread_id)
    if thread is None or (thread.question is None and not thread.answers):
        return Posted(problem="gone")
    if command.external_id and await uow.forum.has_external(command.source, command.external_id):
        return Posted(problem="duplicate")
    if command.user_id is not None:
        recent = await uow.forum.posted_since(
            command.user_id, PostKind.ANSWER, now - timedelta(hours=1)
        )
        if too_many_answers(recent, now, policy):
            return Posted(problem="too_many_answers")
    post = await uow.forum.add_answer(
        command.thread_id, command.user_id, text, now,
        source=command.source, author=command.author, external_id=command.external_id,
    )  # fmt: skip
    await uow.record(
        ForumAnswerGiven(user_id=command.user_id or 0, at=now, post=post, asker_id=thread.asker_id)
    )
    return Posted(post=post)


async def show_thread(uow: UnitOfWork, now: datetime, query: ShowThread) -> Thread | None:
    """A thread with its shown answers (None when it is gone or its question is hidden)."""
    return await uow.forum.thread(query.thread_id)


async def vote(uow: UnitOfWork, now: datetime, command: OnPost) -> Acted:
    """Upvote an answer once; not one's own."""
    post = await uow.forum.post(command.post_id)
    if post is None or post.status not in SHOWN:
        return Acted(False, "gone")
    if post.user_id == command.user_id:
        return Acted(False, "own", post)
    if not await uow.forum.vote(post.id, command.user_id, now):
        return Acted(False, "already", post)
    return Acted(True, post=await uow.forum.post(post.id))


async def accept(uow: UnitOfWork, now: datetime, command: OnPost) -> Acted:
    """The asker accepts one answer of their question (another one replaces it)."""
    post = await uow.forum.post(command.post_id)
    if post is None or post.status not in SHOWN or post.kind is not PostKind.ANSWER:
        return Acted(False, "gone")
    thread = await uow.forum.thread(post.thread_id)
    if thread is None or thread.asker_id != command.user_id:
        return Acted(False, "not_asker", post)
    await uow.forum.accept(thread.id, post.id)
    await uow.record(ForumAnswerAccepted(user_id=command.user_id, at=now, post=post))
    return Acted(True, post=post)


async def report(
    uow: UnitOfWork, now: datetime, command: OnPost, policy: ForumPolicy = DEFAULT_FORUM_POLICY
) -> Acted:
    """Report a post once; enough reports hide it until an operator decides (a post the
    operator kept stays shown)."""
    post = await uow.forum.post(command.post_id)
    if post is None or post.status not in SHOWN:
        return Acted(False, "gone")
    if post.user_id == command.user_id:
        return Acted(False, "own", post)
    if not await uow.forum.report(post.id, command.user_id, now):
        return Acted(False, "already", post)
    reports = post.reports + 1
    if post.status is PostStatus.VISIBLE and reports >= policy.hide_after_reports:
        await uow.forum.set_status(post.id, PostStatus.HIDDEN)
        hidden = await uow.forum.post(post.id)
        await uow.record(ForumPostHidden(user_id=post.user_id or 0, at=now, post=hidden or post))
        return Acted(True, "hidden", hidden)
    return Acted(True, post=post)


async def open_questions(uow: UnitOfWork, now: datetime, query: OpenQuestions) -> Sequence[Post]:
    """Open questions in the topics the student is good at (those they study when none is
    good yet, any topic for a newcomer), not their own, fewest answers first."""
    mastery = await uow.progress.mastery(query.user_id, query.pack_id)
    strong = [topic for topic, level in mastery.items() if level >= HELP_MASTERY]
    topics: Sequence[str] | None = strong or list(mastery) or None
    return await uow.forum.open_questions(query.pack_id, topics, query.user_id, query.limit)


async def moderation_queue(uow: UnitOfWork, now: datetime, query: Moderation) -> Sequence[Post]:
    """Posts hidden by reports, oldest first."""
    return await uow.forum.in_status(PostStatus.HIDDEN, query.limit)


async def decide(uow: UnitOfWork, now: datetime, command: Decide) -> Acted:
    """Keep or remove a post hidden by reports."""
    post = await uow.forum.post(command.post_id)
    if post is None:
        return Acted(False, "gone")
    await uow.forum.set_status(post.id, PostStatus.KEPT if command.keep else PostStatus.REMOVED)
    return Acted(True, post=await uow.forum.post(post.id))
