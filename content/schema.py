"""Pydantic models of the content-pack file format (see CONTENT_FORMAT.md), all frozen.

The models mirror the YAML files: `pack.yaml` (PackManifest with the Exam, Subjects and
GeneratorSpecs), `topics/<subject>.yaml` (TopicsFile) and `questions/<subject>.yaml`
(QuestionsFile). The loader adds a few derived fields (a topic's subject, a lesson's order, the
automatic practice and summary resources) and an `origin` (file and line) used in error messages.
Cross-item rules (unique ids, prerequisites, question counts) live in `content.validate`.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from content.schema_base import (
    Difficulty,
    Id,
    Language,
    ResourceLevel,
    ResourceType,
    ScoreTypeId,
    Text,
    _Model,
)
from content.schema_terms import ExamTerms, Words

__all__ = ["Difficulty", "ExamTerms", "Id", "Language", "ScoreTypeId", "Text", "Words"]


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


class UsualDate(_Model):
    """When the exam usually sits, for a first guess before the official date is known: the
    `week`-th Saturday of each of `months` (YKS: the third Saturday of June; the SAT sits on
    an early Saturday of several months a year)."""

    months: tuple[int, ...] = Field(min_length=1)
    week: int = Field(ge=1, le=4)


class Exam(_Located):
    """The exam structure of a pack."""

    id: Id
    name: Text
    name_en: Text | None = None
    net_rule: NetRule
    sessions: tuple[ExamSession, ...] = Field(min_length=1)
    score_types: tuple[ScoreType, ...] = ()
    usual_date: UsualDate = UsualDate(months=(6,), week=3)


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
    # How many options every question of the exam has (YKS 5, SAT 4); None = not checked.
    options_per_question: int | None = Field(default=None, ge=2, le=5)
    # Languages every summary sheet must be written in (the pack's own first).
    summary_languages: tuple[Language, ...] = ()
    terms: ExamTerms | None = None


class Lesson(_Located):
    """A lesson of a topic; `order` is its 1-based position in the topic (set by the loader)."""

    id: Id
    title: Text
    title_en: Text | None = None
    minutes: int = Field(gt=0, le=240)
    order: int = Field(default=1, ge=1)


class SummarySheet(_Model):
    """A summary sheet in one language: key points, one worked example, common mistakes."""

    points: tuple[Text, ...]
    example: Text | None = None
    mistakes: tuple[Text, ...] = ()


class Summary(_Model):
    """Our own summary sheet of a topic, in the pack's language and optionally translated.

    `points`, `example` and `mistakes` are in the pack's language; `*_en` (in a Turkish pack)
    and `*_tr` (in an English pack) hold the translation. `content.validate` asks every sheet
    for an example and common mistakes in each of the pack's `summary_languages`.
    """

    points: tuple[Text, ...] = Field(min_length=5, max_length=10)
    example: Text | None = None
    mistakes: tuple[Text, ...] = Field(default=(), max_length=6)
    points_en: tuple[Text, ...] | None = Field(default=None, min_length=3, max_length=10)
    example_en: Text | None = None
    mistakes_en: tuple[Text, ...] = Field(default=(), max_length=6)
    points_tr: tuple[Text, ...] | None = Field(default=None, min_length=3, max_length=10)
    example_tr: Text | None = None
    mistakes_tr: tuple[Text, ...] = Field(default=(), max_length=6)

    def sheet(self, language: str, pack_language: str) -> SummarySheet | None:
        """The sheet in `language`: the pack's own, or its translation (None when missing)."""
        if language == pack_language:
            return SummarySheet(points=self.points, example=self.example, mistakes=self.mistakes)
        if language == "en" and self.points_en:
            return SummarySheet(
                points=self.points_en, example=self.example_en, mistakes=self.mistakes_en
            )
        if language == "tr" and self.points_tr:
            return SummarySheet(
                points=self.points_tr, example=self.example_tr, mistakes=self.mistakes_tr
            )
        return None

    def languages(self, pack_language: str) -> tuple[str, ...]:
        """The languages this sheet is written in, the pack's own first."""
        found = [pack_language]
        for language in ("en", "tr"):
            if language not in found and self.sheet(language, pack_language) is not None:
                found.append(language)
        return tuple(found)


