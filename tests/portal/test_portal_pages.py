"""The public pages in headless Chromium (Debian's package) on a phone-sized screen:
book a service, get a code, check it in at a counter, fill the online SKM, see it in the
counter's IKM after sync, and look the application up by code."""

from __future__ import annotations

import json
import shutil

import pytest

from counter_app import bookings, registration, skm
from counter_app.catalog import demo_catalog_rows
from sync.portal import content

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None,
                                reason="Debian's chromium package is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(portal, tmp_path, fixed_now):
    code = portal.new_site("MPP Kota Uji")
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(portal.db, path, code)
    return code


def test_book_check_in_and_online_skm_reach_the_counter(portal, site, make_counter, phone):
    counter = make_counter(portal, site, "K1")
    phone.goto(f"{portal.url}/daftar?site={site}")
    phone.select_option("#service", "DUK-KK")
    phone.fill("#date", "2026-03-17")
    phone.fill("#name", "Siti Aminah")
    phone.fill("#nik", "3273015508900002")
    phone.select_option("#sex", "P")
    phone.fill("#phone", "081234567890")
    phone.fill("#address", "Jl. Merdeka 1, Bandung")
    phone.click("button[type=submit]")
    code = phone.inner_text("#booking-code").strip()
    assert len(code) == 9 and phone.locator("svg").count() == 1  # the QR
    assert "Selasa, 17 Maret 2026" in phone.content()

    counter.sync()
    reg_id = bookings.checkin(counter.session, code)["registration_id"]
    app = registration.get_application(counter.session, reg_id)
    assert (app["name"], app["address"], app["channel"]) == ("Siti Aminah", "Jl. Merdeka 1, Bandung", "online")
    counter.sync()

    phone.goto(f"{portal.url}/status")
    phone.fill("#code", code)
    phone.fill("#birth_date", "1990-08-15")  # the NIK's birth date: the code alone shows nothing
    phone.click("button[type=submit]")
    assert phone.inner_text("#status-label").strip() == "Diterima"
    assert reg_id in phone.inner_text("#status-result")

    phone.goto(f"{portal.url}/skm?site={site}")
    phone.fill("#code", reg_id)
    phone.fill("#birth_date", "1990-08-15")
    phone.select_option("#service", "DUK-KK")
    for element, value in zip(skm.UNSUR, (4, 4, 3, 4, 3, 4, 4, 3, 4), strict=True):
        phone.check(f"input[name={element}][value='{value}']")
    phone.fill("#age", "34")
    phone.select_option("#education", "D4/S1")
    phone.fill("#suggestion", "Ruang tunggu nyaman")
    phone.click("button[type=submit]")
    assert "sudah kami terima" in phone.inner_text("#skm-ok")

    counter.sync()
    index = skm.ikm_index(counter.session)
    assert index["respondents"] == 1 and index["profile"]["entry_mode"] == {"online": 1}
    assert index["nrr"]["U3"] == 3.0 and index["mutu"] == "A"


def test_invalid_booking_names_the_field_and_keeps_the_input(portal, site, phone):
    phone.goto(f"{portal.url}/daftar?site={site}")
    phone.select_option("#service", "DUK-KK")
    phone.fill("#name", "Budi")
    phone.fill("#nik", "1234")
    phone.click("button[type=submit]")
    assert "NIK" in phone.inner_text("form") and phone.input_value("#name") == "Budi"
    assert phone.locator("#booking-code").count() == 0
    phone.goto(f"{portal.url}/status/TIDAK-ADA")
    phone.fill("#birth_date", "1990-08-15")
    phone.click("button[type=submit]")
    assert "tidak ditemukan" in phone.inner_text("#status-missing")
