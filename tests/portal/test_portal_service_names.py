"""The citizen's pages name the service, not its code."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from counter_app.catalog import demo_catalog_rows
from sync.portal import content, service
from sync.portal.app import create_app
from sync.portal.db import Database


def test_status_and_skm_thank_you_pages_show_the_service_name(tmp_path, fixed_now):
    db = Database(tmp_path / "portal.sqlite3")
    service.add_site(db, "MPP-NAMA", "MPP Nama")
    rows = tmp_path / "catalog.json"
    rows.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(db, rows, "MPP-NAMA")
    name = next(r["name"] for r in demo_catalog_rows() if r["code"] == "DUK-KK")
    booking = content.create_booking(db, {
        "site": "MPP-NAMA", "service": "DUK-KK", "date": "2026-03-17", "name": "Siti Aminah",
        "nik": "3273015508900002", "sex": "P", "phone": "081234567890"})
    assert content.lookup(db, booking["code"])["service_name"] == name
    client = TestClient(create_app(db))
    form = client.get(f"/status/{booking['code']}")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    page = client.post("/status", data={"code": booking["code"], "birth_date": "1990-08-15", "csrf": token})
    assert page.status_code == 200 and name in page.text
    answer = content.record_skm(db, {"site": "MPP-NAMA", "service": "DUK-KK",
                                     **{u: "4" for u in content.SKM_ELEMENTS}})
    assert answer["service_name"] == name
    db.close()
