"""SKM: the questionnaire data, the IKM on hand-computed datasets and grade boundaries, recording."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import catalog, skm
from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.errors import ValidationError
from counter_app.events import Event, event_hash
from counter_app.registration import RegistrationInput, register

UNSUR = [f"U{i}" for i in range(1, 10)]


def response(*scores):
    return dict(zip(UNSUR, scores, strict=True))


def uniform_dataset(n: int, total: int) -> list[dict]:
    """n respondents answering all nine unsur, scores adding up to ``total``.

    Every unsur is answered by all n, so Σ NRR = total / n, IKM = total / (9 n) and
    NIK = 25 total / (9 n): the figures below are computed by hand from that.
    """
    assert 9 * n <= total <= 36 * n
    cells = [1] * (9 * n)
    extra = total - 9 * n
    for i in range(len(cells)):
        step = min(3, extra)
        cells[i] += step
        extra -= step
    return [response(*cells[r * 9:(r + 1) * 9]) for r in range(n)]


def loket(capsys, *argv) -> tuple[int, str, str]:
    code = run(cli, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ questionnaire
def test_questionnaire_has_the_nine_unsur_with_four_answers_each():
    q = skm.questionnaire()
    assert q["version"] == 1
    assert [u["code"] for u in q["unsur"]] == UNSUR
    assert all(len(u["answers"]) == 4 and u["question"].endswith("?") for u in q["unsur"])
    biaya = q["unsur"][3]
    assert biaya["name"] == "Biaya/tarif"
    assert biaya["answers"] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert q["profile"]["education"]["options"] == ["SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3"]
    assert "Wirausaha" in q["profile"]["occupation"]["options"]
    q["unsur"].clear()  # callers get a copy, never the cached original
    assert len(skm.questionnaire()["unsur"]) == 9


# ------------------------------------------------------------------ the index
def test_small_table_computed_by_hand_with_unanswered_unsur():
    data = [
        response(4, 4, 3, 3, 4, 3, 4, 3, 4),
        response(3, 3, 3, 2, 4, 3, 3, None, 3),
        response(4, 3, 2, 3, 3, 4, 4, 3, None),
        response(3, 4, 3, 4, 4, 3, 3, 2, 3),
    ]
    r = skm.compute_ikm(data)
    # NRR: 14/4, 14/4, 11/4, 12/4, 15/4, 13/4, 14/4, 8/3, 10/3; sum 29.25; IKM 29.25/9 = 3.25
    assert r["respondents"] == 4
    assert r["answers"]["U8"] == 3 and r["answers"]["U9"] == 3
    assert r["nrr"] == {"U1": 3.5, "U2": 3.5, "U3": 2.75, "U4": 3.0, "U5": 3.75, "U6": 3.25,
                        "U7": 3.5, "U8": 2.6667, "U9": 3.3333}
    assert (r["ikm"], r["nik"], r["mutu"], r["kinerja"]) == (3.25, 81.25, "B", "Baik")
    # legacy: 29.25 × 0.11 = 3.2175, × 25 = 80.4375 -> 80.44
    legacy = skm.compute_ikm(data, legacy=True)
    assert (legacy["ikm"], legacy["nik"], legacy["mutu"]) == (3.2175, 80.44, "B")
    assert legacy["legacy_weights"] is True


@pytest.mark.parametrize(("n", "total", "nik", "mutu", "kinerja"), [
    (38, 889, 64.99, "D", "Tidak baik"),   # 25·889/342 = 64.9853…
    (5, 117, 65.00, "C", "Kurang baik"),   # 25·117/45 = 65 exactly
    (26, 717, 76.60, "C", "Kurang baik"),  # 25·717/234 = 76.6025…
    (19, 524, 76.61, "B", "Baik"),         # 25·524/171 = 76.6081…
    (19, 604, 88.30, "B", "Baik"),         # 25·604/171 = 88.3040…
    (24, 763, 88.31, "A", "Sangat baik"),  # 25·763/216 = 88.3101…
])
def test_every_grade_boundary(n, total, nik, mutu, kinerja):
    r = skm.compute_ikm(uniform_dataset(n, total))
    assert r["respondents"] == n
    assert (r["nik"], r["mutu"], r["kinerja"]) == (nik, mutu, kinerja)


def test_grade_bands_are_half_open_and_cover_every_value():
    previous = "D"
    order = "DCBA"
    for hundredths in range(2500, 10001):
        mutu, kinerja = skm.grade(hundredths / 100)
        assert mutu in order and kinerja
        assert order.index(mutu) >= order.index(previous)
        previous = mutu
    assert skm.grade(64.99)[0] == "D" and skm.grade(65.00)[0] == "C"
    assert skm.grade(76.60)[0] == "C" and skm.grade(76.61)[0] == "B"
    assert skm.grade(88.30)[0] == "B" and skm.grade(88.31)[0] == "A"
    assert skm.grade(88.305)[0] == "A"  # rounded half-up to 88.31 first


def test_exact_weights_versus_the_printed_0_11():
    best = [response(*[4] * 9)] * 3
    assert skm.compute_ikm(best)["nik"] == 100.00
    assert skm.compute_ikm(best, legacy=True)["nik"] == 99.00  # 0.11 × 9 caps the index at 99
    # a unit exactly at the A threshold is misgraded B by 0.11 (763/24 × 0.11 × 25 = 87.43)
    border = uniform_dataset(24, 763)
    assert skm.compute_ikm(border)["mutu"] == "A"
    assert (skm.compute_ikm(border, legacy=True)["nik"], skm.compute_ikm(border, legacy=True)["mutu"]) == (87.43, "B")
    # and one at 65.00 (C) drops to 64.35 (D)
    assert skm.compute_ikm(uniform_dataset(5, 117), legacy=True)["nik"] == 64.35


def test_configured_weights_must_sum_to_one(session):
    weights = {u: "0.1" for u in UNSUR} | {"U1": "0.2"}
    r = skm.compute_ikm([response(4, 1, 1, 1, 1, 1, 1, 1, 1)], weights)
    assert r["ikm"] == 1.6  # 4·0.2 + 8·1·0.1
    with pytest.raises(ValidationError) as err:
        skm.compute_ikm([response(*[4] * 9)], {u: 0.11 for u in UNSUR})
    assert err.value.field == "weights"
    assert skm.set_weights(session, weights)["U1"] == 0.2
    skm.record_response(session, [4, 1, 1, 1, 1, 1, 1, 1, 1])
    assert skm.ikm_index(session)["ikm"] == 1.6
    skm.set_weights(session, None)
    assert skm.ikm_index(session)["ikm"] == 1.3333  # (4 + 8) / 9


def test_nobody_answered_anything_gives_no_grade():
    r = skm.compute_ikm([])
    assert (r["respondents"], r["ikm"], r["nik"], r["mutu"]) == (0, None, None, None)


answers = st.one_of(st.none(), st.integers(1, 4))
respondent = st.lists(answers, min_size=9, max_size=9).filter(lambda s: any(v is not None for v in s))


@settings(max_examples=60, deadline=None)
@given(st.lists(respondent, min_size=1, max_size=8), st.data(), st.booleans())
def test_grade_is_monotone_in_the_scores_and_never_undefined(rows, data, legacy):
    before = skm.compute_ikm([response(*r) for r in rows], legacy=legacy)
    assert before["mutu"] in "ABCD" and before["kinerja"]
    assert before["nik"] <= (99 if legacy else 100)
    if not legacy or not before["unanswered_unsur"]:  # legacy counts an unsur nobody answered as 0
        assert before["nik"] >= (24.75 if legacy else 25)
    cells = [(i, j) for i, r in enumerate(rows) for j, v in enumerate(r) if v is not None and v < 4]
    if not cells:
        return
    i, j = data.draw(st.sampled_from(cells))
    better = [list(r) for r in rows]
    better[i][j] += 1
    after = skm.compute_ikm([response(*r) for r in better], legacy=legacy)
    assert after["nik"] >= before["nik"]
    assert "DCBA".index(after["mutu"]) >= "DCBA".index(before["mutu"])


# ------------------------------------------------------------------ recording and the index by slice
def test_record_and_index_per_service_agency_and_period(session, fixed_now):
    services = catalog.list_services(session)
    first, other = services[0], next(s for s in services if s.agency != services[0].agency)
    skm.record_response(session, [4] * 9, service=first.code, profile={"age": 30, "sex": "P",
                        "education": "s1", "occupation": "swasta"})
    skm.record_response(session, [2] * 9, service=other.code, entry_mode="paper", paper_form_no="SKM-0007")
    fixed_now("2026-03-17T09:00:00+07:00")
    skm.record_response(session, [3] * 9, service=first.code)
    assert skm.ikm_index(session)["respondents"] == 3
    assert skm.ikm_index(session, service=first.code)["nik"] == 87.5   # (4 + 3) / 2 × 25
    assert skm.ikm_index(session, agency=other.agency)["nik"] == 50.0
    day1 = skm.ikm_index(session, date_from="2026-03-16", date_to="2026-03-16")
    assert (day1["respondents"], day1["nik"]) == (2, 75.0)
    assert day1["profile"]["education"] == {"D4/S1": 1, "tidak diisi": 1}  # "s1" is D4/S1
    assert day1["profile"]["entry_mode"] == {"kiosk": 1, "paper": 1}
    by_service = {r["service"]: r["respondents"] for r in skm.ikm_breakdown(session, "service")}
    assert by_service == {first.code: 2, other.code: 1}
    assert [r["month"] for r in skm.ikm_breakdown(session, "month")] == ["2026-03"]


def test_bad_input_writes_nothing_and_names_each_field(session):
    before = session.store.scalar("SELECT count(*) FROM events")
    with pytest.raises(ValidationError) as err:
        skm.record_response(session, [5, 4, 4, 4, 4, 4, 4, 4, "x"], service="NOPE",
                            profile={"age": 7, "sex": "X", "education": "SMK"}, entry_mode="paper")
    fields = {f for f, _ in err.value.errors}
    assert fields == {"U1", "U9", "service", "age", "sex", "education", "paper_form_no"}
    with pytest.raises(ValidationError, match="9 nilai"):
        skm.record_response(session, [4, 4])
    with pytest.raises(ValidationError, match="minimal satu"):
        skm.record_response(session, [None] * 9)
    assert session.store.scalar("SELECT count(*) FROM events") == before
    with pytest.raises(ValidationError) as err:
        skm.ikm_index(session, date_from="16-03-2026")
    assert err.value.field == "from"


def test_response_links_to_a_registration_and_stays_anonymous(session):
    service = catalog.list_services(session)[0]
    reg = register(session, RegistrationInput(service=service.code, name="Siti Aminah",
                                              nik="3273014507900003", requirements_complete=True))
    r = skm.record_response(session, "4,4,4,4,4,4,4,4,", registration_id=reg["registration_id"],
                            service=service.code, suggestion="  ruang tunggu   panas ")
    assert r["scores"]["U9"] is None and r["suggestion"] == "ruang tunggu panas"
    row = session.store.one("SELECT * FROM skm_responses WHERE id = ?", (r["response_id"],))
    assert row["registration_id"] == reg["registration_id"]
    index = json.dumps(skm.ikm_index(session))
    assert "Siti" not in index and "3273014507900003" not in index and reg["registration_id"] not in index


def test_online_response_from_the_portal_is_projected(session):
    fields = dict(
        id="01900000-0000-7000-8000-000000000001", device_id="portal-mpp-test", device_seq=1,
        hlc="001773622800000-00000", recorded_at="2026-03-16T01:00:00+00:00", type="skm_recorded",
        entity_id="01900000-0000-7000-8000-0000000000aa", actor="portal", prev_hash="0" * 64,
        payload={"questionnaire_version": 1, "scores": {u: 3 for u in UNSUR} | {"U4": None},
                 "service": None, "registration_id": None,
                 "profile": {"age": None, "sex": None, "education": None, "occupation": None},
                 "suggestion": None, "entry_mode": "online", "paper_form_no": None,
                 "at": "2026-03-15T23:30:00+00:00"},
    )
    with session.transaction():
        assert session.log.apply_remote(Event(**fields, hash=event_hash(**fields)))
    row = session.store.one("SELECT * FROM skm_responses")
    assert (row["entry_mode"], row["u4"], row["day"]) == ("online", None, "2026-03-16")  # WIB date
    assert skm.ikm_index(session)["nik"] == 75.0


# ------------------------------------------------------------------ CLI contract
def test_cli_record_and_index(session, db_path, monkeypatch, capsys):
    monkeypatch.setenv("LOKET_DB", str(db_path))
    code, out, _ = loket(capsys, "skm", "record", "--scores", "4,3,,4,4,3,4,4,3", "--age", "41",
                         "--sex", "L", "--education", "SMA", "--occupation", "PNS", "--json")
    assert code == 0 and json.loads(out)["scores"]["U3"] is None
    code, out, err = loket(capsys, "skm", "record", "--scores", "4,3,5,4,4,3,4,4,3", "--json")
    assert code == 2 and "U3" in err and out == ""
    code, out, err = loket(capsys, "skm", "record", "--scores", "4,3,4", "--json")
    assert code == 2 and "9 nilai" in err
    code, out, _ = loket(capsys, "skm", "record", "--scores", "2,2,2,2,2,2,2,2,2", "--paper-form", "K-12", "--json")
    assert code == 0 and json.loads(out)["entry_mode"] == "paper"
    code, out, _ = loket(capsys, "skm", "index", "--json")
    r = json.loads(out)
    assert code == 0 and r["respondents"] == 2
    assert set(r) >= {"respondents", "nrr", "ikm", "nik", "mutu", "kinerja"}
    assert r["nrr"]["U3"] == 2.0 and r["nrr"]["U1"] == 3.0
    code, out, _ = loket(capsys, "skm", "index", "--legacy-weights", "--json")
    assert json.loads(out)["legacy_weights"] is True and json.loads(out)["nik"] < r["nik"]
    code, out, _ = loket(capsys, "skm", "index", "--from", "2026-03-17", "--json")
    assert json.loads(out)["respondents"] == 0


def test_a_mistranscribed_paper_form_is_voided_and_re_entered(session):
    from counter_app.actors import Actor
    from counter_app.errors import NotFound, PermissionDenied

    wrong = skm.record_response(session, [1] * 9, entry_mode="paper", paper_form_no="SKM-0117")
    skm.record_response(session, [4] * 9)
    assert skm.ikm_index(session)["nik"] == 62.5
    listed = skm.list_responses(session, entry_mode="paper")
    assert [(r["id"], r["paper_form_no"], r["scores"]["U1"]) for r in listed] == [(wrong["response_id"], "SKM-0117", 1)]
    assert "age" not in listed[0] and "registration_id" not in listed[0]
    with pytest.raises(PermissionDenied):
        skm.void_response(session.as_actor(Actor("budi", "frontliner")), wrong["response_id"], "salah ketik")
    sari = session.as_actor(Actor("sari", "supervisor"))
    with pytest.raises(ValidationError) as twice:  # typing the same paper form again is refused
        skm.record_response(sari, [4] * 9, entry_mode="paper", paper_form_no="SKM-0117")
    assert twice.value.field == "paper_form_no"
    with pytest.raises(ValidationError):
        skm.void_response(sari, wrong["response_id"], "  ")
    skm.void_response(sari, wrong["response_id"], "salah ketik: semua 4 di kertas")
    skm.record_response(sari, [4] * 9, entry_mode="paper", paper_form_no="SKM-0117")
    assert skm.ikm_index(session)["nik"] == 100.0
    with pytest.raises(NotFound):
        skm.void_response(sari, wrong["response_id"], "lagi")
    voided = session.store.one("SELECT actor, payload FROM events WHERE type = 'skm_voided'")
    assert voided["actor"] == "sari" and "salah ketik" in voided["payload"]
    from counter_app.events import rebuild_projections

    rebuild_projections(session.store)
    assert skm.ikm_index(session)["respondents"] == 2
