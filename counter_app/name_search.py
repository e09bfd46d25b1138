"""Finding registrations by number, NIK or applicant name without reading every row.

The name is matched word by word from the start of each word, case- and accent-insensitive
("siti nur" finds "Siti Nurhaliza", "jose" finds "José"), through the FTS5 index of
migration 0018. A query that matches very many names (the first letter typed, a name half
the hall shares) is answered by walking the list in its display order and testing each name
with the same rule, which stops as soon as a page of results is found.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

# Above this many name matches the index answer is larger than walking the list in order.
FEW_MATCHES = 2000

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a name as the index holds them: lower case, accents removed."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def fts_query(query: str) -> str | None:
    """The FTS5 phrase for a typed query (the last word a prefix), None if it has no words."""
    found = words(query)
    return '"' + " ".join(found) + '"*' if found else None


def name_matches(name: str | None, query: str) -> bool:
    """The index's rule in Python: the query's words appear in a row in the name, each equal
    to a word of the name except the last, which begins one."""
    wanted, have = words(query), words(name or "")
    if not wanted:
        return False
    *whole, last = wanted
    for start in range(len(have) - len(wanted) + 1):
        if have[start:start + len(whole)] == whole and have[start + len(whole)].startswith(last):
            return True
    return False


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function("loket_name_matches", 2, name_matches, deterministic=True)


def registration_filter(conn: sqlite3.Connection, query: str) -> tuple[str, list[Any], bool]:
    """A WHERE term (and its parameters) selecting the registrations whose number or NIK is
    the query or whose name matches it. The third value says the term is a short list of rows
    (sort them), False that it is a per-row test (walk the list in its order instead)."""
    q = query.strip()
    phrase = fts_query(q)
    exact = "SELECT rowid FROM registrations WHERE id = ? UNION SELECT rowid FROM registrations WHERE nik = ?"
    if phrase is None:
        return f"rowid IN ({exact})", [q.upper(), q], True
    few = conn.execute("SELECT count(*) FROM (SELECT rowid FROM registrations_fts WHERE registrations_fts"
                       " MATCH ? LIMIT ?)", (phrase, FEW_MATCHES + 1)).fetchone()[0]
    if few <= FEW_MATCHES:
        return (f"rowid IN ({exact} UNION SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ?)",
                [q.upper(), q, phrase], True)
    _register(conn)
    return "(id = ? OR nik = ? OR loket_name_matches(name, ?))", [q.upper(), q, q], False


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
