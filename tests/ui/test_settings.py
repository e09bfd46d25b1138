"""The admin's settings page: site and device, printer with a test print, portal, accounts."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from counter_app import printjobs, syncstate, users
from counter_app.actors import Actor
from counter_app.site import site_info
from ui.context import AppContext
from ui.pages.settings import SettingsPage


@pytest.fixture
def page(session, qtbot, monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    users.create_first_admin(session, "admin", "rahasia-admin")
    ctx = AppContext(session.store.path, Actor("admin", "admin"))
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    ctx.close()


def test_site_and_device_are_saved_and_bad_codes_named_beside_the_field(page, session):
    assert page.site_code.text() == "MPP-TEST"
    page.site_code.setText("x")
    page.save_site()
    assert page.errors["site_code"].text() == "2–24 huruf besar/angka/-/_, mis. MPP-BDG"
    assert page.banner.kind == "error"
    page.site_code.setText("mpp-smg")
    page.site_name.setText("MPP Kota Semarang")
    page.tier.setCurrentIndex(page.tier.findData("2.1"))
    page.series.setValue(15)
    page.save_site()
    assert page.banner.text() == "Lokasi MPP-SMG (MPP Kota Semarang), perangkat K1 tersimpan."
    info = site_info(session)
    assert (info.code, info.name, info.tier, info.series) == ("MPP-SMG", "MPP Kota Semarang", "2.1", 15)


def test_printer_spec_is_this_devices_and_the_test_print_reaches_it(qtbot, page, session, tmp_path):
    target = tmp_path / "printer.bin"
    page.printer_spec.setText(f"file:{target}")
    page.save_printer()
    assert printjobs.printer_spec(session) == f"file:{target}"
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10000)
    assert page.banner.text() == f"Cetak uji terkirim ke file:{target}."
    assert b"TES PRINTER" in target.read_bytes()
    page.printer_spec.setText("lpt:1")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10000)
    assert page.banner.kind == "error" and "jenis 'lpt' tidak dikenal" in page.banner.text()


def test_portal_address_and_token(page, session):
    page.portal_url.setText("portal.example")
    page.save_portal()
    assert page.errors["portal_url"].text() == "alamat portal harus diawali http:// atau https://"
    page.portal_url.setText("https://portal.example/")
    page.portal_token.setText("tok-123")
    page.save_portal()
    state = syncstate.state(session)
    assert (state["portal_url"], state["token"]) == ("https://portal.example", "tok-123")


def test_accounts_are_added_in_a_worker_and_listed(qtbot, page, session):
    page.new_username.setText("rina")
    page.new_password.setText("pendek")
    page.add_user_button.click()
    qtbot.waitUntil(lambda: page.add_user_button.isEnabled(), timeout=10000)
    assert page.errors["password"].text() == "kata sandi minimal 8 karakter"
    page.new_password.setText("rahasia-rina")
    page.new_role.setCurrentIndex(page.new_role.findData("frontliner"))
    page.add_user_button.click()
    qtbot.waitUntil(lambda: page.banner.text() == "Akun rina (Petugas loket) dibuat.", timeout=10000)
    assert [page.user_list.item(i).text() for i in range(page.user_list.count())] == [
        "admin · Administrator (pengelola teknis)", "rina · Petugas loket"]
    assert users.authenticate(session, "rina", "rahasia-rina") == Actor("rina", "frontliner")
