"""Which b-trees one durable write touches: the pages a ticket issue and a registration save
append to the WAL in their commit, each page mapped to its table or index with ``dbstat``.

The time of a commit on this kind of disk grows with the pages it writes (about 8 µs a page
here), so this is the count the write path's schema is judged by (docs/performance.md).
Run on a small database of its own: the b-trees a write touches do not depend on the file's
size (a leaf split now and then adds a page to one of them).
"""

from __future__ import annotations

import random
import statistics
import struct
from collections import Counter
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from counter_app import queue as q
from counter_app import registration
from counter_app.session import Session

from .stats import report
from .workload import issue_moments, new_site, set_clock, valid_nik, working_days

WAL_HEADER, FRAME_HEADER = 32, 24


def wal_pages(wal: Path, page_size: int, start_frame: int) -> list[int]:
    """Page numbers of the WAL's frames from ``start_frame`` on."""
    data = wal.read_bytes()
    frame = FRAME_HEADER + page_size
    pages = []
    offset = WAL_HEADER + start_frame * frame
    while offset + frame <= len(data):
        pages.append(struct.unpack(">I", data[offset:offset + 4])[0])
        offset += frame
    return pages


def frames(wal: Path, page_size: int) -> int:
    size = wal.stat().st_size if wal.exists() else 0
    return max(0, (size - WAL_HEADER) // (FRAME_HEADER + page_size))


def btrees_written(session: Session, action) -> Counter:
    """Run ``action()`` (one durable transaction) and count the pages its commit wrote per b-tree."""
    conn = session.store.conn
    wal = Path(f"{session.store.path}-wal")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    before = frames(wal, page_size)
    action()
    pages = wal_pages(wal, page_size, before)
    names = dict(conn.execute(
        f"SELECT pageno, name FROM dbstat WHERE pageno IN ({','.join('?' * len(pages))})", pages).fetchall()
        if pages else [])
    return Counter(names.get(p, "(free list / header)") for p in pages)


def _issue(session: Session, code: str, into: dict) -> None:
    into.update(q.issue_ticket(session, code))


def _save(session: Session, rng: random.Random, n: int, ticket: dict) -> None:
    sex = rng.choice("LP")
    born = date(1980, 1, 1) + timedelta(days=rng.randint(0, 10000))
    registration.register(session, registration.RegistrationInput(
        service=ticket["service"], name=f"Pemohon {n}", nik=valid_nik(rng, sex, born), sex=sex,
        birth_date=born.isoformat(), phone="081234567890", ticket=ticket["ticket"],
        requirements_complete=True))


def measure(workdir: Path, warm: int = 300, samples: int = 20) -> dict[str, tuple[float, Counter]]:
    """Pages per commit of a ticket issue and a registration save, averaged over ``samples``
    of each after ``warm`` earlier ones (so no b-tree is a single new page): the mean pages
    and, per b-tree, in how many of the commits it was written."""
    path = workdir / "write-pages.sqlite3"
    session = new_site(path)
    rng = random.Random(5)
    day = working_days(date(2026, 3, 2), 1)[0]
    pages = {"ticket issue": [], "registration save": []}
    touched = {"ticket issue": Counter(), "registration save": Counter()}
    try:
        conn = session.store.conn
        conn.execute("PRAGMA wal_autocheckpoint=0").fetchall()  # keep every frame in the WAL
        for i, (moment, open_now) in enumerate(issue_moments(session, day, warm + samples)):
            set_clock(moment)
            ticket: dict = {}
            steps = (("ticket issue", partial(_issue, session, rng.choice(open_now), ticket)),
                     ("registration save", partial(_save, session, rng, i, ticket)))
            for name, action in steps:
                if i < warm:
                    action()
                    continue
                written = btrees_written(session, action)
                pages[name].append(sum(written.values()))
                touched[name].update(written.keys())
            if i % 100 == 99:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        session.close()
    return {name: (statistics.mean(pages[name]), touched[name]) for name in pages}


def run_report(workdir: Path) -> None:
    for name, (mean, touched) in measure(workdir).items():
        samples = max(touched.values())
        every = sorted(t for t, n in touched.items() if n == samples)
        some = sorted(f"{t} {n}/{samples}" for t, n in touched.items() if n < samples)
        report(f"pages written by one {name} commit", mean, f"pages (mean of {samples})",
               note=f"{len(every)} b-trees every time: {', '.join(every)}"
                    + (f"; sometimes: {', '.join(some)}" if some else ""))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        run_report(Path(tmp))
