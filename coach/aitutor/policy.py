"""The Socratic policy, pure: what a student's message is, and what the tutor does next.

Hints come first; the worked solution only after at least one hint and after the student
tried once or asked for it twice. Off-topic and personal-data messages are refused and change
nothing else. A daily budget caps the model calls per student; past it the pack answers alone.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from coach.aitutor.model import LETTERS, Grounding, MessageKind, Move, Progress
from coach.aitutor.text import fold, has_contact, numbers

_ASK = re.compile(
    r"\b(cevab|cevap (ne|nedir)|cozumu (goster|soyle|ver)|cozum(u)? ne|dogru sik|hangi sik|"
    r"just tell|tell me the answer|what('?s| is) the answer|show (me )?the (answer|solution)|"
    r"give me the answer|solution please)"
)
_STUCK = re.compile(
    r"^(bilmiyorum|hic bilmiyorum|fikrim yok|anlamadim|yardim|yardim et|bir fikrim yok|"
    r"i don'?t know|idk|no idea|not sure|help|i'?m stuck|stuck|\?+)[.!? ]*$"
)
_PERSONAL = re.compile(
    r"(telefon|phone|numarasi|numarani|numaran\b|adres|address|e-?mail|e-?posta|instagram|"
    r"whatsapp|snapchat|tiktok|discord (id|adi)|kullanici adi|username|sifre|password|"
    r"kimlik|where (does|do) .* live|nerede (oturuyor|yasiyor)|soyad|surname|last name|"
    r"okulu ne|which school|kac yasinda|how old is)"
)
_OFF_TOPIC = re.compile(
    r"\b(futbol|football|soccer|mac (kim|ne zaman)|basketbol|oyun oyna|video game|fortnite|"
    r"minecraft|film|movie|dizi|netflix|hava durumu|weather|siyaset|politic|secim|election|"
    r"sarki|song|fikra|joke|saka yap|tarif|recipe|siir yaz|write (me )?a poem|bitcoin|"
    r"crypto|kripto|sevgili|girlfriend|boyfriend|burc|horoscope|kopya|cheat|hack)"
)


def classify(text: str, grounding: Grounding) -> MessageKind:
    """What a typed message is; personal data is checked first, then requests and off-topic."""
    folded = " ".join(fold(text).split())
    if has_contact(text) or _PERSONAL.search(folded):
        return MessageKind.PERSONAL
    if _ASK.search(folded):
        return MessageKind.ASK_SOLUTION
    if _STUCK.match(folded) or not folded.strip(" .!?"):
        return MessageKind.STUCK
    if _OFF_TOPIC.search(folded):
        return MessageKind.OFF_TOPIC
    return MessageKind.ATTEMPT


def reaches_answer(text: str, grounding: Grounding) -> bool:
    """Whether an attempt names the right answer: its option letter or its value.

    A bare letter counts ("B", "b)"); a number counts when it is the correct option's value and
    no wrong option has it.
    """
    folded = fold(text).strip()
    letter = grounding.answer_letter.lower()
    if letter and re.fullmatch(rf"(\(?{letter}\)?[.)]?|{letter} (sikki|option))", folded):
        return True
    right = numbers(grounding.answer_text)
    if not right or len(right) != 1:
        return fold(grounding.answer_text).strip() == folded and bool(folded)
    others = [o for i, o in enumerate(grounding.options) if i != grounding.answer]
    wrong = set().union(*(numbers(o) for o in others))
    said = numbers(text)
    return bool(right & said) and not (said & wrong)


def next_move(
    progress: Progress, kind: MessageKind, *, correct: bool = False
) -> tuple[Move, Progress]:
    """The tutor's next move and the progress after it."""
    if kind is MessageKind.OFF_TOPIC:
        return Move.REFUSE_OFF_TOPIC, progress
    if kind is MessageKind.PERSONAL:
        return Move.REFUSE_PERSONAL, progress
    if kind is MessageKind.ATTEMPT:
        progress = dataclasses.replace(progress, tries=progress.tries + 1)
        if correct:  # they found it themselves: confirming reveals nothing
            return Move.CONFIRM, dataclasses.replace(progress, solution_shown=True)
        if progress.hints >= 2:
            return Move.SOLUTION, dataclasses.replace(progress, solution_shown=True)
        return _hint(progress)
    # STUCK or ASK_SOLUTION: both count as asking for the answer.
    progress = dataclasses.replace(progress, asks=progress.asks + 1)
    if progress.may_show_solution and (kind is MessageKind.ASK_SOLUTION or progress.hints >= 2):
        return Move.SOLUTION, dataclasses.replace(progress, solution_shown=True)
    if progress.hints < 2:
        return _hint(progress)
    return Move.NUDGE, progress


def _hint(progress: Progress) -> tuple[Move, Progress]:
    move = Move.HINT if progress.hints == 0 else Move.BIG_HINT
    return move, dataclasses.replace(progress, hints=progress.hints + 1)


@dataclass(frozen=True, slots=True)
class Budget:
    """Model calls a student may cause per local day; 0 turns the model off."""

    daily_calls: int = 40

    def allows(self, used_today: int) -> bool:
        """Whether one more model call fits today."""
        return used_today < self.daily_calls


def letter_of(index: int) -> str:
    """The option letter of a 0-based index."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else "?"
