"""The SKM respondent's education has the questionnaire's levels of Permenpan RB 14/2017,
D1–D3 and D4/S1 among them, everywhere the profile is asked (core, paper form; the portal's page in tests/portal); an
answer recorded under the old list (``S1``) stays valid and counts under its level now."""

from __future__ import annotations

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import skm
from counter_app.errors import ValidationError
from counter_app.events import uuid7
from printing import pdf_forms, skm_questions

LEVELS = ["SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3"]
OLD_NAMES = {"S1": "D4/S1", "D1": "D1-D3", "D2": "D1-D3", "D3": "D1-D3", "D4": "D4/S1"}


def education_of(session, response_id: str) -> str | None:
    return session.store.scalar("SELECT education FROM skm_responses WHERE id = ?", (response_id,))


def test_the_questionnaire_lists_every_level_in_order():
    assert skm.questionnaire()["profile"]["education"]["options"] == LEVELS
    assert skm_questions.FALLBACK_PROFILE["education"]["options"] == LEVELS  # the form without data


def case_variants(text: str):
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda upper: "".join(c.upper() if u else c.lower() for c, u in zip(text, upper, strict=True)))


any_name = st.sampled_from(LEVELS + list(OLD_NAMES)).flatmap(
    lambda name: st.tuples(st.just(name), case_variants(name)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_name)
def test_a_level_or_an_old_name_in_any_case_is_stored_as_its_level(session, name_and_typed):
    name, typed = name_and_typed
    r = skm.record_response(session, [4] * 9, profile={"education": f"  {typed} "})
    assert education_of(session, r["response_id"]) == OLD_NAMES.get(name, name)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=8).filter(
    lambda t: t.strip() and t.strip().lower() not in {n.lower() for n in LEVELS + list(OLD_NAMES) + ["D4-S1", "D1–D3"]}))
def test_anything_else_is_no_level(text):
    assert skm.profile_option("education", text) is None


def test_an_unknown_level_is_refused_naming_the_levels(session):
    with pytest.raises(ValidationError) as err:
        skm.record_response(session, [4] * 9, profile={"education": "SMK"})
    [(field, message)] = err.value.errors
    assert field == "education" and "D1-D3" in message and "D4/S1" in message


def test_an_answer_recorded_before_the_new_levels_still_counts(session):
    """An ``S1`` answer stored by an older version (or an older portal page) is neither refused
    on replay nor counted apart from D4/S1."""
    with session.transaction():
        session.append("skm_recorded", uuid7(), {
            "questionnaire_version": 1, "scores": dict.fromkeys(skm.UNSUR, 3), "service": None,
            "registration_id": None, "profile": {"age": 40, "sex": "L", "education": "S1", "occupation": None},
            "suggestion": None, "entry_mode": "kiosk", "paper_form_no": None,
            "at": session.now().isoformat(timespec="seconds")})
    skm.record_response(session, [4] * 9, profile={"education": "D4/S1"})
    skm.record_response(session, [4] * 9, profile={"education": "D3"})
    index = skm.ikm_index(session)
    assert index["respondents"] == 3
    assert index["profile"]["education"] == {"D1-D3": 1, "D4/S1": 2}
    assert index["nik"] == round((3 + 4 + 4) / 3 * 25, 2)


def test_the_paper_questionnaire_offers_every_level(session, tmp_path):
    out = tmp_path / "skm.pdf"
    pdf_forms.write_forms(session, "skm", out)
    words = pypdf.PdfReader(out).pages[0].extract_text().split()
    start = words.index("Pendidikan") + 1
    assert words[start:words.index("Pekerjaan")] == LEVELS
