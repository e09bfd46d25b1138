"""Finding registrations by number, NIK or applicant name without reading every row.

The name is matched word by word from the start of each word, case- and accent-insensitive
("siti nur" finds "Siti Nurhaliza", "jose" finds "José"), through the FTS5 index of
migration 0018. A name search reads the index newest registration first and stops at the
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


def _phrase(found: list[str], *, prefix: bool = True) -> str:
    """The FTS5 phrase of these words (the last one a prefix unless ``prefix`` is False)."""
    return '"' + " ".join(found) + ('"*' if prefix else '"')


def fts_query(query: str) -> str | None:
    """The FTS5 phrase for a typed query (the last word a prefix), None if it has no words."""
    found = words(query)
    return _phrase(found) if found else None


def name_matches(name: str | None, query: str) -> bool:
    """The index's rule in Python: the query's words appear in a row in the name, each equal
    to a word of the name except the last, which begins one."""
    return matcher(words(query))(name)


def matcher(wanted: list[str]):
    """:func:`name_matches` for one query's words, to test many names: the query is split
    once, and a plain ASCII name (most names) skips the Unicode normalisation."""
    if not wanted:
        return lambda name: False
    *whole, last = wanted
    span = len(wanted)

    def test(name: str | None) -> bool:
        if not name:
            return False
        folded = name.casefold()
        if folded.isascii():
            if last not in folded:  # the last word's letters are in any name that matches
                return False
            have = _WORD.findall(folded)
        else:
            have = words(name)
        for start in range(len(have) - span + 1):
            if have[start:start + len(whole)] == whole and have[start + len(whole)].startswith(last):
                return True
        return False

    return test


def exact_filter(query: str) -> tuple[str, list[Any]]:
    """A WHERE term selecting the registration whose number or NIK is ``query``."""
    q = query.strip()
    return ("rowid IN (SELECT rowid FROM registrations WHERE id = ? UNION"
            " SELECT rowid FROM registrations WHERE nik = ?)", [q.upper(), q])


def newest_by_name(conn: sqlite3.Connection, where: str, params: list[Any], query: str,
                   limit: int) -> list[sqlite3.Row] | None:
    """The newest ``limit`` registrations matching ``where`` whose name matches ``query`` or
    whose number or NIK is ``query``, in the list's order (earliest deadline first). None if
    the query has no word (search by number or NIK only: :func:`exact_filter`)."""
    found = words(query)
    if not found:
        return None
    exact, exact_params = exact_filter(query)
    rows = conn.execute(f"SELECT * FROM registrations WHERE {where} AND {exact}",
                        (*params, *exact_params)).fetchall()
    seen = {r["id"] for r in rows}
    for r in _newest_matches(conn, where, params, query, found, limit):
        if r["id"] not in seen:
            rows.append(r)
    rows.sort(key=lambda r: (r["deadline"] is None, r["deadline"] or "", r["id"]))
    return rows[:limit]


# How many of the newest candidates a one-letter search tests before it asks the index.
LETTER_WINDOW = 2000


def _fts_newest(conn: sqlite3.Connection, columns: str, where: str, params: list[Any], phrase: str,
                limit: int) -> list[sqlite3.Row]:
    """The newest ``limit`` registrations passing ``where`` whose name the index matches to
    ``phrase``: FTS5 walks its index in rowid order, newest first, and the join stops at the
    limit."""
    return conn.execute(
        f"SELECT {columns} FROM registrations_fts f JOIN registrations r ON r.rowid = f.rowid"
        f" WHERE f.registrations_fts MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT ?",
        (phrase, *params, limit)).fetchall()


def _newest_matches(conn: sqlite3.Connection, where: str, params: list[Any], query: str, found: list[str],
                    limit: int) -> list[sqlite3.Row]:
    """The newest ``limit`` registrations passing ``where`` whose name matches ``query``
    (whose words are ``found``)."""
    if len(found[-1]) > 1:
        return _fts_newest(conn, "r.*", where, params, _phrase(found), limit)
    # A last word of one letter: its prefix merges the postings of every word that begins
    # with it (a fifth of the index for "s", 35-45 ms on three years). The newest candidates
    # (those the words before it match, or the newest registrations) are tested in Python
    # with the index's rule instead: a common letter fills the page at once. A rare one
    # ("x") does not, and then the index is asked after all.
    whole = found[:-1]
    if whole:
        window = _fts_newest(conn, "r.rowid, r.name", where, params, _phrase(whole, prefix=False), LETTER_WINDOW)
    else:
        window = conn.execute(f"SELECT rowid, name FROM registrations WHERE {where} ORDER BY rowid DESC LIMIT ?",
                              (*params, LETTER_WINDOW)).fetchall()
    test = matcher(found)
    hits = [r[0] for r in window if test(r[1])][:limit]
    if len(hits) < limit and len(window) == LETTER_WINDOW:
        return _fts_newest(conn, "r.*", where, params, _phrase(found), limit)
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
