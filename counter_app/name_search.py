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
    wanted, have = words(query), words(name or "")
    if not wanted:
        return False
    *whole, last = wanted
    return any(have[i:i + len(whole)] == whole and have[i + len(whole)].startswith(last)
               for i in range(len(have) - len(wanted) + 1))


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
    for r in _newest_matches(conn, where, params, found, limit):
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
