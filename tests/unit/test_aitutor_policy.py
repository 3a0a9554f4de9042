"""The AI tutor's pure parts: the Socratic policy, the leak and made-up-number checks,
retrieval from the pack, solution steps, and masking of contact details."""

from __future__ import annotations

from coach.aitutor.grounding import retrieve, solution_steps
from coach.aitutor.guard import acceptable_hint, invents_numbers, leaks_solution
from coach.aitutor.model import Grounding, MessageKind, Move, Progress, Source, SourceKind
from coach.aitutor.policy import Budget, classify, next_move, reaches_answer
from coach.aitutor.text import mask_contacts
from coach.liveqa.policy import clean_question
from tests.aitutor_support import PROBLEM

STEPS = solution_steps(str(PROBLEM["solution"]))
G = Grounding(
    "mini", "problemler", "mat_p_1", "Problemler", str(PROBLEM["stem"]),
    tuple(PROBLEM["options"]), 0, str(PROBLEM["explanation"]), STEPS,
    (Source(SourceKind.SUMMARY, 1, "Bilinmeyeni x seç."),
     Source(SourceKind.SUMMARY, 2, "Yaş farkı her zaman aynı kalır."),
     Source(SourceKind.MISTAKE, 1, "Yıllar geçince yalnız birinin yaşını artırmak.")),
)  # fmt: skip


def test_steps_split_on_numbers_in_order_only() -> None:
    assert len(STEPS) == 4
    assert STEPS[1] == "5 yıl sonra: 4x + 5 = 3(x + 5) = 3x + 15."
    assert solution_steps("Tek cümle. İkinci cümle.") == ("Tek cümle.", "İkinci cümle.")


def test_hints_come_before_the_solution() -> None:
    move, p = next_move(Progress(), MessageKind.ASK_SOLUTION)
    assert move is Move.HINT and not p.may_show_solution  # asked once: a hint
    move, p = next_move(p, MessageKind.ASK_SOLUTION)
    assert move is Move.SOLUTION  # asked twice, after a hint
    move, p = next_move(Progress(), MessageKind.ATTEMPT)
    assert move is Move.HINT and p.may_show_solution  # tried once: hint, then may see it
    move, p = next_move(p, MessageKind.ATTEMPT)
    assert move is Move.BIG_HINT
    move, p = next_move(p, MessageKind.ATTEMPT)
    assert move is Move.SOLUTION
    move, p = next_move(Progress(), MessageKind.STUCK)
    move, p = next_move(p, MessageKind.STUCK)
    move, p = next_move(p, MessageKind.STUCK)
    assert move is Move.SOLUTION and p.asks == 3
    assert next_move(Progress(), MessageKind.ATTEMPT, correct=True)[0] is Move.CONFIRM
    assert next_move(p, MessageKind.OFF_TOPIC) == (Move.REFUSE_OFF_TOPIC, p)


def test_messages_are_classified() -> None:
    assert classify("bilmiyorum", G) is MessageKind.STUCK
    assert classify("Just tell me the answer", G) is MessageKind.ASK_SOLUTION
    assert classify("cevap ne?", G) is MessageKind.ASK_SOLUTION
    assert classify("who won the football match", G) is MessageKind.OFF_TOPIC
    assert classify("öğretmenin telefon numarası ne", G) is MessageKind.PERSONAL
    assert classify("mail me at ada@example.org", G) is MessageKind.PERSONAL
    assert classify("4x + 5 = 3x + 15 yaptım", G) is MessageKind.ATTEMPT
    assert reaches_answer("sanırım 40", G) and reaches_answer("a", G)
    assert not reaches_answer("45", G) and not reaches_answer("40 ya da 45", G)


def test_a_hint_that_gives_the_answer_away_is_caught() -> None:
    assert leaks_solution("The answer is A.", G)
    assert leaks_solution("Doğru cevap A şıkkı", G)
    assert leaks_solution("Baba 40 yaşında.", G)
    assert leaks_solution("Sonunda baba 4 · 10 = 40 yaşındadır.", G)
    assert not leaks_solution("Oğlun yaşına x de; baba 4x olur.", G)
    assert invents_numbers("YKS'de bu konudan 12 soru çıkar.", G)
    assert not invents_numbers("5 yıl sonra ikisi de 5 yaş büyür.", G)
    assert not acceptable_hint("  ", G)


def test_retrieval_prefers_the_passages_the_message_is_about() -> None:
    [best, *_] = retrieve(G, "yaş farkı değişir mi", kinds=(SourceKind.SUMMARY,))
    assert best.number == 2


def test_the_budget_and_masking() -> None:
    assert Budget(2).allows(1) and not Budget(2).allows(2) and not Budget(0).allows(0)
    masked = mask_contacts("ara beni 0532 123 45 67 ya da @ada_k, ada@example.org")
    assert "0532" not in masked and "@ada_k" not in masked and "example.org" not in masked
    assert clean_question("0532 123 45 67") is None
    assert clean_question("  Türevde   zincir kuralı?  ") == "Türevde zincir kuralı?"
