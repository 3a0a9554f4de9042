"""Similar-question search over forum posts, one interface on both databases.

Both backends match the folded terms of `coach.forum.text` (so "turev" finds "türev" and
"İNTEGRAL" finds "integral"), take three times the wanted number of candidates by their
full-text rank, and re-rank them by term overlap and trigram similarity (as Discourse does):

- SQLite: FTS5 over `search_text` (bm25), Turkish letters folded before the tokenizer;
- PostgreSQL: the `turkish` text-search configuration over the original text (its stemmer knows
  Turkish suffixes) together with the `simple` one over the folded terms, ranked with ts_rank
  plus pg_trgm's similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncSession

from coach.forum.text import index_text, lower_turkish, match_expression, rerank, terms

CANDIDATES_PER_RESULT = 3
MAX_QUERY_TERMS = 12
_PG_WORD = re.compile(r"[^\W\d_]{2,}")
# Candidates come from the GIN index over the stored vector (ranked by ts_rank); only those
# few are re-ranked with pg_trgm's similarity.
_PG_SIMILAR = sql(
    """
    WITH q AS (SELECT to_tsquery('turkish', :turkish) || to_tsquery('simple', :simple) AS query),
    ranked AS (
      SELECT p.id, p.search_text, ts_rank(p.forum_search_vector, q.query) AS rank
      FROM forum_posts AS p, q
      WHERE p.kind = 'question' AND p.forum_search_vector @@ q.query
        AND p.pack_id = :pack AND p.status IN ('visible', 'kept')
      ORDER BY rank DESC
      LIMIT :over
    )
    SELECT id, search_text FROM ranked
    ORDER BY rank + similarity(search_text, :terms) DESC
    LIMIT :wanted
    """
)
# FTS5 ranks inside its own index, limited to the pack there (pack_id is an FTS column with
# zero weight); rows found are then checked for status, over-fetching for the hidden few.
_SQLITE_SIMILAR = sql(
    """
    SELECT p.id, p.search_text FROM (
      SELECT rowid AS id, bm25(forum_search, 1.0, 0.0) AS score FROM forum_search
      WHERE forum_search MATCH :match ORDER BY score LIMIT :over
    ) AS found JOIN forum_posts AS p ON p.id = found.id
    WHERE p.status IN ('visible', 'kept')
    ORDER BY found.score
    LIMIT :wanted
    """
)
OVER_FETCH = 4  # candidates ranked by the index per candidate kept


async def similar_ids(session: AsyncSession, pack_id: str, query: str, limit: int) -> list[int]:
    """Ids of shown questions of the pack most like the query, best first."""
    query_terms = terms(query)[:MAX_QUERY_TERMS]
    if not query_terms or limit <= 0:
        return []
    wanted = limit * CANDIDATES_PER_RESULT
    if session.get_bind().dialect.name == "postgresql":
        rows = await _postgres(session, pack_id, query, query_terms, wanted)
    else:
        rows = await _sqlite(session, pack_id, query_terms, wanted)
    return rerank(query, rows, limit)


async def _sqlite(
    session: AsyncSession, pack_id: str, query_terms: Sequence[str], wanted: int
) -> list[tuple[int, str]]:
    match = f'pack_id: "{_quoted(pack_id)}" AND search_text: ({match_expression(query_terms)})'
    result = await session.execute(
        _SQLITE_SIMILAR, {"match": match, "over": wanted * OVER_FETCH, "wanted": wanted}
    )
    return [(int(row[0]), str(row[1])) for row in result]


def _quoted(value: str) -> str:
    """A value inside an FTS5 string (double quotes doubled)."""
    return value.replace('"', '""')


def _turkish_or(query: str) -> str:
    """The query's words for to_tsquery('turkish', ...): letters only, joined by OR."""
    return " | ".join(dict.fromkeys(_PG_WORD.findall(lower_turkish(query))))


async def _postgres(
    session: AsyncSession, pack_id: str, query: str, query_terms: Sequence[str], wanted: int
) -> list[tuple[int, str]]:
    turkish = _turkish_or(query) or query_terms[0]
    result = await session.execute(
        _PG_SIMILAR,
        {
            "turkish": turkish,
            "simple": " | ".join(query_terms),
            "terms": index_text(query),
            "pack": pack_id,
            "over": wanted * OVER_FETCH,
            "wanted": wanted,
        },
    )
    return [(int(row[0]), str(row[1])) for row in result]
