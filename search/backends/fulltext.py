"""Text matching with the database's own full-text engine, queried directly.

Wagtail's database search measured 0.24-10 s a query over 10,000 pages here, while the engines
themselves answer in milliseconds: SQLite FTS5 ranked with bm25(), PostgreSQL tsvector with a GIN
index. Query words reach the engines only as plain word tokens, never as query syntax.

A resource matches when it contains any term of the question; for each match the engine also says
which terms it contains (a bit per term), so the backend can rank by how much of the question a
resource covers before ranking by the engine's own score.
"""

import numpy as np
from django.db import connection

# bm25() with title matches weighted 10 times the body text
FTS5_RANKED = "SELECT rowid, -bm25(search_fts, 10.0, 1.0), {bits} FROM search_fts WHERE search_fts MATCH %s"
FTS5_TERM = "(rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)) * {bit}"
POSTGRES_RANKED = (
    "SELECT page_id, ts_rank(search_vector, to_tsquery('english', %s)), {bits} "
    "FROM search_searchentry WHERE search_vector @@ to_tsquery('english', %s)"
)
POSTGRES_TERM = "(search_vector @@ to_tsquery('english', %s))::int * {bit}"


def fts5_any(alternatives):
    """ "a" OR "b c": any of the words or phrases."""
    return " OR ".join('"' + text.replace('"', "") + '"' for text in alternatives)


def tsquery_any(alternatives):
    """(a) | (b <-> c); an apostrophe, which quotes in tsquery syntax, separates words as the
    english parser does ("don't" is "don" and "t")."""
    return " | ".join("(" + " <-> ".join(text.replace("'", " ").split()) + ")" for text in alternatives)


def matching(terms):
    """(page ids, ranks, term bits) of every entry containing any term; a higher rank is a better
    match, bit i is set when the entry contains term i. Terms without words (an age said in
    numbers) are left to the backend's cues."""
    numbered = [(1 << number, term.alternatives) for number, term in enumerate(terms) if term.alternatives]
    if not numbered:
        return as_arrays([])
    if connection.vendor == "postgresql":
        queries = [(bit, tsquery_any(group)) for bit, group in numbered]
        either = " | ".join(f"({query})" for _, query in queries)
        bits = " + ".join(POSTGRES_TERM.format(bit=bit) for bit, _ in queries)
        return as_arrays(fetch(POSTGRES_RANKED.format(bits=bits), [either, *(q for _, q in queries), either]))
    queries = [(bit, fts5_any(group)) for bit, group in numbered]
    either = " OR ".join(f"({query})" for _, query in queries)
    bits = " + ".join(FTS5_TERM.format(bit=bit) for bit, _ in queries)
    return as_arrays(fetch(FTS5_RANKED.format(bits=bits), [*(q for _, q in queries), either]))


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def as_arrays(rows):
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    ranks = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    bits = np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows))
    return ids, ranks, bits
