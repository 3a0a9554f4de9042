"""The buttons that open the AI tutor from other parts of the conversation."""

from __future__ import annotations

from typing import Any

from coach.actions import AI_EXPLAIN_QUESTION, AI_EXPLAIN_TOPIC
from coach.dialogue.turn import Turn
from coach.messages import Choice


def explain_button(
    turn: Turn, question_ref: str, name: str = "explain", **context: Any
) -> Choice | None:
    """The "Explain it to me" button for a question, or None when its id does not fit a button."""
    try:
        payload = AI_EXPLAIN_QUESTION.payload(question_ref)
    except ValueError:
        return None
    return turn.button(name, payload, **context)


def explain_topic_button(turn: Turn, topic_id: str) -> Choice | None:
    """The "Explain it to me" button for a topic (from /stuck)."""
    try:
        payload = AI_EXPLAIN_TOPIC.payload(topic_id)
    except ValueError:
        return None
    return turn.button("explain", payload)
