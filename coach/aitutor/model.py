"""Records of the AI tutor: what a student's message is, what the tutor does next, and the
pack passages a reply is grounded in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

LETTERS = "ABCDE"


class MessageKind(StrEnum):
    """What the student's message is, as far as the tutor is concerned."""

    ATTEMPT = "attempt"  # what they tried, a step, an answer, an on-topic question
    STUCK = "stuck"  # "I don't know", "no idea", "help"
    ASK_SOLUTION = "ask_solution"  # "just tell me the answer", the Show solution button
    OFF_TOPIC = "off_topic"
    PERSONAL = "personal"  # asks for or gives contact details or other personal data


class Move(StrEnum):
    """What the tutor does next."""

    ASK = "ask"  # "what did you try?" (the opening)
    HINT = "hint"  # a first, small hint
    BIG_HINT = "big_hint"  # a bigger hint: the first step
    NUDGE = "nudge"  # both hints given; asks the student to try once more
    CONFIRM = "confirm"  # the student's attempt reaches the right answer
    SOLUTION = "solution"  # the worked solution, step by step
    REFUSE_OFF_TOPIC = "refuse_off_topic"
    REFUSE_PERSONAL = "refuse_personal"


class ReplySource(StrEnum):
    """Where a tutor reply came from (kept with the transcript, and counted for the budget)."""

    PACK = "pack"  # the pack alone: no model configured, or none needed for this move
    MODEL = "model"  # the model's text, checked and shown
    MODEL_REJECTED = "model_rejected"  # the model leaked the solution or made up a fact
    MODEL_FAILED = "model_failed"  # error or time-out: the pack's text was shown
    OVER_BUDGET = "over_budget"  # the student's daily model budget was spent
    STUDENT = "student"  # a student's message

    @property
    def called_model(self) -> bool:
        """Whether producing this reply cost a model call."""
        return self in (ReplySource.MODEL, ReplySource.MODEL_REJECTED, ReplySource.MODEL_FAILED)


class SourceKind(StrEnum):
    """Which part of the pack a passage is."""

    QUESTION = "question"
    EXPLANATION = "explanation"
    SOLUTION = "solution"
    SUMMARY = "summary"  # a key point of the topic's summary sheet
    EXAMPLE = "example"  # the summary sheet's worked example
    MISTAKE = "mistake"  # a common mistake listed on the summary sheet


@dataclass(frozen=True, slots=True)
class Source:
    """One passage of the pack; `number` is its position in its part (point 3 of the sheet)."""

    kind: SourceKind
    number: int
    text: str

    @property
    def key(self) -> str:
        """A short stable name, e.g. `summary:3` (stored with the transcript as a citation)."""
        return f"{self.kind.value}:{self.number}"


@dataclass(frozen=True, slots=True)
class Grounding:
    """Everything the tutor may say about one question, all from the pack.

    `steps` is the worked solution split into steps (the `solution`, else the explanation);
    `sources` are the passages retrieval chooses from (the question, its explanation and
    solution, and the topic's summary sheet), in the student's language where the pack has it.
    """

    pack_id: str
    topic_id: str
    question_ref: str
    topic_name: str
    stem: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    steps: tuple[str, ...]
    sources: tuple[Source, ...]

    @property
    def answer_text(self) -> str:
        """The text of the correct option."""
        return self.options[self.answer] if 0 <= self.answer < len(self.options) else ""

    @property
    def answer_letter(self) -> str:
        """The letter of the correct option."""
        return LETTERS[self.answer] if 0 <= self.answer < len(LETTERS) else ""

    def of_kind(self, kind: SourceKind) -> tuple[Source, ...]:
        """The passages of one part of the pack."""
        return tuple(source for source in self.sources if source.kind is kind)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one tutoring conversation is: hints given, tries and requests for the answer."""

    hints: int = 0
    tries: int = 0
    asks: int = 0
    solution_shown: bool = False

    @property
    def may_show_solution(self) -> bool:
        """The solution comes only after a hint, and after the student tried or asked twice."""
        return self.hints >= 1 and (self.tries >= 1 or self.asks >= 2)


@dataclass(frozen=True, slots=True)
class TutorReply:
    """What the tutor says in one turn, with the passages it used."""

    move: Move
    text: str
    source: ReplySource
    citations: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    """One message of a tutoring conversation, as a human tutor reads it."""

    role: str  # student | coach
    text: str
    at: datetime
    move: str = ""
    source: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TutorConversation:
    """One AI-tutor conversation of a student on a topic, with its messages in order."""

    id: int
    user_id: int
    pack_id: str
    topic_id: str
    question_ref: str
    origin: str  # quiz | stuck
    started_at: datetime
    lines: tuple[TranscriptLine, ...] = field(default_factory=tuple)
