"""What the call display shows, read from the queue: who is being served where, and the last calls.

Pure reads through ``counter_app.queue`` (``list_queue``, ``last_calls``) and a comparison
that tells which calls are new since the last look, so each is announced exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_app import queue

RECENT = 7


@dataclass(frozen=True)
class Call:
    number: str
    counter: str
    at: str
    recall: bool
    service: str

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.number, self.counter, self.at, self.recall)


@dataclass(frozen=True)
class Board:
    """What the display shows: (counter, ticket, service) now served, and the last calls."""

    serving: tuple[tuple[str, str, str], ...]
    recent: tuple[Call, ...]


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def read_board(session, recent: int = RECENT) -> Board:
    serving = sorted(
        ((t["counter"], t["ticket"], t["service"]) for t in queue.list_queue(session, status="called")),
        key=lambda row: _natural(row[0]),
    )
    calls = tuple(
        Call(r["number"], r["counter"], r["at"], r["action"] == "recalled", r["service_code"])
        for r in queue.last_calls(session, limit=recent)
    )
    return Board(tuple(serving), calls)


def new_calls(seen: set | None, board: Board) -> list[Call]:
    """Calls on ``board`` not in ``seen``, oldest first (none on the first look)."""
    if seen is None:
        return []
    return [c for c in reversed(board.recent) if c.key not in seen]
