"""Demo data and set-ups for the screenshots of the call display, SKM, complaints and dashboard.

``demo_morning(path, day)`` plays a morning at three other counters through the core
(tickets issued, called, served or absent at realistic times), SKM answers from the kiosk
and from paper, and complaints (one filed two weeks earlier and still unanswered, so it is
overdue). It uses services outside Disdukcapil so the counter console's own demo queue is
untouched. The clock is moved with ``LOKET_NOW``; the caller sets it back afterwards.
"""

from __future__ import annotations

import os
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from counter_app import complaints, printjobs, queue, skm
from counter_app.actors import Actor
from counter_app.session import Session

COUNTERS = {"Loket 2": ["SAM-PKB", "SAM-STNK5"], "Loket 3": ["BPJSK-DAFTAR", "BPJSK-UBAH"],
            "Loket 4": ["IMI-EPASPOR", "POL-SKCK"]}
OFFICERS = {"Loket 2": "dodi", "Loket 3": "wulan", "Loket 4": "fajar"}


def _at(moment: datetime) -> None:
    os.environ["LOKET_NOW"] = moment.isoformat()


def demo_morning(path: Path | str, day: str = "2026-03-18", complaint_day: str = "2026-03-02") -> None:
    rng = random.Random(20260318)
    _at(datetime.fromisoformat(f"{complaint_day}T10:30:00+07:00"))
    with Session.open(path, Actor("rina", "frontliner")) as s:
        complaints.file_complaint(s, type="pengaduan", channel="phone", service="SAM-PKB", component="waktu",
                                  text="Pengesahan STNK tahunan ditolak karena sistem, diminta datang lagi.",
                                  name="Yuni Astuti", phone="081322114455")

    start = datetime.fromisoformat(f"{day}T08:00:00+07:00")  # the hall opens at 08.00 (service hours)
    plan = []  # (when, counter, service)
    for counter, services in COUNTERS.items():
        when = start
        for _ in range(9 if counter != "Loket 4" else 6):
            when += timedelta(minutes=rng.randint(3, 11))
            plan.append((when, counter, rng.choice(services)))
    plan.sort()
    for when, _counter, service in plan:
        _at(when)
        with Session.open(path, Actor("rina", "frontliner")) as s:
            queue.issue_ticket(s, service)

    clock = {c: start + timedelta(minutes=20) for c in COUNTERS}
    busy = True
    while busy:
        busy = False
        for counter, services in COUNTERS.items():
            if clock[counter] > datetime.fromisoformat(f"{day}T10:05:00+07:00"):
                continue
            _at(clock[counter])
            with Session.open(path, Actor(OFFICERS[counter], "frontliner")) as s:
                called = queue.call_next(s, counter, services)
                if called is None:
                    clock[counter] += timedelta(minutes=5)
                    busy = True
                    continue
                clock[counter] += timedelta(minutes=rng.randint(4, 13))
                if clock[counter] > datetime.fromisoformat(f"{day}T10:10:00+07:00"):
                    continue  # still at the counter when the screenshots are taken
                _at(clock[counter])
                (queue.noshow if rng.random() < 0.08 else queue.finish)(s, called["ticket"])
                busy = True

    # every counter is serving someone when the screenshots are taken
    for i, (counter, services) in enumerate(COUNTERS.items()):
        _at(datetime.fromisoformat(f"{day}T10:0{i}:00+07:00"))
        with Session.open(path, Actor(OFFICERS[counter], "frontliner")) as s:
            if queue.active_ticket(s, counter) is None:
                queue.issue_ticket(s, services[0])
                _at(datetime.fromisoformat(f"{day}T10:0{i + 5}:00+07:00"))
                queue.call_next(s, counter, services)

    answers = [[4, 3, 3, 4, 3, 4, 4, 3, 3], [3, 3, 2, 4, 3, 3, 4, 2, 3], [4, 4, 3, 4, 4, 4, 4, 3, 4],
               [3, 2, 2, 4, 3, 3, 3, 2, 3], [4, 3, 4, 4, 3, 4, 4, 4, 3], [4, 4, 4, 4, 4, 4, 4, 3, 4]]
    with Session.open(path, Actor("rina", "frontliner")) as s:
        forms = printjobs.issue_form_numbers(s, "skm", 3)[:2]  # the third waits on the desk
    for i, scores in enumerate(answers):
        _at(datetime.fromisoformat(f"{day}T09:{10 + i * 7:02d}:00+07:00"))
        with Session.open(path, Actor("rina", "frontliner")) as s:
            paper = i >= len(answers) - len(forms)
            skm.record_response(
                s, scores, service=rng.choice(COUNTERS["Loket 2"] + COUNTERS["Loket 3"]),
                profile={"age": 25 + i * 6, "sex": "LP"[i % 2], "education": "SMA" if i % 3 else "S1"},
                entry_mode="paper" if paper else "kiosk",
                paper_form_no=forms[i - (len(answers) - len(forms))] if paper else None,
            )

    _at(datetime.fromisoformat(f"{day}T09:40:00+07:00"))
    with Session.open(path, Actor("rina", "frontliner")) as s:
        complaints.file_complaint(s, type="saran", channel="suggestion_box", anonymous=True,
                                  text="Mohon ditambah kursi di ruang tunggu lantai 2.")
        done = complaints.file_complaint(s, type="apresiasi", channel="counter", service="BPJSK-DAFTAR",
                                         text="Petugas BPJS ramah dan cepat.", name="Lina Marlina")
    with Session.open(path, Actor("sari", "supervisor")) as s:
        complaints.respond(s, done["tracking_number"], "Terima kasih, apresiasi kami sampaikan ke petugas.",
                           final=True)


