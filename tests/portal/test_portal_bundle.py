"""USB transfer with no network: encrypted, signed bundles both ways, re-import, tampering,
truncation, and the older signed-only files still read."""

from __future__ import annotations

import json

import pytest

from counter_app import registration, syncstate
from counter_app.catalog import demo_catalog_rows
from sync import bundle
from sync.portal import content

NIK = "3273011508900001"


@pytest.fixture
def site(portal, tmp_path, fixed_now):
    code = portal.new_site()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(portal.db, path, code)
    return code


def test_usb_round_trip_reimport_and_tampering(portal, site, make_counter, tmp_path):
    counter = make_counter(portal, site, "SAT1", url="http://127.0.0.1:9")  # never reachable
    down = tmp_path / "to-counter.loket"
    portal.cli("export", "--site", site, "--out", str(down))
    first = bundle.import_site_bundle(counter.session, down, counter.token)
    assert first["applied"] == 34 and syncstate.state(counter.session)["cursor"] > 0
    assert bundle.import_site_bundle(counter.session, down)["applied"] == 0  # re-import: nothing new

    reg = registration.register(counter.session, registration.RegistrationInput(
        service="DUK-KK", name="Budi", nik=NIK, sex="L", requirements_complete=True))
    own = counter.own_event_ids()
    up = tmp_path / "to-portal.loket"
    assert bundle.export_outbox(counter.session, up)["events"] == len(own)

    result = json.loads(portal.cli("import", str(up), "--json").stdout)
    assert (result["accepted"], result["duplicate"], result["rejected"]) == (len(own), 0, 0)
    again = json.loads(portal.cli("import", str(up), "--json").stdout)
    assert (again["accepted"], again["duplicate"]) == (0, len(own))
    assert own <= set(portal.event_ids(site))
    assert content.lookup(portal.db, reg["registration_id"])["status"] == "diterima"

    # the portal's next export acknowledges the counter's events: nothing pending any more
    portal.cli("export", "--site", site, "--out", str(down))
    bundle.import_site_bundle(counter.session, down)
    assert syncstate.pending_count(counter.session) == 0

    doc = json.loads(up.read_text())
    assert "body" not in doc and doc["version"] == 2  # encrypted: nothing to read, nothing to edit in place
    box = doc["box"]
    doc["box"] = box[:40] + ("A" if box[40] != "A" else "B") + box[41:]
    tampered = tmp_path / "tampered.loket"
    tampered.write_text(json.dumps(doc))
    refused = portal.cli("import", str(tampered), check=False)
    assert refused.returncode == 1 and "diubah" in refused.stderr
    truncated = tmp_path / "truncated.loket"
    truncated.write_bytes(up.read_bytes()[: len(up.read_bytes()) // 2])
    refused = portal.cli("import", str(truncated), check=False)
    assert refused.returncode == 1 and "terpotong" in refused.stderr
    with pytest.raises(bundle.BundleError, match="diubah"):
        down_doc = json.loads(down.read_text())
        down_doc["recipients"]["0" * 16] = down_doc["box"][:60]  # another recipient slipped in
        down.write_text(json.dumps(down_doc))
        bundle.import_site_bundle(counter.session, down)


def test_bundle_of_a_revoked_device_is_refused(portal, site, make_counter, tmp_path):
    counter = make_counter(portal, site, "SAT2", url="http://127.0.0.1:9")
    up = tmp_path / "up.loket"
    bundle.export_outbox(counter.session, up, counter.token)
    portal.cli("device", "revoke", "--site", site, "--name", "SAT2")
    refused = portal.cli("import", str(up), check=False)
    assert refused.returncode == 1 and "dicabut" in refused.stderr


def test_counter_cli_usb_and_booking_checkin(portal, site, make_counter, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    counter = make_counter(portal, site, "SAT3", url="http://127.0.0.1:9")
    counter.close()
    booking = content.create_booking(portal.db, {"site": site, "service": "DUK-KK", "date": "2026-03-16",
                                                 "name": "Rina", "nik": "3273015508900002", "sex": "P"})
    loket = [sys.executable, "-c", "from counter_app.cli import main; main()", "--db", str(counter.path)]

    def run(*args: str) -> dict:
        done = subprocess.run([*loket, *args, "--json"], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    down, up = tmp_path / "down.loket", tmp_path / "up.loket"
    portal.cli("export", "--site", site, "--out", str(down))
    assert run("sync", "import", str(down), "--token", counter.token)["applied"] == 35  # catalogue + booking
    checked = run("booking", "checkin", booking["code"])
    assert checked["booking_code"] == booking["code"]
    assert run("sync", "export", "--out", str(up))["events"] >= 3
    portal.cli("import", str(up))
    assert content.lookup(portal.db, booking["code"])["code"] == checked["registration_id"]
    assert run("sync", "status")["pending"] >= 3  # not acknowledged until the portal's answer comes back
    portal.cli("export", "--site", site, "--out", str(down))
    run("sync", "import", str(down))
    assert run("sync", "status")["pending"] == 0
    counter.session = counter.session.open(counter.path)
