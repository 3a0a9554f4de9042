"""Which of a day's small items (due reviews, module quizzes) to take, so no time is stranded.

A study day first commits to its reviews and quizzes; lessons get the rest. Taking every due
item can strand minutes: on a 45-minute day two 15-minute reviews leave 15 minutes, too short
for any lesson part, and a quiz that no longer fits stays undone anyway. So when the items
overflow the day, or leave a rest that no lesson can use, the day takes, of the choices of
items that leave a rest a lesson (or a part of one) can use, the one with the most minutes of
items, and on a tie the more urgent items. The items left out are not lost: a review stays
due and a quiz stays open, and they come first on the next study day. Required items (a
topic's first review after it was learned, a review of the final sweep before the exam, an
item already put off once) are always taken. When no choice leaves room for a lesson, nothing
changes: the items come in their order of urgency, as many as fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

MAX_CHOICES = 10


def pack_day(
    capacity: int,
    sizes: Sequence[int],
    required: Sequence[bool],
    fits: Callable[[int], bool],
) -> list[int] | None:
    """Indexes of the items to take today, or None to offer them all in order as before.

    `sizes` are the items' minutes in order of urgency; `fits(rest)` tells whether a lesson (or
    a part of one) fits in `rest` free minutes. None also when no choice leaves such a rest or
    there are too many optional items to weigh (more than `MAX_CHOICES`), which keeps the
    search to a thousand sums at most.
    """
    total = sum(sizes)
    if total <= capacity and (total == capacity or fits(capacity - total)):
        return None
    optional = [index for index, must in enumerate(required) if not must]
    if not optional or len(optional) > MAX_CHOICES:
        return None
    base = sum(size for size, must in zip(sizes, required, strict=True) if must)
    # Bit k of a mask stands for the k-th optional item from the end, so counting masks down
    # from "all" meets first the subsets that keep the most urgent items; ties keep the first.
    count = len(optional)
    chosen = [sizes[optional[count - 1 - k]] for k in range(count)]
    sums = [0] * (1 << count)
    for mask in range(1, 1 << count):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + chosen[low.bit_length() - 1]
    seen: dict[int, bool] = {}
    best, best_mask = -1, 0
    for mask in range((1 << count) - 1, -1, -1):
        rest = capacity - base - sums[mask]
        if rest <= 0 or base + sums[mask] <= best:
            continue
        if rest not in seen:
            seen[rest] = fits(rest)
        if seen[rest]:
            best, best_mask = base + sums[mask], mask
    if best < 0:
        return None
    dropped = {optional[count - 1 - k] for k in range(count) if not best_mask >> k & 1}
    return [index for index in range(len(sizes)) if index not in dropped]
