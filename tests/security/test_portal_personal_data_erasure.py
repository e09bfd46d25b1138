"""Issue 15, done when: a person erased with ``loket person erase --nik N`` is unreadable on the
device, in a backup made afterwards, and on the portal after sync (its rows, its pull answer,
its status page), while ``loket audit verify`` stays ok on the device; and a counter that
syncs afterwards loses the person too.

The attack: the log is immutable and replicated to every device of the site and to the portal,
so an applicant's NIK, name and address written into it could never be erased anywhere. Now
each record's personal data is sealed under a key of its own (counter_app/personal.py) that
travels beside the events, and the erasure deletes the keys everywhere
(sync/portal/sealing.py on the portal).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import portal_kit
import requests

from counter_app import bookings, personal, registration
from sync.portal import content

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures

ROOT = Path(__file__).resolve().parents[2]
NIK = "3273015508900002"   # born 15-08-1990 (a woman: day + 40)
BIRTH = "1990-08-15"
NAME = "Wayan Sukarmini"
ADDRESS = "Jl. Melati Rahasia 7"
SECRETS = (NIK, NAME, "Sukarmini", ADDRESS, "Melati Rahasia")
OTHER = ("3273014409910003", "Dewi Lestari")  # someone else, kept


def loket(db: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", "from counter_app.cli import main; main()", "--db", str(db),
                           *args, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def raw_hits(path: Path, needles=SECRETS) -> list[str]:
    """Which of ``needles`` appear anywhere in the file's bytes or its -wal."""
    found = set()
    for candidate in (path, Path(f"{path}-wal")):
        if candidate.exists():
            data = candidate.read_bytes()
            found |= {n for n in needles if n.encode() in data}
    return sorted(found)


portal_rows = portal_kit.portal_rows


def pull_text(portal, token: str) -> tuple[str, list[dict]]:
    events = portal_kit.pulled(portal, token)
    return json.dumps(events, ensure_ascii=False), events


def status_page(portal, code: str, birth: str) -> requests.Response:
    """The public status page as the applicant uses it: the code and the birth date."""
    http = requests.Session()
    http.headers["X-Forwarded-For"] = f"10.77.0.{abs(hash(code)) % 250 + 1}"
    form = http.get(f"{portal.url}/status", timeout=10)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    return http.post(f"{portal.url}/status", data={"code": code, "birth_date": birth, "csrf": token},
                     timeout=10, allow_redirects=False)


def test_a_person_erased_on_a_counter_is_unreadable_there_in_a_later_backup_on_the_portal_and_on_a_second_counter(
        portal, site, make_counter, tmp_path):
    a = make_counter(portal, site, "K1")
    b = make_counter(portal, site, "K2")
    a.sync()
    # the person booked online, came to the counter with the booking, and registered once more
    booking = content.create_booking(portal.db, {
        "site": site, "service": "DUK-KK", "date": "2026-03-17", "name": NAME, "nik": NIK, "sex": "P",
        "address": ADDRESS})
    a.sync()
    from_booking = bookings.checkin(a.session, booking["code"])["registration_id"]
    walk_in = registration.register(a.session, registration.RegistrationInput(
        service="DUK-KTP", name=NAME, nik=NIK, sex="P", address=ADDRESS, requirements_complete=True))["registration_id"]
    kept = registration.register(a.session, registration.RegistrationInput(
        service="DUK-KK", name=OTHER[1], nik=OTHER[0], sex="P"))["registration_id"]
    a.sync()
    b.sync()
    assert registration.get_application(b.session, walk_in)["nik"] == NIK  # the second counter had the person
    assert status_page(portal, walk_in, BIRTH).status_code == 200  # and the status page found them

    a.close()  # the officer erases from the CLI (a device that never had accounts acts as the system)
    erased = loket(a.path, "person", "erase", "--nik", NIK, "--note", "permintaan tertulis")
    assert erased["registrations"] == sorted([from_booking, walk_in]) and erased["bookings"] == [booking["code"]]
    assert erased["keys"] == 3  # the booking's (the portal's), and one per registration

    # the device: not in its file nor its WAL, nor in a backup made afterwards; the log verifies
    assert raw_hits(a.path) == []
    copy = tmp_path / "sesudah.sqlite3"
    loket(a.path, "backup", "create", "--out", str(copy))
    assert raw_hits(copy) == []
    assert OTHER[1].encode() in copy.read_bytes()  # everyone else's data is still there
    assert loket(a.path, "audit", "verify")["ok"]

    a.session = a.session.open(a.path)
    assert a.sync()["rejected"] == 0  # the erasure event goes up
    app = registration.get_application(a.session, walk_in)
    assert (app["name"], app["nik"], app["address"], app["status"]) == (personal.ERASED_TEXT, "", None, "diterima")

    # the portal: no row holds the person, the pull answer carries no key to them, the status
    # page finds nothing with the code and the birth date
    rows = portal_rows(portal)
    assert [s for s in SECRETS if s in rows] == []
    if portal.backend == "sqlite":  # nor in the file's bytes (PostgreSQL's old row versions: docs/security.md)
        assert raw_hits(Path(portal.url_arg[1])) == []
    assert OTHER[0] not in rows  # (sealed there from the start, as everyone's)
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE site_code = ? AND entity_id IN (?, ?, ?)",
                         (site, walk_in, from_booking, booking["code"])) == 0
        assert tx.scalar("SELECT count(*) AS n FROM erased_keys WHERE site_code = ?", (site,)) == 3
        assert tx.one("SELECT name, birth_check FROM bookings WHERE code = ?", (booking["code"],)) == {
            "name": None, "birth_check": None}
        assert tx.scalar("SELECT count(*) AS n FROM record_keys WHERE entity_id = ?", (kept,)) == 1
    text, events = pull_text(portal, b.token)
    assert [s for s in SECRETS if s in text] == []
    erased_ids = {e["id"] for e in events if e["entity_id"] in (walk_in, from_booking, booking["code"])
                  and e["payload"].get("sealed")}
    assert len(erased_ids) == 3 and not any(e.get("keys") for e in events if e["id"] in erased_ids)
    assert any(e.get("keys") for e in events if e["entity_id"] == kept)
    for code in (walk_in, from_booking, booking["code"]):
        page = status_page(portal, code, BIRTH)
        assert page.status_code == 404 and "tidak ditemukan" in page.text and NAME not in page.text, code
    assert content.lookup(portal.db, walk_in)["status"] == "diterima"  # the record stays

    # the second counter, syncing afterwards, loses the person too
    b.sync()
    for reg in (walk_in, from_booking):
        app = registration.get_application(b.session, reg)
        assert (app["name"], app["nik"], app["address"]) == (personal.ERASED_TEXT, "", None)
    row = b.session.store.one("SELECT data FROM bookings WHERE code = ?", (booking["code"],))
    assert json.loads(row["data"]).get("nik") is None
    assert b.session.store.scalar("SELECT count(*) FROM record_keys WHERE entity_id IN (?, ?, ?)",
                                  (walk_in, from_booking, booking["code"])) == 0
    assert registration.get_application(b.session, kept)["name"] == OTHER[1]
    # and a counter enrolled later never receives the keys at all
    c = make_counter(portal, site, "K3")
    c.sync()
    assert registration.get_application(c.session, walk_in)["name"] == personal.ERASED_TEXT
    assert registration.get_application(c.session, kept)["name"] == OTHER[1]
    assert loket(a.path, "audit", "verify")["ok"]  # still, after the sync brought the erasure back
