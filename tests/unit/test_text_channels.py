"""Pieces of the web and terminal chats: input to events, quiz buttons, numbering, files,
cookies and the origin check."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.requests import Request

from bot.channels.console import ConsoleChannel, numbered_rows, save_document
from bot.channels.textchat import bounded_input, build_event, reply_choices
from bot.web.webchat_guard import CookieSigner, same_origin
from coach.messages import (
    ChannelKind,
    ChannelRef,
    Choice,
    DocumentSpec,
    EventKind,
    QuizSpec,
    Reply,
    ReplyKind,
    photo,
)

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
REF = ChannelRef(ChannelKind.WEB, "w1", "w1")
QUIZ = Reply(
    text="2 + 2?",
    kind=ReplyKind.QUIZ,
    quiz=QuizSpec("as:3", "2 + 2?", ("3", "4", "5"), 1),
    choices=((Choice("I don't know", "as:idk:3"),),),
)


@pytest.mark.parametrize(
    ("text", "kind", "command", "args"),
    [
        ("/today", EventKind.COMMAND, "today", ()),
        ("/move 3 tomorrow", EventKind.COMMAND, "move", ("3", "tomorrow")),
        ("/", EventKind.TEXT, "", ()),
        ("/ hello", EventKind.TEXT, "", ()),
        ("what should I study today", EventKind.TEXT, "", ()),
    ],
)
def test_typed_lines_become_commands_or_text(
    text: str, kind: EventKind, command: str, args: tuple[str, ...]
) -> None:
    event = build_event(REF, bounded_input(text), NOW, locale_hint="tr")
    assert (event.kind, event.command, event.args, event.text) == (kind, command, args, text)
    assert event.locale_hint == "tr"


def test_buttons_become_choices_and_quiz_buttons_poll_answers() -> None:
    option = reply_choices(QUIZ)[1][0]
    assert option.label == "B) 4"
    quiz_event = build_event(REF, bounded_input(payload=option.payload), NOW)
    assert (quiz_event.kind, quiz_event.payload) == (EventKind.POLL_ANSWER, "as:3:1")
    choice_event = build_event(REF, bounded_input(payload="ob:lang:en"), NOW)
    assert (choice_event.kind, choice_event.payload) == (EventKind.CHOICE, "ob:lang:en")
    assert reply_choices(QUIZ)[-1] == (Choice("I don't know", "as:idk:3"),)


def test_input_is_bounded() -> None:
    long = bounded_input("a\x00" * 12_000)
    assert len(long.text) == 10_000 and long.was_cut and "\x00" not in long.text
    assert bounded_input("  \n ").is_empty
    assert not bounded_input("x" * 10_000).was_cut
    assert len(bounded_input(payload="p" * 500).payload) == 128


async def test_the_console_numbers_buttons_and_letters_quiz_options(tmp_path: Path) -> None:
    out = io.StringIO()
    channel = ConsoleChannel(out, tmp_path)
    await channel.send(REF, Reply(text="Pick", choices=((Choice("Yes", "y"), Choice("No", "n")),)))
    await channel.send(REF, QUIZ)
    assert "Pick\n  1) Yes   2) No\n" in out.getvalue()
    assert "2 + 2?\n  3) A) 3\n  4) B) 4\n  5) C) 5\n  6) I don't know\n" in out.getvalue()
    assert channel.choice_for("2") == Choice("No", "n")
    assert channel.choice_for("b") == reply_choices(QUIZ)[1][0]
    assert channel.choice_for("7") is None and channel.choice_for("F") is None
    assert channel.choice_for("hello") is None
    assert channel.choice_for("no") == Choice("No", "n")  # a button's label presses it too
    channel.new_turn()
    assert channel.choice_for("1") is None
    assert numbered_rows(((Choice("a", "a"),), (Choice("b", "b"),)), 5) == ["  5) a", "  6) b"]


async def test_the_console_describes_a_picture_and_keeps_the_file(tmp_path: Path) -> None:
    out = io.StringIO()
    channel = ConsoleChannel(out, tmp_path)
    await channel.send(REF, photo(b"png", "figure.png", caption="Soru 1", alt="Üçgen ABC"))
    assert "Soru 1\n🖼 Üçgen ABC\n" in out.getvalue()
    assert (tmp_path / "figure.png").read_bytes() == b"png"


def test_documents_are_saved_under_a_safe_new_name(tmp_path: Path) -> None:
    spec = DocumentSpec("../../etc/pass wd", b"x")
    first = save_document(tmp_path, spec)
    second = save_document(tmp_path, spec)
    assert first == tmp_path / "pass_wd" and second == tmp_path / "pass_wd-1"
    assert save_document(tmp_path, DocumentSpec("..", b"")).name == "document"


def test_cookies_are_signed() -> None:
    signer = CookieSigner(b"k" * 32)
    web_id = signer.new_id()
    cookie = signer.sign(web_id)
    assert signer.verify(cookie) == web_id
    assert CookieSigner(b"other key").verify(cookie) is None
    assert signer.verify(cookie[:-1] + ("A" if cookie[-1] != "A" else "B")) is None
    assert signer.verify("x" * 200) is None and signer.verify(None) is None
    assert signer.new_id() != web_id


def _request(**headers: str) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "POST", "path": "/", "headers": raw})


def test_the_origin_check() -> None:
    assert same_origin(_request(Host="127.0.0.1:8000", Origin="http://127.0.0.1:8000"), None)
    assert not same_origin(_request(Host="127.0.0.1:8000", Origin="http://evil:8000"), None)
    assert not same_origin(_request(Host="127.0.0.1:8000"), None)
    behind_proxy = _request(Host="10.0.0.5:8000", Origin="https://coach.example.org")
    assert same_origin(behind_proxy, "https://coach.example.org")
    assert not same_origin(behind_proxy, None)
    referer = _request(Host="a:1", Referer="http://a:1/chat")
    assert same_origin(referer, None)
