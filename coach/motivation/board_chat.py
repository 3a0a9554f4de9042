"""`/leaderboard` (tr `/liderlik`): in a group place (a Discord server, a Telegram group) the
week's board so far; in a private chat it never shows other students and points to the
student's own views (/card, /streak, /league)."""

from __future__ import annotations

from coach.community.posts import TOPIC_SEPARATOR
from coach.dialogue.turn import Turn
from coach.motivation.boards import ForPlace, place_board


class BoardChat:
    """The command of the group-place leaderboards."""

    async def leaderboard(self, turn: Turn, args: tuple[str, ...]) -> None:
        """The place's board, or a kind word in a private chat."""
        ref = turn.event.ref
        if not ref.is_group:
            turn.say("boards/private")
            return
        # A Discord server is its guild; a Telegram group is the chat itself.
        place = turn.event.group_key or ref.chat_key.partition(TOPIC_SEPARATOR)[0]  # any topic
        query = ForPlace(ref.channel.value, place, reader=turn.user.id)
        board = await turn.run(place_board, query)
        if not board.rows:
            turn.say("boards/empty")
            return
        rows = [[row.rank, row.name, row.xp] for row in board.rows]
        turn.say("boards/board", rows=rows, first=board.week)
