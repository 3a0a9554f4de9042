"""The forum in the chat: `/ask` (`/sor`) takes a question, shows the most similar existing
ones ("Is it one of these?") and the topics recognised in it, and posts it under the topic
the student confirms or picks; `/questions` (`/sorular`) lists open questions the student
could help with; a thread shows its answers with Upvote, Accept (the asker) and Report.

Authors are shown by the pseudonym they chose, never by name; a question whose asker deleted
their account is shown as from a deleted student, with the answers of others kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coach.actions import (
    FORUM_ACCEPT,
    FORUM_ANSWER,
    FORUM_REPORT,
    FORUM_SHOW,
    FORUM_TOPIC,
    FORUM_TOPICS,
    FORUM_VOTE,
)
from coach.buttons import ButtonRegistry, Payload
from coach.dialogue.present import topic_name
from coach.dialogue.turn import Turn
from coach.forum.model import Post, Thread
from coach.forum.usecases import (
    Answer,
    AskQuestion,
    CheckQuestion,
    OnPost,
    OpenQuestions,
    ShowThread,
    accept,
    answer,
    ask_question,
    check_question,
    open_questions,
    report,
    show_thread,
    vote,
)
from coach.packs.catalog import Catalog
from content import Pack

FLOW = "forum"
SHOWN_ANSWERS = 8
PREVIEW = 140
MAX_TOPIC_BUTTONS = 24


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1].rstrip() + "…"


class ForumChat:
    """The forum's commands, its buttons and its two typed steps (a question, an answer)."""

    name = FLOW

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def register(self, buttons: ButtonRegistry) -> None:
        """Thread buttons work any time; topic choices only while a question is drafted."""
        buttons.on(FORUM_TOPIC, self.topic, flow=FLOW)
        buttons.on(FORUM_TOPICS, self.all_topics, flow=FLOW)
        buttons.on(FORUM_SHOW, self.show)
        buttons.on(FORUM_ANSWER, self.answer)
        buttons.on(FORUM_VOTE, self.vote)
        buttons.on(FORUM_ACCEPT, self.accept)
        buttons.on(FORUM_REPORT, self.report)

    def _pack(self, turn: Turn) -> Pack | None:
        return self._catalog.packs.get(turn.pack_id or "")

    # ------------------------------------------------------------------ asking
    async def ask(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/ask` (`/sor`), with the question as argument or typed next."""
        if self._pack(turn) is None:
            turn.say("forum/no_pack")
            return
        turn.goto(FLOW, "ask", {})
        if args:
            await self.on_text(turn, " ".join(args))
        else:
            await self.prompt(turn)

    def _topic_words(self, pack: Pack) -> tuple[tuple[str, str], ...]:
        subjects = {s.id: f"{s.name} {s.name_en or ''}" for s in pack.subjects}
        return tuple(
            (
                t.id,
                " ".join(
                    [t.name, t.name_en or "", subjects.get(t.subject_id, "")]
                    + [f"{lesson.title} {lesson.title_en or ''}" for lesson in t.lessons]
                ),
            )
            for t in pack.topics
        )

    async def _draft(self, turn: Turn, text: str) -> None:
        pack = self._pack(turn)
        if pack is None:
            turn.idle()
            turn.say("forum/no_pack")
            return
        check = await turn.run(
            check_question,
            CheckQuestion(turn.user.id, pack.id, text, self._topic_words(pack)),
        )
        if check.problem is not None:
            turn.say(f"forum/problem/{check.problem}")
            turn.say("forum/ask")
            return
        turn.goto(
            FLOW,
            "topic",
            {"text": text, "photo": turn.event.attachment, "topics": list(check.topics)},
        )
        rows = [
            [turn.button("forum_show", FORUM_SHOW.payload(p.thread_id), number=i)]
            for i, p in enumerate(check.similar, start=1)
        ]
        turn.say(
            "forum/similar",
            rows,
            similar=[_preview(p.text) for p in check.similar],
        )
        self._topic_choice(turn, pack, list(check.topics))

    def _topic_choice(self, turn: Turn, pack: Pack, topics: Sequence[str]) -> None:
        rows = [
            [turn.button("forum_topic", FORUM_TOPIC.payload(i),
                         topic=topic_name(pack, topic_id, turn.locale))]
            for i, topic_id in enumerate(topics)
        ]  # fmt: skip
        rows.append([turn.button("forum_topics", FORUM_TOPICS.payload())])
        turn.say("forum/pick_topic", rows, recognised=bool(topics))

    async def all_topics(self, turn: Turn, payload: Payload) -> None:
        """Every topic of the pack to pick from (the recognised ones were not it)."""
        pack = self._pack(turn)
        if pack is None or turn.state.step != "topic":
            turn.say("common/stale_button")
            return
        topics = [t.id for t in pack.topics][:MAX_TOPIC_BUTTONS]
        turn.update(topics=topics)
        rows = [
            [turn.button("forum_topic", FORUM_TOPIC.payload(i),
                         topic=topic_name(pack, topic_id, turn.locale))]
            for i, topic_id in enumerate(topics)
        ]  # fmt: skip
        turn.say("forum/pick_topic", rows, recognised=True)

    async def topic(self, turn: Turn, payload: Payload) -> None:
        """The student confirmed or picked the topic: post the question."""
        pack = self._pack(turn)
        topics = list(turn.data.get("topics") or [])
        index = payload.int_arg(0)
        if pack is None or turn.state.step != "topic" or index is None or index >= len(topics):
            turn.say("common/stale_button")
            return
        data = turn.data
        posted = await turn.run(
            ask_question,
            AskQuestion(
                turn.user.id, pack.id, str(topics[index]), str(data.get("text", "")),
                data.get("photo"),
            ),
        )  # fmt: skip
        turn.idle()
        if posted.post is None:
            turn.say(f"forum/problem/{posted.problem}")
            return
        turn.say(
            "forum/posted",
            [[turn.button("forum_show", FORUM_SHOW.payload(posted.post.thread_id), number="")]],
            topic=topic_name(pack, posted.post.topic_id, turn.locale),
        )

    # ------------------------------------------------------------------ helping
    async def questions(self, turn: Turn, args: tuple[str, ...]) -> None:
        """`/questions` (`/sorular`): open questions the student could help with."""
        pack = self._pack(turn)
        if pack is None:
            turn.say("forum/no_pack")
            return
        found = await turn.run(open_questions, OpenQuestions(turn.user.id, pack.id))
        rows = [
            [turn.button("forum_show", FORUM_SHOW.payload(p.thread_id), number=i),
             turn.button("forum_answer", FORUM_ANSWER.payload(p.thread_id), number=i)]
            for i, p in enumerate(found, start=1)
        ]  # fmt: skip
        turn.say(
            "forum/open",
            rows,
            questions=[
                {"text": _preview(p.text), "topic": topic_name(pack, p.topic_id, turn.locale)}
                for p in found
            ],
        )

    async def show(self, turn: Turn, payload: Payload) -> None:
        """A thread: the question, then the answers with their buttons."""
        thread = await turn.run(show_thread, ShowThread(payload.int_arg(0) or 0))
        if thread is None or (thread.question is None and not thread.answers):
            turn.say("forum/gone")
            return
        self._show(turn, thread)

    def _author(self, turn: Turn, post: Post) -> dict[str, Any]:
        return {"name": post.author, "mine": post.user_id == turn.user.id, "source": post.source}

    def _show(self, turn: Turn, thread: Thread) -> None:
        pack = self._catalog.packs.get(thread.pack_id)
        question = thread.question
        mine = question is not None and question.user_id == turn.user.id
        answers = thread.answers[:SHOWN_ANSWERS]
        rows = []
        for i, post in enumerate(answers, start=1):
            row = []
            if post.user_id != turn.user.id:
                row.append(turn.button("forum_vote", FORUM_VOTE.payload(post.id), number=i,
                                       votes=post.votes))  # fmt: skip
            if mine and post.id != thread.accepted_post_id:
                row.append(turn.button("forum_accept", FORUM_ACCEPT.payload(post.id), number=i))
            if post.user_id != turn.user.id:
                row.append(turn.button("forum_report", FORUM_REPORT.payload(post.id), number=i))
            if row:
                rows.append(row)
        last = [turn.button("forum_answer", FORUM_ANSWER.payload(thread.id), number="")]
        if question is not None and not mine:
            last.append(turn.button("forum_report", FORUM_REPORT.payload(question.id), number="?"))
        rows.append(last)
        turn.say(
            "forum/thread",
            rows,
            question=question.text if question else None,
            photo=bool(question and question.photo),
            asker=self._author(turn, question) if question else None,
            topic=topic_name(pack, thread.topic_id, turn.locale) if pack else "",
            answers=[
                {"text": p.text, "votes": p.votes, "accepted": p.id == thread.accepted_post_id,
                 **self._author(turn, p)}
                for p in answers
            ],
        )  # fmt: skip

    async def answer(self, turn: Turn, payload: Payload) -> None:
        """Ask for the answer as typed text."""
        thread_id = payload.int_arg(0)
        if thread_id is None:
            turn.say("common/stale_button")
            return
        turn.goto(FLOW, "answer", {"thread": thread_id})
        await self.prompt(turn)

    async def _answer(self, turn: Turn, text: str) -> None:
        posted = await turn.run(answer, Answer(int(turn.data.get("thread", 0)), turn.user.id, text))
        if posted.post is None:
            turn.say(f"forum/problem/{posted.problem}")
            if posted.problem in ("gone", "too_many_answers"):
                turn.idle()
            return
        turn.idle()
        turn.say("forum/answered")

    async def vote(self, turn: Turn, payload: Payload) -> None:
        """Upvote an answer (once; not one's own)."""
        acted = await turn.run(vote, OnPost(payload.int_arg(0) or 0, turn.user.id))
        votes = acted.post.votes if acted.post else 0
        turn.say("forum/voted", done=acted.done, reason=acted.reason, votes=votes)

    async def accept(self, turn: Turn, payload: Payload) -> None:
        """The asker accepts an answer."""
        acted = await turn.run(accept, OnPost(payload.int_arg(0) or 0, turn.user.id))
        turn.say("forum/accepted", done=acted.done, reason=acted.reason)

    async def report(self, turn: Turn, payload: Payload) -> None:
        """Report a post; enough reports hide it until an operator looks."""
        acted = await turn.run(report, OnPost(payload.int_arg(0) or 0, turn.user.id))
        turn.say("forum/reported", done=acted.done, reason=acted.reason)

    # ------------------------------------------------------------------ typed steps
    async def begin(self, turn: Turn) -> None:
        """`/ask` is where this starts."""
        await self.ask(turn, ())

    async def prompt(self, turn: Turn) -> None:
        """Ask for the question or the answer; at the topic step, show the choice again."""
        step = turn.state.step
        if step == "ask":
            turn.say("forum/ask")
        elif step == "answer":
            turn.say("forum/answer_prompt")
        elif step == "topic" and (pack := self._pack(turn)) is not None:
            self._topic_choice(turn, pack, list(turn.data.get("topics") or []))
        else:
            turn.idle()

    async def on_text(self, turn: Turn, text: str) -> bool:
        """The typed question (again, at the topic step: a new draft) or answer."""
        step = turn.state.step
        if step in ("ask", "topic"):
            await self._draft(turn, text)
            return True
        if step == "answer":
            await self._answer(turn, text)
            return True
        return False
