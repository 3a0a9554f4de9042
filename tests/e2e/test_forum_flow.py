"""The Q&A forum end to end, in Turkish and in English: ask → similar questions shown → the
topic confirmed → answer → vote → accept; a rude answer refused; reports hide an answer until
an operator decides; a deleted asker leaves the answers of others under a deleted student."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import wired_engine
from coach.dialogue.engine import EngineConfig
from coach.forum.usecases import Decide, Moderation, decide, moderation_queue
from coach.messages import EventKind
from coach.packs.catalog import Catalog
from storage.uow import SqlUnitOfWorkFactory
from tests.conversation import Conversation, onboard
from tests.fakes import FixedClock

MINI = Path(__file__).parents[1] / "fixtures" / "packs" / "mini"
WORDS = {
    "tr": {
        "first": "Yaş problemlerinde denklem nasıl kurulur? Babanın yaşı oğlunun 3 katı.",
        "again": "yas problemi denklem kurma, baba ogul yasi",
        "answer": "Bugünkü yaşlara x ve 3x de, sonra yılları ekleyerek denklemi kur.",
        "rude": "bu soru cok salak",
        "other": "Önce tablo çiz: şimdi, geçmiş ve gelecek yaşlar.",
        "similar": "Bunlardan biri mi?",
        "deleted": "silinmiş bir öğrenci",
    },
    "en": {
        "first": "How do I set up the equation in age word problems? A father is 3 times as old.",
        "again": "age problems: setting up the equation for father and son ages",
        "answer": "Call today's ages x and 3x, then add the years to both and set up the equation.",
        "rude": "what a stupid question",
        "other": "Draw a table first: now, past and future ages.",
        "similar": "Is it one of these?",
        "deleted": "a deleted student",
    },
}


async def _students(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str, count: int
) -> list[Conversation]:
    engine = wired_engine(uow_factory, clock, Catalog.load([str(MINI)]), EngineConfig())
    chats = []
    for number in range(count):
        chat = Conversation(engine, clock, user_key=str(2000 + number), locale_hint=locale)
        await onboard(chat, locale)
        await chat.press("pv:activate:")
        chats.append(chat)
    return chats


async def _ask(chat: Conversation, text: str, command: str, photo: str | None = None) -> None:
    await chat.command(command)
    assert chat.templates() == ["forum/ask"]
    await chat.send(EventKind.TEXT, text=text, attachment=photo)
    assert chat.templates()[:2] == ["forum/similar", "forum/pick_topic"]


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_ask_similar_answer_vote_accept_report(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, locale: str
) -> None:
    words = WORDS[locale]
    ask = "sor" if locale == "tr" else "ask"
    helper, asker, third, fourth = await _students(uow_factory, clock, locale, 4)

    # the first question: nothing similar yet; the topic is recognised from the text
    await _ask(helper, words["first"], ask)
    assert words["similar"] not in helper.text()
    await helper.press("fo:tp:0")
    assert helper.templates() == ["forum/posted"]
    assert ("Problemler" if locale == "tr" else "Word problems") in helper.text()

    # the same question in other words (no Turkish letters): "Is it one of these?"
    await _ask(asker, words["again"], ask, photo="telegram-file-7")  # with a photo
    assert words["similar"] in asker.text() and words["first"][:30] in asker.text()
    await asker.press("fo:tp:0")  # no, mine is different: post it under the topic
    assert asker.templates() == ["forum/posted"]
    thread = asker.find("fo:sh:").payload

    # the helper finds it among the open questions and answers
    await helper.command("sorular" if locale == "tr" else "questions")
    assert helper.templates() == ["forum/open"] and words["again"][:20] in helper.text()
    await helper.tap(thread.replace("fo:sh:", "fo:an:"))
    assert helper.templates() == ["forum/answer_prompt"]
    await helper.say(words["answer"])
    assert helper.templates() == ["forum/answered"]

    # a rude answer is refused; a friendly one is taken
    await third.tap(thread.replace("fo:sh:", "fo:an:"))
    await third.say(words["rude"])
    assert third.templates() == ["forum/problem/profanity"]
    await third.say("0532 123 45 67")
    assert third.templates() == ["forum/problem/phone"]
    await third.say(words["other"])
    assert third.templates() == ["forum/answered"]

    # the asker votes and accepts the helper's answer
    await asker.tap(thread)
    assert asker.templates() == ["forum/thread"] and words["answer"] in asker.text()
    assert "📷" in asker.text()
    upvote = asker.find("fo:up:").payload
    await asker.tap(upvote)
    assert asker.templates() == ["forum/voted"] and "(1)" in asker.text()
    await asker.tap(upvote)
    assert asker.templates() == ["forum/voted"] and "(1)" not in asker.text()  # once only
    await asker.tap(thread)
    await asker.press("fo:ok:")
    assert asker.templates() == ["forum/accepted"]
    await helper.tap(thread)
    assert "✅ " + words["answer"] in helper.text()
    assert not any(c.payload.startswith("fo:ok:") for c in helper.choices())  # not the asker

    # three reports hide the third student's answer until an operator decides
    for reporter in (asker, helper, fourth):
        await reporter.tap(thread)
        [second] = [c for c in reporter.choices() if c.payload.startswith("fo:rp:")
                    and c.label.endswith(" 2")]  # fmt: skip
        await reporter.tap(second.payload)
        assert reporter.templates() == ["forum/reported"]
    await fourth.tap(thread)
    assert words["other"] not in fourth.text() and words["answer"] in fourth.text()
    async with uow_factory() as uow:
        [hidden] = await moderation_queue(uow, clock.now(), Moderation())
        assert hidden.text == words["other"]
        await decide(uow, clock.now(), Decide(hidden.id, keep=True))
        await uow.commit()
    await fourth.tap(thread)
    assert words["other"] in fourth.text()

    # the asker deletes their account: the answers stay, under a deleted student
    await asker.command("delete")
    await asker.press("ac:delete:yes")
    await fourth.tap(thread)
    assert fourth.templates() == ["forum/thread"]
    assert words["deleted"] in fourth.text() and words["answer"] in fourth.text()
    assert words["again"] not in fourth.text()
