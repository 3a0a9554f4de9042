"""Pydantic models of the content-pack file format (see CONTENT_FORMAT.md), all frozen.

The models mirror the YAML files: `pack.yaml` (PackManifest with the Exam, Subjects and
GeneratorSpecs), `topics/<subject>.yaml` (TopicsFile) and `questions/<subject>.yaml`
(QuestionsFile). The loader adds a few derived fields (a topic's subject, a lesson's order, the
automatic practice and summary resources) and an `origin` (file and line) used in error messages.
Cross-item rules (unique ids, prerequisites, question counts) live in `content.validate`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=128)]
ScoreTypeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$", max_length=32)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Difficulty = Annotated[int, Field(ge=1, le=5)]
ResourceType = Literal["video", "article", "practice", "summary"]


class _Model(BaseModel):
    """Frozen, and strict about unknown keys so that typos in YAML are reported."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Origin(_Model):
    """Where an item was written: a file relative to the pack folder, and a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


class _Located(_Model):
    """An item that remembers where it was written (not part of exports or equality of data)."""

    origin: Origin | None = Field(default=None, exclude=True, repr=False)


class NetRule(_Model):
    """How a net score is counted: net = correct - wrong * wrong_penalty."""

    wrong_penalty: float = Field(ge=0, le=1)

    def net(self, correct: int, wrong: int) -> float:
        """The net of a test result."""
        return correct - wrong * self.wrong_penalty


class ExamTest(_Located):
    """One test of an exam session, e.g. TYT Temel Matematik with 40 questions."""

    id: Id
    name: Text
    name_en: Text | None = None
    questions: int = Field(gt=0)


class ExamSession(_Located):
    """A sitting of the exam (TYT, AYT, YDT) with its duration and tests."""

    id: Id
    name: Text
    name_en: Text | None = None
    minutes: int = Field(gt=0)
    tests: tuple[ExamTest, ...] = Field(min_length=1)


class ScoreType(_Located):
    """A score type (SAY, EA, SOZ, DIL, TYT) and the weight of each test in it."""

    id: ScoreTypeId
    name: Text
    name_en: Text | None = None
    weights: dict[str, float]


class Exam(_Located):
    """The exam structure of a pack."""

    id: Id
    name: Text
    name_en: Text | None = None
    net_rule: NetRule
    sessions: tuple[ExamSession, ...] = Field(min_length=1)
    score_types: tuple[ScoreType, ...] = ()


class Subject(_Located):
    """A subject; it belongs to exactly one test (several subjects may share a test)."""

    id: Id
    name: Text
    name_en: Text | None = None
    test_id: Id


class GeneratorSpec(_Located):
    """A question generator of a topic: `function` is "module.path:callable"."""

    id: Id
    topic: Id
    function: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")]

    @property
    def topic_id(self) -> str:
        """The topic this generator writes questions for."""
        return self.topic


class MasteryModel(_Model):
    """Optional knowledge-tracing parameters of a pack (`mastery:` in pack.yaml).

    Each is a per-question probability of Bayesian Knowledge Tracing; a missing value keeps
    the coach's default. `learnconnect mastery fit PACK` prints values fitted from answers.
    """

    guess: float | None = Field(default=None, ge=0, le=0.5)
    slip: float | None = Field(default=None, ge=0, le=0.5)
    learn: float | None = Field(default=None, ge=0, le=1)
    forget: float | None = Field(default=None, ge=0, le=1)


class PackManifest(_Model):
    """The contents of pack.yaml."""

    id: Id
    name: Text
    version: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    question_count_tolerance: float = Field(default=2.0, ge=0)
    exam: Exam
    subjects: tuple[Subject, ...] = Field(min_length=1)
    generators: tuple[GeneratorSpec, ...] = ()
    mastery: MasteryModel | None = None


class Lesson(_Located):
    """A lesson of a topic; `order` is its 1-based position in the topic (set by the loader)."""

    id: Id
    title: Text
    title_en: Text | None = None
    minutes: int = Field(gt=0, le=240)
    order: int = Field(default=1, ge=1)


class Summary(_Model):
    """Our own summary sheet of a topic: 5-10 key points, optionally also in English."""

    points: tuple[Text, ...] = Field(min_length=5, max_length=10)
    points_en: tuple[Text, ...] | None = None


class Resource(_Located):
    """A study resource: an external link, a practice set, or a text we ship (summary)."""

    id: Id
    type: ResourceType
    title: Text
    title_en: Text | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    minutes: int = Field(gt=0)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    body: str | None = None
    verified: bool = True


class Topic(_Located):
    """A topic of a subject, its weight in the exam, prerequisites, lessons and resources."""

    id: Id
    subject_id: Id
    name: Text
    name_en: Text | None = None
    expected_questions: float = Field(ge=0)
    difficulty: Difficulty
    prerequisites: tuple[Id, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    summary: Summary | None = None
    resources: tuple[Resource, ...] = ()


class TopicsFile(_Model):
    """The contents of topics/<subject_id>.yaml."""

    subject: Id
    topics: tuple[Topic, ...] = Field(min_length=1)


class QuestionDefaults(_Model):
    """Values every question of a file shares unless it says otherwise."""

    language: str | None = None
    source: Text = "LearnConnect original"
    license: Text = "CC-BY-4.0"


class Question(_Located):
    """A multiple-choice question; `answer` is the 0-based index of the correct option."""

    id: Id
    topic: Id
    difficulty: Difficulty
    stem: Text
    options: tuple[Text, ...] = Field(min_length=2, max_length=5)
    answer: int
    explanation: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    source: Text = "LearnConnect original"
    license: Text = "CC-BY-4.0"

    @property
    def topic_id(self) -> str:
        """The topic this question belongs to."""
        return self.topic

    @property
    def correct_option(self) -> str | None:
        """The text of the correct option (None when the index is out of range)."""
        return self.options[self.answer] if 0 <= self.answer < len(self.options) else None


class QuestionsFile(_Model):
    """The contents of questions/<subject_id>.yaml."""

    subject: Id
    defaults: QuestionDefaults = QuestionDefaults()
    questions: tuple[Question, ...] = ()
