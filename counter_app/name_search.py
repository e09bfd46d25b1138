"""Finding registrations by number, NIK or applicant name without reading every row.

The name is matched word by word from the start of each word, case- and accent-insensitive
("siti nur" finds "Siti Nurhaliza", "jose" finds "José"), through the FTS5 index of
migrations 0018 and 0022. A name search reads the index newest registration first and stops at the
page's limit (:func:`newest_by_name`): however many names match (the first letter typed, a
name half the hall shares, "Muhammad"), it reads about a page of rows, the newest, which are
also the ones an officer looks for. The page is then shown in the list's order.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a name as the index holds them: lower case, accents removed."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def _phrase(found: list[str]) -> str:
    """The FTS5 phrase of these words, the last one a prefix."""
    return '"' + " ".join(found) + '"*'


def fts_query(query: str) -> str | None:
    """The FTS5 phrase for a typed query (the last word a prefix), None if it has no words."""
    found = words(query)
    return _phrase(found) if found else None


def name_matches(name: str | None, query: str) -> bool:
    """The index's rule in Python: the query's words appear in a row in the name, each equal
    to a word of the name except the last, which begins one."""
    return matcher(words(query))(name)


def _words_match(have: list[str], wanted: list[str]) -> bool:
    *whole, last = wanted
    return any(have[i:i + len(whole)] == whole and have[i + len(whole)].startswith(last)
               for i in range(len(have) - len(wanted) + 1))


def matcher(wanted: list[str]):
    """:func:`name_matches` for one query's words, to test many names (a narrow filter's
    rows): a plain ASCII name, most names, is tested with one regular expression, the rule
    spelled out for ASCII words; any other is split into words as the index does."""
    if not wanted:
        return lambda name: False
    *whole, last = wanted
    word_start, word_end, gap = r"(?<![^\W_])", r"(?![^\W_])", r"[\W_]+"
    pattern = re.compile(word_start + "".join(re.escape(w) + word_end + gap for w in whole) + re.escape(last))
    plain = all(w.isascii() for w in wanted)

    def test(name: str | None) -> bool:
        if not name:
            return False
        folded = name.casefold()
        if folded.isascii():
            return plain and pattern.search(folded) is not None
        return _words_match(words(name), wanted)

    return test


def exact_filter(query: str) -> tuple[str, list[Any]]:
    """A WHERE term selecting the registration whose number or NIK is ``query``."""
    q = query.strip()
    return ("rowid IN (SELECT rowid FROM registrations WHERE id = ? UNION"
            " SELECT rowid FROM registrations WHERE nik = ?)", [q.upper(), q])


def newest_by_name(conn: sqlite3.Connection, where: str, params: list[Any], query: str,
                   limit: int, *, narrow: bool = False) -> list[sqlite3.Row] | None:
    """The newest ``limit`` registrations matching ``where`` whose name matches ``query`` or
    whose number or NIK is ``query``, in the list's order (earliest deadline first). None if
    the query has no word (search by number or NIK only: :func:`exact_filter`).

    ``narrow``: ``where`` is read through an index and passes few rows (the open
    applications past or near their deadline). Walking the name index would then test tens
    of thousands of matches against it for a common first letter (0.4-0.8 s on a year's
    file); the filter's rows are read instead and their names tested (:func:`matcher`),
    while they are at most :data:`NARROW_ROWS`."""
    found = words(query)
    if not found:
        return None
    exact, exact_params = exact_filter(query)
    rows = conn.execute(f"SELECT * FROM registrations WHERE {where} AND {exact}",
                        (*params, *exact_params)).fetchall()
    seen = {r["id"] for r in rows}
    matches = _newest_within(conn, where, params, found, limit) if narrow else None
    if matches is None:
        matches = _newest_matches(conn, where, params, found, limit)
    for r in matches:
        if r["id"] not in seen:
            rows.append(r)
    rows.sort(key=lambda r: (r["deadline"] is None, r["deadline"] or "", r["id"]))
    return rows[:limit]


def _newest_matches(conn: sqlite3.Connection, where: str, params: list[Any], found: list[str],
                    limit: int) -> list[sqlite3.Row]:
    """The newest ``limit`` registrations passing ``where`` whose name the index matches to
    the words ``found`` (the last one a prefix): FTS5 walks its index in rowid order, newest
    first, and the join stops at the limit. A prefix of one to three letters is read from
    its own prefix index (migration 0022), so the first letters typed are as quick as a
    whole word."""
    return conn.execute(
        "SELECT r.* FROM registrations_fts f JOIN registrations r ON r.rowid = f.rowid"
        f" WHERE f.registrations_fts MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT ?",
        (_phrase(found), *params, limit)).fetchall()


# The most rows of a narrow filter whose names are tested in Python (about 1 ms per 1,000).
NARROW_ROWS = 20000


def _newest_within(conn: sqlite3.Connection, where: str, params: list[Any], found: list[str],
                   limit: int) -> list[sqlite3.Row] | None:
    """The newest ``limit`` rows passing ``where`` whose name matches the query's words
    ``found``, read from the filter's own rows; None if the filter passes more than
    :data:`NARROW_ROWS`."""
    candidates = conn.execute(f"SELECT rowid, name FROM registrations WHERE {where} ORDER BY rowid DESC LIMIT ?",
                              (*params, NARROW_ROWS + 1)).fetchall()
    if len(candidates) > NARROW_ROWS:
        return None
    test = matcher(found)
    hits = [rowid for rowid, name in candidates if test(name)][:limit]
    if not hits:
        return []
    return conn.execute(f"SELECT * FROM registrations WHERE rowid IN ({', '.join('?' * len(hits))})",
                        hits).fetchall()


def ordered_applications(conn: sqlite3.Connection, where: str, params: list[Any], limit: int,
                         *, short: bool) -> list[sqlite3.Row]:
    """Registrations matching ``where``, earliest deadline first, those without a deadline
    last, then by number: read in the order of the (deadline, id) index unless ``short``
    (a few rows picked by id: sorting them is cheaper than walking the index)."""
    key = "+deadline, +id" if short else "deadline, id"
    rows = conn.execute(f"SELECT * FROM registrations WHERE {where} AND deadline IS NOT NULL"
                        f" ORDER BY {key} LIMIT ?", (*params, limit)).fetchall()
    if len(rows) < limit:
        rows += conn.execute(f"SELECT * FROM registrations WHERE {where} AND deadline IS NULL"
                             f" ORDER BY {'+id' if short else 'id'} LIMIT ?",
                             (*params, limit - len(rows))).fetchall()
    return rows
