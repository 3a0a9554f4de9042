"""Showing a multiple-choice question and its feedback, the same way in every flow.

Telegram gets a native quiz poll (its answer returns as a poll answer with the question key);
other channels get the options as buttons. Questions come from the pack's bank or from its
generators; a generated question is identified by "<generator id>@<seed>" so it can be rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.buttons import Button
from coach.dialogue.turn import Turn
from coach.messages import Choice, QuizSpec, Reply, ReplyKind
from content import Pack, Question
from content.generators import GeneratorError, generate

LETTERS = "ABCDE"
GENERATED = "@"


def question_by_ref(pack: Pack, ref: str) -> Question | None:
    """A bank question by id, or a generated one by "<generator>@<seed>"."""
    if GENERATED not in ref:
        return pack.questions_by_id.get(ref)
    generator_id, _, seed = ref.partition(GENERATED)
    spec = next((g for g in pack.generators if g.id == generator_id), None)
    if spec is None or not seed.isdigit():
        return None
    try:
        return generate(spec, int(seed), pack.language)
    except GeneratorError:
        return None


def generated_ref(generator_id: str, seed: int) -> str:
    """The reference of a generated question."""
    return f"{generator_id}{GENERATED}{seed}"


def show_question(
    turn: Turn,
    question: Question,
    *,
    answer: Button,
    number: int,
    header: str,
    extra: Sequence[Choice] = (),
) -> None:
    """Ask `question`; answers come back as the `answer` button (`<prefix>:a:<number>:<option>`)
    or as a poll answer with the key `<prefix>:<number>`."""
    prefix = answer.prefix
    if turn.capabilities.native_quiz:
        turn.add(Reply(text=header, template="assessment/question_header"))
        spec = QuizSpec(
            f"{prefix}:{number}",
            question.stem,
            question.options,
            question.answer,
            question.explanation,
        )
        choices = (tuple(extra),) if extra else ()
        turn.add(
            Reply(
                text=question.stem,
                kind=ReplyKind.QUIZ,
                quiz=spec,
                choices=choices,
                template="assessment/question",
            )
        )
        return
    options = [
        turn.button(
            "option", answer.payload(number, index), letter=LETTERS[index], text=option[:60]
        )
        for index, option in enumerate(question.options)
    ]
    turn.say(
        "assessment/question",
        [*([option] for option in options), list(extra)] if extra else [[o] for o in options],
        header=header,
        stem=question.stem,
        options=[(LETTERS[i], option) for i, option in enumerate(question.options)],
    )


def show_feedback(
    turn: Turn, question: Question, option: int | None, extra: Sequence[Choice] = ()
) -> None:
    """Right, or the right answer with its explanation (and `extra` buttons when wrong, such
    as "Explain it to me")."""
    turn.say(
        "assessment/feedback",
        [list(extra)] if extra and option != question.answer else (),
        correct=option == question.answer,
        skipped=option is None,
        letter=LETTERS[question.answer],
        answer=question.options[question.answer],
        explanation=question.explanation,
    )


def typed_option(text: str) -> int | None:
    """A typed "B", "b)" or "2" as an option index."""
    value = text.strip().upper().rstrip(").")
    if len(value) == 1 and value in LETTERS:
        return LETTERS.index(value)
    if value.isdigit() and 1 <= int(value) <= len(LETTERS):
        return int(value) - 1
    return None
