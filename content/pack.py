"""The loaded pack: every item of an exam's content, with the look-ups coach and planner need."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Protocol, TypeVar

from pydantic import Field

from content.schema import (
    Exam,
    ExamSession,
    ExamTerms,
    ExamTest,
    GeneratorSpec,
    Lesson,
    MasteryModel,
    Question,
    Resource,
    ScoreType,
    Subject,
    Topic,
    _Model,
)


class Pack(_Model):
    """A content pack: exam structure, subjects, topics (with lessons and resources), questions.

    Look-ups raise KeyError for unknown ids. Items keep their file order; the first item wins
    when an id is duplicated (validation reports the duplicate).
    """

    id: str
    name: str
    version: str
    language: str
    question_count_tolerance: float
    exam: Exam
    subjects: tuple[Subject, ...]
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...] = ()
    generators: tuple[GeneratorSpec, ...] = ()
    mastery: MasteryModel | None = None
    options_per_question: int | None = None
    summary_languages: tuple[str, ...] = ()
    terms: ExamTerms | None = None
    root: str | None = Field(default=None, exclude=True, repr=False)

    # ------------------------------------------------------------------ indexes
    @cached_property
    def topics_by_id(self) -> Mapping[str, Topic]:
        """Every topic by id."""
        return _first_by_id(self.topics)

    @cached_property
    def subjects_by_id(self) -> Mapping[str, Subject]:
        """Every subject by id."""
        return _first_by_id(self.subjects)

    @cached_property
    def tests_by_id(self) -> Mapping[str, ExamTest]:
        """Every exam test by id."""
        return _first_by_id(test for session in self.exam.sessions for test in session.tests)

    @cached_property
    def lessons_by_id(self) -> Mapping[str, Lesson]:
        """Every lesson by id."""
        return _first_by_id(lesson for topic in self.topics for lesson in topic.lessons)

    @cached_property
    def questions_by_id(self) -> Mapping[str, Question]:
        """Every bank question by id."""
        return _first_by_id(self.questions)

    @cached_property
    def _questions_by_topic(self) -> Mapping[str, tuple[Question, ...]]:
        grouped: dict[str, list[Question]] = {}
        for question in self.questions:
            grouped.setdefault(question.topic, []).append(question)
        return {topic_id: tuple(items) for topic_id, items in grouped.items()}

    @cached_property
    def _topic_of_lesson(self) -> Mapping[str, str]:
        return {lesson.id: topic.id for topic in reversed(self.topics) for lesson in topic.lessons}

    # ------------------------------------------------------------------ exam structure
    def session_of_test(self, test_id: str) -> ExamSession:
        """The session (TYT, AYT, ...) a test belongs to."""
        for session in self.exam.sessions:
            if any(test.id == test_id for test in session.tests):
                return session
        raise KeyError(f"no test {test_id!r} in pack {self.id!r}")

    def score_type(self, score_type_id: str) -> ScoreType:
        """A score type by id, ignoring case and Turkish letters: "söz" and "SÖZ" find "SOZ"."""
        wanted = _plain(score_type_id)
        for score_type in self.exam.score_types:
            if _plain(score_type.id) == wanted:
                return score_type
        raise KeyError(f"no score type {score_type_id!r} in pack {self.id!r}")

    def weight(self, test_id: str, score_type_id: str) -> float:
        """The weight of a test in a score type; 0 when the test does not count for it."""
        return self.score_type(score_type_id).weights.get(test_id, 0.0)

    def test_of(self, subject_id: str) -> ExamTest:
        """The test a subject is examined in."""
        return self.tests_by_id[self.subjects_by_id[subject_id].test_id]

    def subjects_of_test(self, test_id: str) -> tuple[Subject, ...]:
        """The subjects that share a test, in pack order."""
        return tuple(subject for subject in self.subjects if subject.test_id == test_id)

    # ------------------------------------------------------------------ subjects and topics
    def subject_of(self, topic_id: str) -> Subject:
        """The subject a topic belongs to."""
        return self.subjects_by_id[self.topics_by_id[topic_id].subject_id]

    def topics_of(self, subject_id: str) -> tuple[Topic, ...]:
        """The topics of a subject, in curriculum order."""
        return tuple(topic for topic in self.topics if topic.subject_id == subject_id)

    def subjects_for_track(self, track: str) -> tuple[Subject, ...]:
        """Subjects whose test has a weight > 0 in the track's score type."""
        weights = self.score_type(track).weights
        return tuple(s for s in self.subjects if weights.get(s.test_id, 0.0) > 0)

    def topics_for_track(self, track: str) -> tuple[Topic, ...]:
        """Topics that count for a track (score type id such as SAY, EA, SOZ, DIL, TYT, MATH)."""
        subject_ids = {subject.id for subject in self.subjects_for_track(track)}
        return tuple(topic for topic in self.topics if topic.subject_id in subject_ids)

    def topic_weight(self, topic_id: str, track: str) -> float:
        """Expected exam questions of a topic times its test's weight in the track."""
        topic = self.topics_by_id[topic_id]
        return topic.expected_questions * self.weight(self.subject_of(topic_id).test_id, track)

    # ------------------------------------------------------------------ study material
    def lessons_of(self, topic_id: str) -> tuple[Lesson, ...]:
        """The lessons of a topic in study order."""
        return self.topics_by_id[topic_id].lessons

    def topic_of_lesson(self, lesson_id: str) -> Topic:
        """The topic a lesson belongs to."""
        return self.topics_by_id[self._topic_of_lesson[lesson_id]]

    def questions_of(self, topic_id: str) -> tuple[Question, ...]:
        """The bank questions of a topic (may be empty; generators may still exist)."""
        if topic_id not in self.topics_by_id:
            raise KeyError(f"no topic {topic_id!r} in pack {self.id!r}")
        return self._questions_by_topic.get(topic_id, ())

    def questions_of_subject(self, subject_id: str) -> tuple[Question, ...]:
        """The bank questions of every topic of a subject."""
        topic_ids = {topic.id for topic in self.topics_of(subject_id)}
        return tuple(question for question in self.questions if question.topic in topic_ids)

    def resources_of(self, topic_id: str) -> tuple[Resource, ...]:
        """The resources of a topic, including its practice set and summary sheet."""
        return self.topics_by_id[topic_id].resources

    def generators_of(self, topic_id: str) -> tuple[GeneratorSpec, ...]:
        """The question generators of a topic."""
        return tuple(spec for spec in self.generators if spec.topic == topic_id)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _first_by_id(items: Iterable[_Item]) -> Mapping[str, _Item]:
    """Index items by id, keeping the first of duplicates."""
    index: dict[str, _Item] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index
