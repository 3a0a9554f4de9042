"""The tutor's replies: hints from the pack, or phrased by the model and checked first.

The model (optional) only phrases hints. It gets the retrieved passages, numbered, and the
student's masked message; it is told the level of hint wanted and never to give the answer.
Its text is shown only when it gives nothing away and states no number the pack lacks;
otherwise, and on any error or after `timeout_s`, the pack's own hint is shown. The worked
solution is always the pack's, step by step.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.aitutor.grounding import retrieve
from coach.aitutor.guard import acceptable_hint
from coach.aitutor.model import (
    Grounding,
    Move,
    ReplySource,
    Source,
    SourceKind,
    TranscriptLine,
    TutorReply,
)
from coach.aitutor.policy import Budget
from coach.aitutor.ports import ChatMessage, TutorModel
from coach.aitutor.text import mask_contacts
from prompts import render_llm

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 8.0  # well inside the 10 s a student waits before the pack answers
OFF_TOPIC_MARK = "[[OFFTOPIC]]"
HISTORY_LINES = 8
MODEL_MOVES = frozenset({Move.HINT, Move.BIG_HINT})
_CITATION = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True, slots=True)
class Ask:
    """What the tutor is asked to say: the move, the student's words, the conversation so far,
    the language, and whether a model call is allowed (configured, working, within budget)."""

    move: Move
    message: str
    history: Sequence[TranscriptLine]
    locale: str
    model_allowed: bool


class SocraticTutor:
    """Makes the reply of each move; holds the optional model and its time-out."""

    def __init__(
        self,
        model: TutorModel | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        budget: Budget | None = None,
    ) -> None:
        self._model = model
        self.timeout_s = timeout_s
        self.budget = budget or Budget()

    @property
    def has_model(self) -> bool:
        """Whether a model is configured at all."""
        return self._model is not None

    async def reply(self, grounding: Grounding, ask: Ask) -> TutorReply:
        """The reply to one move: the model's checked hint, or the pack's."""
        fallback = pack_hint(grounding, ask.move, ask.message)
        if ask.move not in MODEL_MOVES or self._model is None or not ask.model_allowed:
            return fallback
        passages = _passages(grounding, ask.move, ask.message)
        messages = _messages(grounding, ask, passages)
        try:
            async with asyncio.timeout(self.timeout_s):
                text = (await self._model.chat(messages, max_tokens=250)).strip()
        except Exception as error:  # down, slow, refused: the pack answers, at once
            log.warning("AI tutor model unavailable: %s", type(error).__name__)
            return TutorReply(
                fallback.move, fallback.text, ReplySource.MODEL_FAILED, fallback.citations
            )
        if OFF_TOPIC_MARK in text:
            return TutorReply(Move.REFUSE_OFF_TOPIC, "", ReplySource.MODEL)
        cleaned = _CITATION.sub("", text).strip()
        if not acceptable_hint(cleaned, grounding):
            log.info("AI tutor model reply rejected (gives the answer away or invents a number)")
            return TutorReply(
                fallback.move, fallback.text, ReplySource.MODEL_REJECTED, fallback.citations
            )
        cited = _cited(text, passages) or passages[:1]
        return TutorReply(ask.move, cleaned, ReplySource.MODEL, tuple(cited))


def pack_hint(grounding: Grounding, move: Move, message: str) -> TutorReply:
    """The pack's own text for a move: a key point of the summary sheet as the first hint, the
    first step of the worked solution as the bigger one; never a passage giving the answer."""
    if move is Move.HINT:
        candidates = retrieve(grounding, message, kinds=(SourceKind.SUMMARY,), limit=10)
        candidates += retrieve(grounding, message, kinds=(SourceKind.MISTAKE,), limit=3)
    elif move is Move.BIG_HINT:
        candidates = list(grounding.of_kind(SourceKind.SOLUTION)[:2])
        candidates += retrieve(grounding, message, kinds=(SourceKind.MISTAKE,), limit=3)
    else:
        return TutorReply(move, "", ReplySource.PACK)
    for source in candidates:
        if acceptable_hint(source.text, grounding):
            return TutorReply(move, source.text, ReplySource.PACK, (source,))
    return TutorReply(move, "", ReplySource.PACK)


def _passages(grounding: Grounding, move: Move, message: str) -> list[Source]:
    """What the model may use: the question, the closest summary passages, and for the bigger
    hint the first step of the worked solution (never the steps that reach the answer)."""
    found = [*grounding.of_kind(SourceKind.QUESTION), *retrieve(grounding, message, limit=3)]
    if move is Move.BIG_HINT:
        found += grounding.of_kind(SourceKind.SOLUTION)[:1]
    return found


def _messages(grounding: Grounding, ask: Ask, passages: Sequence[Source]) -> list[ChatMessage]:
    system = render_llm(
        "aitutor_system",
        language="Turkish" if ask.locale == "tr" else "English",
        topic=grounding.topic_name,
        level="bigger" if ask.move is Move.BIG_HINT else "small",
        passages=[(i, s.kind.value, s.text) for i, s in enumerate(passages, start=1)],
        off_topic=OFF_TOPIC_MARK,
    )
    messages = [ChatMessage("system", system)]
    for line in list(ask.history)[-HISTORY_LINES:]:
        role = "user" if line.role == "student" else "assistant"
        if line.text:
            messages.append(ChatMessage(role, line.text))
    messages.append(ChatMessage("user", mask_contacts(ask.message)[:1000] or "?"))
    return messages


def _cited(text: str, passages: Sequence[Source]) -> list[Source]:
    numbers = [int(n) for n in _CITATION.findall(text)]
    return list(dict.fromkeys(passages[n - 1] for n in numbers if 1 <= n <= len(passages)))
