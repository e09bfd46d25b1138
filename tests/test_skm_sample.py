"""SKM sample adequacy: the Krejcie & Morgan sample table of Permenpan RB 14/2017, the service
users the app counts as the population, and ``loket skm index [--population N]``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app import catalog, queue, registration
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import ValidationError
from counter_app.registration import RegistrationInput
from counter_app.skm_sample import LARGEST_SAMPLE, adequacy, required_sample, service_users

MAN, WOMAN = "3273011503850003", "3273015503850003"

# The table as Krejcie and Morgan (1970) print it and the regulation's appendix copies it:
# population N -> least sample s. Every row, so a change of rounding shows at once.
TABLE = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48, 60: 52, 65: 56,
    70: 59, 75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80, 110: 86, 120: 92, 130: 97, 140: 103,
    150: 108, 160: 113, 170: 118, 180: 123, 190: 127, 200: 132, 210: 136, 220: 140, 230: 144,
    240: 148, 250: 152, 260: 155, 270: 159, 280: 162, 290: 165, 300: 169, 320: 175, 340: 181,
    360: 186, 380: 191, 400: 196, 420: 201, 440: 205, 460: 210, 480: 214, 500: 217, 550: 226,
    600: 234, 650: 242, 700: 248, 750: 254, 800: 260, 850: 265, 900: 269, 950: 274, 1000: 278,
    1100: 285, 1200: 291, 1300: 297, 1400: 302, 1500: 306, 1600: 310, 1700: 313, 1800: 317,
    1900: 320, 2000: 322, 2200: 327, 2400: 331, 2600: 335, 2800: 338, 3000: 341, 3500: 346,
    4000: 351, 4500: 354, 5000: 357, 6000: 361, 7000: 364, 8000: 367, 9000: 368, 10000: 370,
    15000: 375, 20000: 377, 30000: 379, 40000: 380, 50000: 381, 75000: 382, 1000000: 384,
}


@pytest.mark.parametrize(("population", "sample"), sorted(TABLE.items()))
def test_the_formula_gives_every_row_of_the_table(population, sample):
    assert required_sample(population) == sample


def test_an_unbounded_population_needs_384_and_none_needs_none():
    assert LARGEST_SAMPLE == 384
    assert required_sample(10**12) == 384
    assert (required_sample(0), required_sample(1), required_sample(2)) == (0, 1, 2)


@given(st.integers(min_value=0, max_value=5_000_000))
def test_the_sample_grows_with_the_population_never_past_it_nor_past_384(n):
    s = required_sample(n)
    assert s <= required_sample(n + 1)
    assert 0 <= s <= min(n, LARGEST_SAMPLE)


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=1000))
def test_enough_means_no_one_missing(population, respondents):
    a = adequacy(population, respondents)
    assert a["enough"] == (respondents >= a["required"])
    assert a["missing"] == (0 if a["enough"] else a["required"] - respondents)


@pytest.mark.parametrize("bad", ["-1", "seratus", "1,5", "", True, -3])
def test_a_population_that_is_not_a_whole_number_is_refused_naming_the_field(bad):
    with pytest.raises(ValidationError) as caught:
        required_sample(bad)
    assert caught.value.errors[0][0] == "population"


def _served(session, service: str) -> str:
    """Take a ticket for ``service``, call it at counter 1 and finish it; its number."""
    ticket = queue.issue_ticket(session, service)
    queue.call_next(session, "1", [service])
    queue.finish(session, ticket["id"])
    return ticket["ticket"]


def test_service_users_are_tickets_served_plus_registrations_without_a_served_ticket(session):
    ktp, other = "DUK-KTP", "DUK-AKL"
    first = _served(session, ktp)
    _served(session, ktp)
    queue.issue_ticket(session, ktp)
    queue.issue_ticket(session, ktp)                  # still waiting: nobody served yet
    queue.noshow(session, queue.call_next(session, "2", [ktp])["id"])   # called, never came
    assert service_users(session, "2026-03-16", "2026-03-16") == 2
    # a registration made from a served ticket is that same person
    registration.register(session, RegistrationInput(service=ktp, name="Siti Aminah", nik=WOMAN,
                                                     sex="P", ticket=first))
    assert service_users(session, "2026-03-16", "2026-03-16") == 2
    # one without a ticket (typed in from paper, online, satellite) is someone else
    registration.register(session, RegistrationInput(service=other, name="Budi", nik=MAN, sex="L",
                                                     channel="satellite"))
    assert service_users(session, "2026-03-16", "2026-03-16") == 3
    assert service_users(session, "2026-03-17", "2026-03-17") == 0
    assert (service_users(session, service=ktp), service_users(session, service=other)) == (2, 1)
    agency = catalog.get_service(session, ktp).agency
    assert catalog.get_service(session, other).agency == agency   # both Dukcapil
    assert service_users(session, agency=agency) == 3
    elsewhere = next(s.agency for s in catalog.list_services(session) if s.agency != agency)
    assert service_users(session, agency=elsewhere) == 0


# ------------------------------------------------------------------ the command
@pytest.fixture
def loket(db_path, fixed_now, capsys, monkeypatch):
    monkeypatch.delenv("LOKET_USER", raising=False)

    def call(*args: str, code: int = 0) -> str:
        capsys.readouterr()
        got = run(cli, ["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        assert got == code, err
        return out if code == 0 else err

    call("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung", "--demo")
    for scores in ("4,4,4,4,4,4,4,4,4", "3,3,4,4,3,4,3,3,4", "4,4,,4,3,4,4,4,3"):
        call("skm", "record", "--scores", scores, "--service", "DUK-KTP")
    return call


def test_skm_index_json_gains_the_sample_and_keeps_its_keys(loket):
    data = json.loads(loket("skm", "index", "--date", "2026-03-16", "--population", "100", "--json"))
    assert {"respondents", "answers", "nrr", "ikm", "nik", "mutu", "kinerja", "weights",
            "legacy_weights", "unanswered_unsur", "filters", "days", "profile"} <= set(data)
    assert data["sample"] == {"population": 100, "required": 80, "respondents": 3, "enough": False,
                              "missing": 77, "population_source": "given"}
    assert isinstance(data["ikm"], float) and data["respondents"] == 3

    text = loket("skm", "index", "--date", "2026-03-16", "--population", "1000")
    assert "Jumlah responden kurang: perlu 275 lagi; sampel minimal 278 untuk 1.000 pengguna layanan" in text
    assert "Responden: 3" in text and "IKM 3," in text                  # what it printed before stays
    small = loket("skm", "index", "--date", "2026-03-16", "--population", "3")
    assert "Jumlah responden cukup; sampel minimal 3 untuk 3 pengguna layanan" in small


def test_without_population_the_recorded_service_users_are_the_population(loket):
    for _ in range(4):
        loket("ticket", "issue", "--service", "DUK-KTP")
    for _ in range(3):
        number = json.loads(loket("queue", "call", "--counter", "1", "--json"))["ticket"]
        loket("queue", "finish", number)
    data = json.loads(loket("skm", "index", "--date", "2026-03-16", "--json"))
    assert data["sample"] == {"population": 3, "required": 3, "respondents": 3, "enough": True,
                              "missing": 0, "population_source": "recorded"}
    other_day = json.loads(loket("skm", "index", "--date", "2026-03-17", "--json"))
    assert other_day["sample"]["population"] == 0 and other_day["sample"]["respondents"] == 0


def test_a_bad_population_is_refused_in_indonesian(loket):
    err = loket("skm", "index", "--population", "banyak", code=2)
    assert "population" in err and "bilangan bulat" in err


def test_a_day_with_nobody_served_and_nobody_answering_says_so(loket):
    text = loket("skm", "index", "--date", "2026-03-17")
    assert text.rstrip().endswith("Belum ada pengguna layanan")
