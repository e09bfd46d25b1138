"""A counter named "Loket 1" is never "loket Loket 1" (issue 16): the core's refusal, the CLI's
line and the hub's public page follow the one rule of ``formatting.names_itself``; a counter
named "3" still reads "loket 3"."""

from __future__ import annotations

import pytest

from counter_app import queue
from counter_app.cli.queue import _line
from counter_app.errors import StateError
from counter_app.formatting import loket, names_itself


def test_the_rule():
    assert names_itself("Loket 1") and names_itself("loket A") and names_itself("LOKET 12")
    assert not names_itself("1") and not names_itself("Gerai Samsat") and not names_itself("")
    assert not names_itself("Loketku")  # the word, not a prefix
    assert loket("Loket 1") == "Loket 1" and loket("3") == "loket 3"


def test_calling_twice_at_a_counter_named_loket_does_not_repeat_the_word(session):
    for _ in range(2):
        queue.issue_ticket(session, "DUK-KTP")
    called = queue.call_next(session, "Loket 1")
    with pytest.raises(StateError) as refused:
        queue.call_next(session, "Loket 1")
    message = str(refused.value)
    assert "loket loket" not in message.casefold()
    assert message.startswith(f"Loket 1 masih melayani {called['ticket']}")


def test_a_counter_named_by_its_number_still_says_loket(session):
    queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "3")
    with pytest.raises(StateError) as refused:
        queue.call_next(session, "3")
    assert str(refused.value).startswith("loket 3 masih melayani ")


def test_the_cli_line_uses_the_same_rule():
    ticket = {"ticket": "A-001", "service": "DUK-KTP", "status": "called", "reason": None}
    assert _line({**ticket, "counter": "Loket 1"}) == "A-001 (DUK-KTP) dipanggil di Loket 1"
    assert _line({**ticket, "counter": "2"}) == "A-001 (DUK-KTP) dipanggil di loket 2"


def test_the_hubs_position_page_does_not_repeat_the_word(session):
    from sync.hub.position import render_position

    t = queue.issue_ticket(session, "DUK-KTP")
    queue.issue_ticket(session, "DUK-KTP")
    queue.call_next(session, "Loket 1")
    queue.call_next(session, "2")
    page = render_position(session, t["id"])
    assert "loket Loket" not in page
    assert "sedang dipanggil di Loket 1" in page
    assert "<td>Loket 1</td>" in page and "<td>loket 2</td>" in page
