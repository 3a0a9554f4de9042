"""TYT word-problem generators (profit, age, motion) and AYT ones (logarithm, arrangements)."""

from __future__ import annotations

import math
import random

from content.generators.base import GeneratedQuestion, Redraw, assemble, retry
from content.generators.yks_math import OPTIONS

ARRANGED = (
    ("kitap", "bir rafa", "dizilebilir"),
    ("öğrenci", "düz bir sıraya", "oturabilir"),
    ("bayrak", "bir direk dizisine", "asılabilir"),
)
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def profit(rng: random.Random) -> GeneratedQuestion:
    """Kâr-zarar: sold for S with p% profit; find the cost C = 100·S / (100 + p)."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        percent = rng.choice([10, 20, 25, 30, 40, 50, 60, 75])
        cost = 20 * rng.randint(5, 100)
        price = cost * (100 + percent) // 100
        if cost * (100 + percent) % 100:
            raise Redraw
        mistakes = [price - price * percent // 100 if price * percent % 100 == 0 else None]
        mistakes += [price - percent, cost + cost * percent // 200, cost - 20, cost + 20]
        options, answer = assemble(rng, cost, [m for m in mistakes if m], count=OPTIONS)
        return GeneratedQuestion(
            stem=(
                f"Bir ürün %{percent} kârla {price} TL'ye satılıyor. Bu ürünün maliyeti kaç TL'dir?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Maliyet 100 birim ise satış {100 + percent} birimdir: "
                f"{price} · 100 / {100 + percent} = {cost} TL. Kâr satış fiyatı üzerinden alınmaz."
            ),
            difficulty=2,
            params={"percent": percent, "cost": cost},
        )

    return retry(rng, draw)


def ages(rng: random.Random) -> GeneratedQuestion:
    """Yaş problemi: mother is k times the child; in n years m times. Child's age now."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        k = rng.randint(3, 7)
        m = rng.randint(2, k - 1)
        n = rng.randint(2, 20)
        child, remainder = divmod(n * (m - 1), k - m)
        if remainder or child < 1 or (k - 1) * child < 18 or k * child > 60:
            raise Redraw
        mistakes = [k * child, child + n, n * (m + 1) // (k - m), child + 1, child - 1]
        options, answer = assemble(rng, child, [x for x in mistakes if x > 0], count=OPTIONS)
        return GeneratedQuestion(
            stem=(
                f"Bir annenin yaşı çocuğunun yaşının {k} katıdır. {n} yıl sonra annenin yaşı "
                f"çocuğunun yaşının {m} katı olacaktır. Çocuğun bugünkü yaşı kaçtır?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Çocuk x yaşında: {k}x + {n} = {m}(x + {n}), {k - m if k - m > 1 else ''}x = "
                f"{n * (m - 1)}, "
                f"x = {child}. Yıllar geçince ikisinin yaşı da {n} artar."
            ),
            difficulty=3,
            params={"k": k, "m": m, "n": n},
        )

    return retry(rng, draw)


def meeting_time(rng: random.Random) -> GeneratedQuestion:
    """Hareket problemi: two vehicles D km apart move towards each other; when do they meet."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        first, second = 10 * rng.randint(4, 12), 10 * rng.randint(4, 12)
        hours = rng.randint(1, 6)
        distance = (first + second) * hours
        mistakes: list[int] = [hours + 1, 2 * hours, hours - 1]
        for divisor in (abs(first - second), first, second):
            if divisor and distance % divisor == 0:
                mistakes.insert(0, distance // divisor)
        options, answer = assemble(rng, hours, [x for x in mistakes if x > 0], count=OPTIONS)
        return GeneratedQuestion(
            stem=(
                f"Aralarında {distance} km bulunan iki araç aynı anda saatte {first} km ve "
                f"{second} km sabit hızlarla birbirlerine doğru hareket ediyor. "
                f"Kaç saat sonra karşılaşırlar?"
            ),
            options=options,
            answer=answer,
            explanation=(
                f"Birbirine doğru giderken hızlar toplanır: {distance} / ({first} + {second}) "
                f"= {hours} saat."
            ),
            difficulty=2,
            params={"first": first, "second": second, "hours": hours},
        )

    return retry(rng, draw)


def logarithm(rng: random.Random) -> GeneratedQuestion:
    """Logaritma (AYT): log_b(b^m · b^n) − log_b(b^k) = m + n − k, with the powers written out."""

    def draw(rng: random.Random) -> GeneratedQuestion:
        base = rng.choice([2, 3, 5])
        limit = {2: 6, 3: 4, 5: 3}[base]
        m, n, k = rng.randint(1, limit), rng.randint(1, limit), rng.randint(1, limit)
        if len({m, n, k}) < 3:
            raise Redraw
        result = m + n - k
        log = f"log{str(base).translate(SUBSCRIPTS)}"
        mistakes = [
            m + n + k,
            m * n - k,
            result + 1,
            result - 1,
            m * n // k if m * n % k == 0 else 0,
        ]
        options, answer = assemble(
            rng, result, [x for x in mistakes if x is not None], count=OPTIONS
        )
        return GeneratedQuestion(
            stem=f"{log}({base**m} · {base**n}) − {log}({base**k}) işleminin sonucu kaçtır?",
            options=options,
            answer=answer,
            explanation=(
                f"{log}(x·y) = {log}x + {log}y: {base**m} = {base}^{m}, {base**n} = {base}^{n}, "
                f"{base**k} = {base}^{k}; sonuç {m} + {n} − {k} = {result}."
            ),
            difficulty=3,
            params={"base": base, "m": m, "n": n, "k": k},
        )

    return retry(rng, draw)


def adjacent_books(rng: random.Random) -> GeneratedQuestion:
    """Permütasyon: n different books in a row, k given books side by side: k!·(n−k+1)!.

    For k = 2 the question sometimes asks for the opposite (the two books NOT side by side):
    n! − 2·(n−1)!.
    """

    def draw(rng: random.Random) -> GeneratedQuestion:
        n, k = rng.randint(4, 8), rng.choice([2, 2, 3])
        together = math.factorial(k) * math.factorial(n - k + 1)
        apart = k == 2 and rng.random() < 0.4
        ways = math.factorial(n) - together if apart else together
        mistakes = [
            math.factorial(n) - together if not apart else together,
            math.factorial(n - k + 1),
            math.factorial(n),
            k * math.factorial(n - k),
            math.factorial(k) * math.factorial(n - k),
        ]
        options, answer = assemble(rng, ways, mistakes, count=OPTIONS)
        condition = "yan yana olmayacak" if apart else "yan yana olacak"
        thing, place, verb = rng.choice(ARRANGED)
        block = (
            f"Yan yana olacak {k} {thing} tek {thing} sayılır: {n - k + 1}! dizilişin her birinde "
            f"bunlar kendi arasında {k}! biçimde sıralanır: {together}."
        )
        if apart:
            block += f" İstenen: tüm dizilişler {n}! = {math.factorial(n)} eksi bu sayı = {ways}."
        return GeneratedQuestion(
            stem=(
                f"{n} farklı {thing}, belirli {k} {thing} {condition} şekilde {place} kaç "
                f"farklı biçimde {verb}?"
            ),
            options=options,
            answer=answer,
            explanation=block,
            difficulty=3,
            params={"n": n, "k": k, "apart": apart},
        )

    return retry(rng, draw)
