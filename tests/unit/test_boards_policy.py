"""Who a group place's board shows: opted-in members with a display name and XP, ranked by the
week's XP (ties share a rank); minors only when everyone of the roster is a minor (and, on
demand, only to one of them); the post moment and the card slot of a week."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.motivation.board_ports import RosterLine
from coach.motivation.boards import BoardRow, PostBoards, board_rows, post_moment
from coach.motivation.card_push import latest_card_slot


def line(user_id: int, xp: int, *, name: str | None = "x", opted: bool = True,
         minor: bool = False) -> RosterLine:  # fmt: skip
    return RosterLine(user_id, name if name != "x" else f"S{user_id}", opted, minor, xp)


def test_only_opted_in_members_with_a_name_and_xp_are_ranked() -> None:
    roster = [
        line(1, 120),
        line(2, 300),
        line(3, 500, opted=False),  # did not allow boards: absent, even with the most XP
        line(4, 90, name=None),  # no display name: never shown
        line(5, 0),  # nothing earned this week: not listed
        line(6, 120),
    ]
    assert board_rows(roster) == (
        BoardRow(1, "S2", 300),
        BoardRow(2, "S1", 120),
        BoardRow(2, "S6", 120),  # a tie shares the rank
    )


def test_minors_are_left_off_where_an_adult_belongs_to_the_place() -> None:
    roster = [line(1, 100), line(2, 200, minor=True), line(3, 50, minor=True)]
    assert [r.name for r in board_rows(roster)] == ["S1"]
    assert [r.name for r in board_rows(roster, reader=2)] == ["S1"]


def test_minors_see_each_other_in_a_place_of_minors_only() -> None:
    roster = [line(2, 200, minor=True), line(3, 50, minor=True)]
    assert [r.name for r in board_rows(roster)] == ["S2", "S3"]
    assert [r.name for r in board_rows(roster, reader=3)] == ["S2", "S3"]
    # someone outside the roster (an adult of the server, say) asking sees no minor
    assert board_rows(roster, reader=99) == ()


def test_a_member_of_two_groups_in_one_place_counts_once_and_the_board_is_bounded() -> None:
    roster = [line(1, 50), line(1, 50), *(line(n, n) for n in range(2, 20))]
    rows = board_rows(roster)
    assert len(rows) == 10 and rows[0] == BoardRow(1, "S1", 50)
    assert [r.name for r in rows].count("S1") == 1
    assert rows[-1] == BoardRow(10, "S11", 11)  # the top ten only


def test_boards_are_posted_monday_morning_and_cards_on_sunday_evening() -> None:
    assert post_moment(PostBoards(date(2026, 11, 30), "Europe/Istanbul")) == datetime(
        2026, 12, 7, 6, 0, tzinfo=UTC
    )
    sunday_night = datetime(2026, 12, 6, 18, 30, tzinfo=UTC)  # 21:30 in Istanbul
    slot = latest_card_slot("Europe/Istanbul", sunday_night)
    assert slot.sunday == date(2026, 12, 6)
    assert slot.due_at == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    before = latest_card_slot("Europe/Istanbul", datetime(2026, 12, 6, 16, 59, tzinfo=UTC))
    assert before.sunday == date(2026, 11, 29)


def test_a_posted_board_speaks_the_language_of_most_of_the_places_people() -> None:
    from coach.motivation.boards import members_locale

    assert members_locale(["tr", "tr", "en"], "en") == "tr"
    assert members_locale(["en", "en", "tr"], "tr") == "en"
    assert members_locale(["en", "tr"], "tr") == "tr"  # a tie: the place's setting
    assert members_locale([], "en") == "en"
