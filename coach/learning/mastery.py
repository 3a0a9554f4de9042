"""Mastery per topic with Bayesian Knowledge Tracing (BKT), and the Khan-style levels shown.

BKT keeps one number per student and topic: the probability that the topic is known. After
each answer it is updated with Bayes' rule, then the student may learn (probability `learn`)
or forget (probability `forget`) before the next chance:

    P(L | right) = p (1 - slip) / (p (1 - slip) + (1 - p) guess)
    P(L | wrong) = p slip / (p slip + (1 - p) (1 - guess))
    p'           = P(L | answer) (1 - forget) + (1 - P(L | answer)) learn

The prior is the assessment's estimate. A pack may override the defaults with a `mastery:`
block in pack.yaml (`learnconnect mastery fit PACK` fits them from stored answers).

Each question's guess and slip follow its difficulty `b` on the picker's logit scale (KT-IDEM,
Pardos & Heffernan 2011): an easy question is guessed more often and a hard one slipped more
often, so right answers on easy items and wrong answers on hard ones say less. Without this, two
easy right answers took a topic from 54% to 94%. An average question (b = 0) keeps the pack's
guess and slip (a higher default slip, 0.2, would also soften wrong answers on average items but
cost the adaptive loop in `bench.learning`, so the default stays 0.1; a pack may set its own).
An item's guess and slip also have floors (`GUESS_FLOOR`, `SLIP_FLOOR`): even a very easy
question can be slipped and a very hard one guessed, so one answer never says "certainly".

Evidence weighting: the Bayes step after `n` earlier answers on the topic moves the estimate
only part of the way, by `evidence_weight(n) = max(0.25, 1 / (1 + (n + 1) / 2))`:

    p' = p + w(n) (BKT(p, answer) - p)

A well-practised topic has a long record, so one wrong answer after fifteen right ones moves
it a quarter of what plain BKT would (87% stays above 75%), while a run of wrong answers still
brings it down step by step. Callers that know no record (`answers_before=None`) get plain BKT.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from content import MasteryModel, Pack

FLOOR, CEILING = 0.01, 0.99  # never certain: one answer can always move the estimate


@dataclass(frozen=True, slots=True)
class BktParams:
    """Per-question probabilities of the BKT model (defaults for 4-5 option questions)."""

    guess: float = 0.2
    slip: float = 0.1
    learn: float = 0.1
    forget: float = 0.02

    def overridden(self, model: MasteryModel | None) -> BktParams:
        """These parameters with the values a pack sets."""
        if model is None:
            return self
        values = {
            name: getattr(model, name)
            for name in ("guess", "slip", "learn", "forget")
            if getattr(model, name) is not None
        }
        return replace(self, **values)


DEFAULT_PARAMS = BktParams()


def params_for(pack: Pack) -> BktParams:
    """The BKT parameters of a pack: the defaults, overridden by its `mastery:` block."""
    return DEFAULT_PARAMS.overridden(getattr(pack, "mastery", None))


def posterior(p: float, correct: bool, params: BktParams) -> float:
    """P(known | this answer) before any learning or forgetting."""
    if correct:
        known = p * (1 - params.slip)
        return known / (known + (1 - p) * params.guess)
    known = p * params.slip
    return known / (known + (1 - p) * (1 - params.guess))


ITEM_LIMIT = 0.45  # an item's guess or slip never reaches a coin toss: it still says something
GUESS_FLOOR = 0.05  # even a very hard question is guessed now and then
SLIP_FLOOR = 0.05  # even a very easy question is slipped now and then
WEIGHT_FLOOR = 0.25  # a long record still lets each answer move the estimate a quarter step


def _logit(value: float) -> float:
    return math.log(value / (1 - value))


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def for_item(params: BktParams, difficulty: float) -> BktParams:
    """Guess and slip for a question of this logit difficulty (0 = the pack's own values)."""
    if difficulty == 0 or not 0 < params.guess < 1 or not 0 < params.slip < 1:
        return params
    guess = min(ITEM_LIMIT, max(GUESS_FLOOR, _sigmoid(_logit(params.guess) - difficulty)))
    slip = min(ITEM_LIMIT, max(SLIP_FLOOR, _sigmoid(_logit(params.slip) + difficulty)))
    return replace(params, guess=guess, slip=slip)


def evidence_weight(answers_before: int) -> float:
    """How far the Bayes step moves the estimate after `answers_before` earlier answers."""
    return max(WEIGHT_FLOOR, 1.0 / (1.0 + (answers_before + 1) / 2))


def update(
    p: float,
    correct: bool,
    params: BktParams = DEFAULT_PARAMS,
    difficulty: float = 0.0,
    answers_before: int | None = None,
) -> float:
    """The mastery after one answer to a question of `difficulty` (logit scale): Bayes' rule
    with the item's guess and slip, then the learn/forget transition; weighted by the
    evidence already held (`evidence_weight`) when `answers_before` is given."""
    params = for_item(params, difficulty)
    p = min(CEILING, max(FLOOR, p))
    seen = posterior(p, correct, params)
    after = seen * (1 - params.forget) + (1 - seen) * params.learn
    if answers_before is not None:
        after = p + evidence_weight(answers_before) * (after - p)
    return min(CEILING, max(FLOOR, after))


def trace(
    prior: float,
    answers: Iterable[bool],
    params: BktParams = DEFAULT_PARAMS,
    *,
    weighted: bool = False,
) -> float:
    """The mastery after a sequence of answers, starting from `prior` (evidence-weighted,
    counting from the first of them, when `weighted`)."""
    p = prior
    for index, correct in enumerate(answers):
        p = update(p, correct, params, answers_before=index if weighted else None)
    return p


def p_correct(p: float, params: BktParams = DEFAULT_PARAMS) -> float:
    """The chance of a right answer at mastery `p`."""
    return p * (1 - params.slip) + (1 - p) * params.guess


# ---------------------------------------------------------------------- levels
NOT_STARTED = "not_started"
ATTEMPTED = "attempted"
FAMILIAR = "familiar"
PROFICIENT = "proficient"
MASTERED = "mastered"
LEVELS = (NOT_STARTED, ATTEMPTED, FAMILIAR, PROFICIENT, MASTERED)
FAMILIAR_AT = 0.6
PROFICIENT_AT = 0.85
MASTERED_AT = 0.95


def khan_level(mastery: float | None, *, confirmed: bool = True) -> str:
    """The level a student sees, as on Khan Academy.

    attempted (< 60%), familiar (60-84%), proficient (85% or more), mastered (95% or more and
    `confirmed`: right again in a later review or mixed quiz). None means never practised.
    """
    if mastery is None:
        return NOT_STARTED
    if mastery >= MASTERED_AT - 1e-9 and confirmed:
        return MASTERED
    if mastery >= PROFICIENT_AT - 1e-9:
        return PROFICIENT
    if mastery >= FAMILIAR_AT - 1e-9:
        return FAMILIAR
    return ATTEMPTED


MEASURE_PRIOR = 0.3  # what a subject average assumes of a topic nobody measured yet


def subject_mastery(topic_ids: Sequence[str], known: Mapping[str, float]) -> float | None:
    """The one mastery figure of a subject that every view shows (/progress, the weekly
    card): the mean over its topics, an unmeasured topic counting as `MEASURE_PRIOR`; None when
    no topic of it was measured (skipped in the assessment, never quizzed), so nothing shows a
    made-up percentage for it."""
    if not topic_ids or not any(topic in known for topic in topic_ids):
        return None
    return sum(known.get(topic, MEASURE_PRIOR) for topic in topic_ids) / len(topic_ids)
