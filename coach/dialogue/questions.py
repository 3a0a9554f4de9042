"""Showing a multiple-choice question and its feedback, the same way in every flow.

Telegram gets a native quiz poll (its answer returns as a poll answer with the question key);
other channels get the options as buttons. Questions come from the pack's bank or from its
generators; a generated question is identified by "<generator id>@<seed>" so it can be rebuilt.

A question with a figure (a shipped PNG or a spec its generator drew) is preceded by the
picture, with a one-line description for channels that show text only. A question longer than
a native poll allows (300 characters of stem, 100 per option) is sent as a message, followed by
a poll that only asks for the answer (by letter when the options are too long).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from coach.buttons import Button
from coach.dialogue.turn import Turn
from coach.messages import Choice, QuizSpec, Reply, ReplyKind, photo
from content import Pack, Question
from content.figures import describe_figure, figure_png
from content.generators import GeneratorError, generate

log = logging.getLogger(__name__)

LETTERS = "ABCDE"
GENERATED = "@"
POLL_QUESTION_LIMIT = 300  # UTF-16 code units, the Bot API's limits for a quiz poll
POLL_OPTION_LIMIT = 100
OPTION_LABEL_LIMIT = 60  # characters of an option shown on its button


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
    pack: Pack | None = None,
) -> None:
    """Ask `question` (after its figure, when it has one and `pack` is given); answers come
    back as the `answer` button (`<prefix>:a:<number>:<option>`) or as a poll answer with the
    key `<prefix>:<number>`."""
    prefix = answer.prefix
    letters = [(LETTERS[i], option) for i, option in enumerate(question.options)]
    if turn.capabilities.native_quiz:
        stem, poll_options = question.stem, question.options
        if fits_poll(question):
            turn.add(Reply(text=header, template="assessment/question_header"))
            _show_figure(turn, question, pack)
        else:
            # The whole question as a message, then a poll that only takes the answer.
            _show_figure(turn, question, pack)
            turn.say("assessment/question", header=header, stem=stem, options=letters)
            stem = turn.text("assessment/poll_prompt")
            if any(_utf16(o) > POLL_OPTION_LIMIT for o in poll_options):
                poll_options = tuple(LETTERS[: len(poll_options)])
        spec = QuizSpec(
            f"{prefix}:{number}",
            stem,
            poll_options,
            question.answer,
            question.explanation,
        )
        choices = (tuple(extra),) if extra else ()
        turn.add(
            Reply(
                text=stem,
                kind=ReplyKind.QUIZ,
                quiz=spec,
                choices=choices,
                template="assessment/question",
            )
        )
        return
    options = [
        turn.button(
            "option",
            answer.payload(number, index),
            letter=LETTERS[index],
            text=option_label(option),
        )
        for index, option in enumerate(question.options)
    ]
    _show_figure(turn, question, pack)
    turn.say(
        "assessment/question",
        [*([option] for option in options), list(extra)] if extra else [[o] for o in options],
        header=header,
        stem=question.stem,
        options=letters,
    )


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fits_poll(question: Question) -> bool:
    """Whether the stem and every option fit a native quiz poll as they are."""
    return _utf16(question.stem) <= POLL_QUESTION_LIMIT and all(
        _utf16(option) <= POLL_OPTION_LIMIT for option in question.options
    )


def _show_figure(turn: Turn, question: Question, pack: Pack | None) -> None:
    """The question's picture as a photo reply; a missing shipped file is logged and left out
    (the question can often still be answered from its text)."""
    if pack is None or (question.figure is None and question.figure_spec is None):
        return
    try:
        png = figure_png(question, pack.root or ".")
    except (FileNotFoundError, OSError):
        log.warning("figure of question %s is missing", question.id)
        return
    if png is None:
        return
    alt = (
        describe_figure(question.figure_spec, turn.locale)
        if question.figure_spec is not None
        else turn.text("assessment/figure_alt")
    )
    turn.add(photo(png, f"{question.id}.png", alt=alt, template="assessment/figure_alt"))


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


def option_label(option: str, limit: int = OPTION_LABEL_LIMIT) -> str:
    """An option as its button shows it: whole, or cut at a word with an ellipsis (the full
    text is in the question above), never in the middle of a word."""
    option = option.strip()
    if len(option) <= limit:
        return option
    cut = option[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
