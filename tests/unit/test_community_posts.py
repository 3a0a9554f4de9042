"""A study group's place as an outbox address, and forum topics sharing their supergroup's
send ceiling (Telegram: 20 messages a minute per group, whatever the topic)."""

from __future__ import annotations

from bot.channels.telegram import _chat_id, _thread_id
from bot.jobs.ratelimit import TELEGRAM_LIMITS, RateLimiter
from coach.community.ports import GroupPlace
from coach.community.posts import place_address, posted_channels


def test_places_become_group_addresses() -> None:
    topic = place_address(GroupPlace(7, "telegram", "-100555", "42"))
    assert topic is not None and topic.is_group
    assert (topic.user_key, topic.chat_key) == ("-100555", "-100555#42")
    channel = place_address(GroupPlace(7, "discord", "guild-1", "777", "role-1"))
    assert channel is not None and channel.is_group and channel.chat_key == "777"
    assert place_address(GroupPlace(7, "discord", "guild-1")) is None  # no channel made yet
    assert posted_channels([GroupPlace(7, "discord", "guild-1")]) == frozenset()


def test_the_telegram_channel_reads_the_topic_of_a_key() -> None:
    assert (_chat_id("-100555#42"), _thread_id("-100555#42")) == (-100555, 42)
    assert (_chat_id("4101"), _thread_id("4101")) == (4101, None)


def test_topics_share_their_groups_twenty_a_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(TELEGRAM_LIMITS, monotonic=lambda: now[0])
    assert limiter.reserve("-100555#1", is_group=True, max_wait=1) == 0
    assert limiter.reserve("-100555#2", is_group=True, max_wait=1) is None  # same supergroup
    assert limiter.next_free_in("-100555#2") == 3.0  # 60 s / 20
    wait = limiter.reserve("-100666#1", is_group=True, max_wait=1)  # another group: 1/25 s
    assert wait is not None and wait < 0.1
