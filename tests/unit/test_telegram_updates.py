"""Updates of one chat are processed in order; different chats run concurrently."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from bot.channels.telegram_updates import PerChatUpdateProcessor, chat_key


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "private")
    user = User(chat_id, "S", is_bot=False)
    message = Message(update_id, None, chat, from_user=user, text="hi")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_same_chat_in_order_other_chats_concurrently() -> None:
    processor = PerChatUpdateProcessor()
    log: list[str] = []
    first_started = asyncio.Event()
    release_first = asyncio.Event()

    async def slow(name: str) -> None:
        log.append(f"start {name}")
        first_started.set()
        await release_first.wait()
        log.append(f"end {name}")

    async def quick(name: str) -> None:
        log.append(f"run {name}")

    async with processor:
        a1 = asyncio.create_task(processor.process_update(_update(1, 10), slow("a1")))
        await first_started.wait()
        a2 = asyncio.create_task(processor.process_update(_update(2, 10), quick("a2")))
        b1 = asyncio.create_task(processor.process_update(_update(3, 20), quick("b1")))
        await b1  # another chat does not wait for chat 10
        assert log == ["start a1", "run b1"]
        release_first.set()
        await asyncio.gather(a1, a2)
    assert log == ["start a1", "run b1", "end a1", "run a2"]
    assert processor._locks == {}  # locks of idle chats are forgotten


def test_chat_key_of_updates_without_a_chat() -> None:
    assert chat_key(_update(1, 42)) == 42
    assert chat_key(object()) == 0
