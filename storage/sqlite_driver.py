"""SQLAlchemy's aiosqlite adapter, with one hand-off to the database thread per statement.

aiosqlite runs SQLite in a worker thread; every call crosses to that thread and back through a
queue and an event-loop callback. SQLAlchemy's adapter makes four such trips per statement
(open a cursor, execute, fetch the rows, close the cursor), and on the chat's hot path those
trips cost more CPU than SQLite itself (about 40 µs each, measured with bench.chat). The cursor
below does all four in one function on the worker thread, so a statement is one trip. Results,
errors and transactions are exactly those of the stock adapter: the same sqlite3 connection
runs the same calls in the same order, only without the round trips in between.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

# (description, rows, rowcount, lastrowid) of one statement, read on the worker thread.
_Outcome = tuple[Any, list[Any], int, int | None]


def _run_statement(connection: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """Open a cursor, execute, fetch everything and close: on the database thread."""
    cursor = connection.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(connection: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """executemany in one trip (bulk inserts without RETURNING)."""
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.description, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor that holds no aiosqlite cursor: each statement is one trip."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # The stock constructor opens an aiosqlite cursor (a trip of its own); none is needed.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # nothing to close later
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        """The result's columns, as sqlite3 gave them."""
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last statement."""
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        """The row id of the last insert."""
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        """DB-API fetchmany default (the rows are already buffered)."""
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        # The rows and the description are already here; there is no cursor to close.
        return None

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            outcome = await self._connection._execute(
                _run_statement, self._connection._conn, operation, parameters
            )
        self._keep(outcome)
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        async with self._adapt_connection._execute_mutex:
            outcome = await self._connection._execute(
                _run_many, self._connection._conn, operation, seq_of_parameters
            )
        self._keep(outcome)
        return None

    def _keep(self, outcome: _Outcome) -> None:
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def nextset(self) -> None:
        """SQLite has no further result sets."""
        return


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The stock adapted connection, handing out one-trip cursors."""

    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # a subclass: mypy reads it as a clash


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DB-API module SQLAlchemy expects, with one-trip connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        """Open a connection as the stock adapter does, then adapt it with one-trip cursors."""
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def one_trip_dbapi() -> OneTripDbapi:
    """The module to hand to `create_async_engine(..., module=...)` for SQLite URLs."""
    return OneTripDbapi(aiosqlite, sqlite3)
