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
# The vector is written exactly as in the index of migration 0012, or PostgreSQL cannot use it.
_PG_SIMILAR = sql(
    """
    WITH q AS (SELECT to_tsquery('turkish', :turkish) || to_tsquery('simple', :simple) AS query)
    SELECT p.id, p.search_text FROM forum_posts AS p, q
    WHERE p.kind = 'question'
      AND (to_tsvector('turkish', text) || to_tsvector('simple', search_text)) @@ q.query
      AND p.pack_id = :pack AND p.status IN ('visible', 'kept')
    ORDER BY ts_rank(to_tsvector('turkish', text) || to_tsvector('simple', search_text), q.query)
      + similarity(p.search_text, :terms) DESC
    LIMIT :wanted
    """
)


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
    result = await session.execute(
        sql(
            "SELECT p.id, p.search_text FROM forum_search AS s "
            "JOIN forum_posts AS p ON p.id = s.rowid "
            "WHERE forum_search MATCH :match AND p.pack_id = :pack "
            "AND p.status IN ('visible', 'kept') "
            "ORDER BY bm25(forum_search) LIMIT :wanted"
        ),
        {"match": match_expression(query_terms), "pack": pack_id, "wanted": wanted},
    )
    return [(int(row[0]), str(row[1])) for row in result]


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
            "wanted": wanted,
        },
    )
    return [(int(row[0]), str(row[1])) for row in result]