# ------------------------------------------------------------------ screenshot set-ups
def _settle(predicate, timeout_s: float = 30) -> None:
    """Let the event loop run until ``predicate`` holds (a worker has delivered), or give up."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _dashboard(page) -> None:
    _settle(lambda: page.report is not None)


def _complaints(page) -> None:
    page.table.selectRow(0)  # the oldest deadline first: the overdue complaint


def _kiosk(page) -> None:
    page.preview.start()
    page.preview.answer(4)
    page.preview.answer(3)


def _transcribe(page) -> None:
    page.form_no.setText("F-SKM-MPP-BDG-260318-K1-0003")
    for cell, score in zip(page.cells, "4334244", strict=False):
        cell.setText(score)
    page.age.setText("38")


# Set-ups for these pages' screenshots (merged into ui.screenshots.PREPARE).
PREPARE_PAGES = {"dashboard": _dashboard, "complaints": _complaints, "skm_kiosk": _kiosk,
                 "skm_transcribe": _transcribe}


def extra_screens(ctx, out: Path, grab) -> list[Path]:
    """The hall screen and the kiosk as the public sees them, full size, at every size."""
    from ui.announcer import Announcer, SilentPlayer
    from ui.call_display import CallDisplayView
    from ui.kiosk import SkmKioskView

    written = []
    # the latest call is being announced: its caption shows (a silent player that takes its time)
    announcer = Announcer(SilentPlayer(time_scale=1000))
    hall = CallDisplayView(ctx, announcer)
    latest = hall.board.recent[0] if hall.board and hall.board.recent else None
    if latest is not None:
        announcer.announce(latest.number, latest.counter)
    kiosk = SkmKioskView(ctx, "SAM-PKB")
    kiosk.start()
    kiosk.answer(4)
    kiosk.answer(3)
    for name, widget in (("call-display-hall", hall), ("skm-kiosk-full", kiosk)):
        for width, height in ((1366, 768), (1920, 1080)):
            path = out / f"screen-{name}-{width}.png"
            grab(widget, (width, height), path)
            written.append(path)
        widget.close()
    announcer.player.stop()
    return written
