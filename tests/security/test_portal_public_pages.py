"""Issue 15 item 7, the public pages on the mall's Wi-Fi: floods of anonymous SKM answers,
bookings with one NIK and guessed status codes are limited (429, a clear Indonesian page),
the status of a code needs the applicant's birth date, one online SKM answer per
registration, and a post from another site (or without the form's CSRF token) is refused.

The portal runs behind uvicorn's proxy-header handling (it trusts X-Forwarded-For from
loopback, as behind a reverse proxy on the same host), so each test is its own visitor."""

from __future__ import annotations

import itertools
import re

import portal_kit
import requests

from counter_app import registration

portal, site, make_counter = portal_kit.portal, portal_kit.site, portal_kit.make_counter  # fixtures

NIK = "3273015508900002"       # born 15-08-1990 (a woman: day + 40)
BIRTH = "1990-08-15"
_addresses = (f"10.15.{n // 250}.{n % 250 + 1}" for n in itertools.count())


class Visitor:
    """A phone on the mall's Wi-Fi: its own address, cookies and the forms' CSRF tokens."""

    def __init__(self, portal):
        self.base = portal.url
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = next(_addresses)

    def token(self, path: str) -> str:
        page = self.http.get(self.base + path, timeout=10)
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)

    def post(self, path: str, data: dict, token: str | None = None, **headers) -> requests.Response:
        data = {**data, "csrf": token if token is not None else self.token(path)}
        return self.http.post(self.base + path, data=data, headers=headers, timeout=10, allow_redirects=False)


def page_without(portal, code: str) -> str:
    """``/status/CODE`` with the code and the form's token taken out."""
    text = requests.get(f"{portal.url}/status/{code}", timeout=10).text
    return re.sub(r'name="csrf" value="[^"]+"', "", text).replace(code, "X")


def skm_answer(site: str, **extra) -> dict:
    return {"site": site, "service": "DUK-KK", **{f"U{i}": "1" for i in range(1, 10)}, **extra}


def test_public_page_flood_of_anonymous_skm_answers_is_refused_with_429(portal, site):
    phone = Visitor(portal)
    token = phone.token(f"/skm?site={site}")
    answers = [phone.post("/skm", skm_answer(site), token) for _ in range(150)]
    codes = [a.status_code for a in answers]
    assert codes.count(200) <= 10 and codes.count(429) >= 140
    refused = next(a for a in answers if a.status_code == 429)
    assert "Terlalu banyak permintaan" in refused.text and "coba lagi" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    # another phone of the hall is not punished for it
    assert Visitor(portal).post("/skm", skm_answer(site)).status_code == 200


def test_public_page_flood_of_bookings_with_one_nik_is_limited(portal, site):
    made = 0
    for n in range(60):
        phone = Visitor(portal) if n % 20 == 0 else phone  # noqa: F821 - a few phones, one NIK
        resp = phone.post(f"/daftar?site={site}", {"site": site, "service": "DUK-KK", "date": "2026-03-17",
                                                   "name": "Siti Aminah", "nik": NIK, "sex": "P"},
                          phone.token(f"/daftar?site={site}"))
        made += resp.status_code == 200 and 'id="booking-code"' in resp.text
        assert resp.status_code in (200, 429), resp.text
    assert made <= 3
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM bookings WHERE site_code = ?", (site,)) == made


def test_public_page_flood_of_guessed_status_codes_finds_nothing_without_the_birth_date(
        portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    real = [registration.register(counter.session, registration.RegistrationInput(
        service="DUK-KK", name="Siti Aminah", nik=NIK, sex="P", requirements_complete=True))["registration_id"]
        for _ in range(3)]
    counter.sync()
    prefix = real[0].rsplit("-", 1)[0]
    phone = Visitor(portal)
    guesses = [f"{prefix}-{n:04d}" for n in range(1, 61)]  # the real numbers are among them
    answers = [phone.post("/status", {"code": code, "birth_date": ""}, phone.token("/status")) for code in guesses]
    assert not any(a.status_code == 200 for a in answers)
    assert not any('id="status-result"' in a.text for a in answers)
    assert sum(a.status_code == 429 for a in answers) >= 40  # the limiter kicks in
    # the code alone shows the same form for a real and a made-up number
    assert page_without(portal, real[0]) == page_without(portal, f"{prefix}-9999")
    # the applicant, with the birth date, sees the status; a wrong date reads like an unknown code
    owner = Visitor(portal)
    wrong = owner.post("/status", {"code": real[1], "birth_date": "1990-08-16"})
    assert wrong.status_code == 404 and "tidak ditemukan" in wrong.text and real[1] in wrong.text
    right = owner.post("/status", {"code": real[1], "birth_date": BIRTH})
    assert right.status_code == 200 and "Diterima" in right.text


def test_one_online_skm_answer_per_registration(portal, site, make_counter):
    counter = make_counter(portal, site, "K1")
    counter.sync()
    reg = registration.register(counter.session, registration.RegistrationInput(
        service="DUK-KK", name="Siti Aminah", nik=NIK, sex="P"))["registration_id"]
    counter.sync()
    phone = Visitor(portal)
    stranger = phone.post("/skm", skm_answer(site, code=reg))  # a stranger's number, no birth date
    assert stranger.status_code == 422 and "tanggal lahir" in stranger.text
    first = phone.post("/skm", skm_answer(site, code=reg, birth_date=BIRTH))
    assert first.status_code == 200
    second = Visitor(portal).post("/skm", skm_answer(site, code=reg, birth_date=BIRTH))
    assert second.status_code == 422 and "sudah punya jawaban SKM daring" in second.text


def test_cross_origin_post_and_post_without_the_form_token_are_refused(portal, site):
    phone = Visitor(portal)
    token = phone.token(f"/daftar?site={site}")
    booking = {"site": site, "service": "DUK-KK", "date": "2026-03-17", "name": "Budi", "nik": "3273011508900001",
               "sex": "L"}
    foreign = phone.post("/daftar", booking, token, Origin="http://situs-lain.example")
    assert foreign.status_code == 403 and "situs lain" in foreign.text
    referred = phone.post("/daftar", booking, token, Referer="http://situs-lain.example/form")
    assert referred.status_code == 403
    forged = phone.post("/daftar", booking, "token-palsu-yang-cukup-panjang-ya")
    assert forged.status_code == 403 and "CSRF" in forged.text
    with portal.db.read() as tx:
        assert tx.scalar("SELECT count(*) AS n FROM bookings WHERE site_code = ?", (site,)) == 0
    same = phone.post("/daftar", booking, token, Origin=portal.url)
    assert same.status_code == 200 and 'id="booking-code"' in same.text