class Resource(_Located):
    """A study resource: an external link, a practice set, or a text we ship (summary).

    A link has a `source` (who publishes it), a `level` and a `note` saying what it covers.
    `search` marks a link to a search page (a video search for the topic, say) rather than to
    one known page; it is shown as a search, never as a specific video or article.
    """

    id: Id
    type: ResourceType
    title: Text
    title_en: Text | None = None
    language: Language
    minutes: int = Field(gt=0)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    body: str | None = None
    verified: bool = True
    source: Text | None = None
    level: ResourceLevel | None = None
    note: Text | None = None
    note_en: Text | None = None
    search: bool = False


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


# ---------------------------------------------------------------- figure specs
# A question's figure as numbers (rendered by content.figures): cheap to make, JSON-able, frozen.
Point = tuple[float, float]
Label = Annotated[str, StringConstraints(max_length=24)]


class TriangleFigure(_Model):
    """Triangle `names` at `vertices`; side i joins vertex i and i + 1 (AB, BC, CA).

    `angles` label the interior angles; `right_angle` marks one with a square; `extension`
    continues side i past vertex i + 1 to a named point and labels the exterior angle there.
    """

    kind: Literal["triangle"] = "triangle"
    vertices: tuple[Point, Point, Point]
    names: tuple[Label, Label, Label] = ("A", "B", "C")
    sides: tuple[Label | None, Label | None, Label | None] = (None, None, None)
    angles: tuple[Label | None, Label | None, Label | None] = (None, None, None)
    right_angle: int | None = Field(default=None, ge=0, le=2)
    extension: tuple[int, Label, Label | None] | None = None  # (side, point name, angle label)


class CircleFigure(_Model):
    """A circle with centre `names[0]` and points `names[1]`, `names[2]` at angles `start`,
    `end` (degrees, counter-clockwise); the sector between them is shaded and labelled."""

    kind: Literal["circle"] = "circle"
    start: float
    end: float
    names: tuple[Label, Label, Label] = ("O", "A", "B")
    radius_label: Label | None = None
    angle_label: Label | None = None
    arc_label: Label | None = None


class GraphPoint(_Model):
    """A marked point of a graph; its coordinates are written at the axes."""

    x: float
    y: float
    vertex: bool = False  # the turning point of a parabola


class GraphFigure(_Model):
    """The graph of y = f(x): a line (a·x + b) or a parabola (a·x² + b·x + c), with marked
    points that lie on it, drawn over `x_range` × `y_range`."""

    kind: Literal["graph"] = "graph"
    function: Literal["line", "parabola"]
    coefficients: tuple[float, ...]
    points: tuple[GraphPoint, ...] = Field(min_length=1, max_length=4)
    x_range: Point
    y_range: Point
    name: Label = "f"

    def value(self, x: float) -> float:
        """f(x)."""
        return sum(c * x**power for power, c in enumerate(reversed(self.coefficients)))

    @model_validator(mode="after")
    def _points_on_the_graph(self) -> GraphFigure:
        if len(self.coefficients) != (2 if self.function == "line" else 3):
            raise ValueError(
                f"a {self.function} needs {2 if self.function == 'line' else 3} coefficients"
            )
        for point in self.points:
            if not math.isclose(self.value(point.x), point.y, abs_tol=1e-9):
                raise ValueError(f"({point.x:g}, {point.y:g}) is not on the graph")
            if not (self.x_range[0] < point.x < self.x_range[1]) or not (
                self.y_range[0] < point.y < self.y_range[1]
            ):
                raise ValueError(f"({point.x:g}, {point.y:g}) is outside the drawn range")
        return self


FigureSpec = Annotated[TriangleFigure | CircleFigure | GraphFigure, Field(discriminator="kind")]


class Question(_Located):
    """A multiple-choice question; `answer` is the 0-based index of the correct option."""

    id: Id
    topic: Id
    difficulty: Difficulty
    stem: Text
    options: tuple[Text, ...] = Field(min_length=2, max_length=5)
    answer: int
    explanation: Text
    language: Language
    source: Text = "LearnConnect original"
    license: Text = "CC-BY-4.0"
    # A longer worked solution, step by step (the explanation is what fits a quiz poll).
    solution: Text | None = None
    # A figure shipped with the pack (path relative to the pack folder, a PNG).
    figure: str | None = None
    # A figure drawn from numbers (content.figures renders it); generators fill it in.
    figure_spec: FigureSpec | None = None
    # A translation, when the question is also written in another language.
    stem_tr: Text | None = None
    options_tr: tuple[Text, ...] | None = None
    explanation_tr: Text | None = None

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
