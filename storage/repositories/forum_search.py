"""Similar-question search over forum posts, one interface on both databases.

Both backends match the folded terms of `coach.forum.text` (so "turev" finds "türev" and
"İNTEGRAL" finds "integral") and rank inside the index with a LIMIT (FTS5 bm25 on SQLite,
ts_rank over the stored GIN-indexed vector on PostgreSQL, the pack filtered in the same query;
on SQLite the pack is named inside the MATCH only when other packs crowded the LIMIT out).
A full-text engine has to score every row a query matches before it can keep the best few, so
the match set is kept small by asking in stages, strictest first:

1. every term (AND semantics) — a rephrased question usually keeps its key words;
2. at least two of the terms (any pair) — when the rephrasing dropped or changed some;
3. any term (OR) — only when the stricter stages found too little.

A later stage runs only when the earlier ones found fewer than the wanted candidates, so the
costly OR over common terms is rare. The few candidates found (at most `limit` times
CANDIDATES_PER_RESULT) are re-ranked in Python by term overlap and trigram similarity.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from coach.forum.text import rerank, terms

CANDIDATES_PER_RESULT = 3
MAX_QUERY_TERMS = 10
# Candidates come from the GIN index over the stored vector, ranked by ts_rank (normalised by
# the log of the length, as bm25 favours the shorter of two matches) and limited there; the
# pack and status filters are part of the same query (the index is partial on kind).
_PG_SIMILAR = sql(
    """
    SELECT p.id, p.search_text
    FROM forum_posts AS p, to_tsquery('simple', :query) AS q
    WHERE p.kind = 'question' AND p.forum_search_vector @@ q
      AND p.pack_id = :pack AND p.status IN ('visible', 'kept')
    ORDER BY ts_rank(p.forum_search_vector, q, 1) DESC, p.id DESC
    LIMIT :wanted
    """
)
# FTS5 ranks inside its own index; rows found are then checked for pack and status. Naming the
# pack inside the MATCH is exact but slow (FTS5 reads the pack's whole doclist, every row of the
# pack), so it is the fallback when other packs' rows crowded the first LIMIT out.
_SQLITE_SIMILAR = sql(
    """
    SELECT p.id, p.search_text, p.pack_id, p.status FROM (
      SELECT rowid AS id, bm25(forum_search, 1.0, 0.0) AS score FROM forum_search
      WHERE forum_search MATCH :match ORDER BY score LIMIT :over
    ) AS found JOIN forum_posts AS p ON p.id = found.id
    ORDER BY found.score
    """
)
_SHOWN = ("visible", "kept")
OVER_FETCH = 4  # FTS5 rows ranked per candidate kept (some hidden or of another pack)
# ts_rank knows no term rarity (bm25 does), so PostgreSQL hands more candidates to the re-rank.
PG_OVER_FETCH = 3


def stages(query_terms: Sequence[str]) -> list[list[tuple[str, ...]]]:
    """The stages of a search, each a list of clauses (a clause matches a post having all its
    terms): all terms, then every pair, then each term alone."""
    result: list[list[tuple[str, ...]]] = [[tuple(query_terms)]]
    if len(query_terms) > 2:
        result.append(list(itertools.combinations(query_terms, 2)))
    if len(query_terms) > 1:
        result.append([(term,) for term in query_terms])
    return result


async def similar_ids(session: AsyncSession, pack_id: str, query: str, limit: int) -> list[int]:
    """Ids of shown questions of the pack most like the query, best first."""
    query_terms = terms(query)[:MAX_QUERY_TERMS]
    if not query_terms or limit <= 0:
        return []
    wanted = limit * CANDIDATES_PER_RESULT
    search = _postgres if session.get_bind().dialect.name == "postgresql" else _sqlite
    found: dict[int, str] = {}
    for clauses in stages(query_terms):
        for post_id, text in await search(session, pack_id, clauses, wanted):
            found.setdefault(post_id, text)
        if len(found) >= wanted:
            break
    return rerank(query, list(found.items()), limit)


async def _sqlite(
    session: AsyncSession, pack_id: str, clauses: Sequence[tuple[str, ...]], wanted: int
) -> list[tuple[int, str]]:
    either = " OR ".join(
        "(" + " AND ".join(f'"{_quoted(term)}"' for term in clause) + ")" for clause in clauses
    )
    over = wanted * OVER_FETCH
    rows = await _sqlite_rows(session, f"search_text: ({either})", pack_id, over)
    if len(rows[1]) < wanted and rows[0] == over:  # crowded out: name the pack in the MATCH
        pack = f'pack_id: "{_quoted(pack_id)}" AND search_text: ({either})'
        rows = await _sqlite_rows(session, pack, pack_id, over)
    return rows[1][:wanted]


async def _sqlite_rows(
    session: AsyncSession, match: str, pack_id: str, over: int
) -> tuple[int, list[tuple[int, str]]]:
    """How many rows FTS5 ranked, and those of the pack that are shown, best first."""
    found = (await session.execute(_SQLITE_SIMILAR, {"match": match, "over": over})).all()
    kept = [(int(r[0]), str(r[1])) for r in found if r[2] == pack_id and r[3] in _SHOWN]
    return len(found), kept


def _quoted(value: str) -> str:
    """A value inside an FTS5 string (double quotes doubled)."""
    return value.replace('"', '""')


def _lexeme(term: str) -> str:
    """A term as a quoted tsquery lexeme (terms are [a-z0-9]+, quoting guards the syntax)."""
    return "'" + term.replace("'", "''") + "'"


async def _postgres(
    session: AsyncSession, pack_id: str, clauses: Sequence[tuple[str, ...]], wanted: int
) -> list[tuple[int, str]]:
    query = " | ".join(
        "(" + " & ".join(_lexeme(term) for term in clause) + ")" for clause in clauses
    )
    result = await session.execute(_PG_SIMILAR, {"query": query, "pack": pack_id, "wanted": wanted})
    return [(int(row[0]), str(row[1])) for row in result]
