"""The SKM figures of a report are summed by SQLite per day, service and entry mode; they
must equal the index computed answer by answer (``skm.compute_ikm``), whatever the mix of
unanswered unsur, services, entry modes and days."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import catalog, skm
from counter_app.actors import Actor
from counter_app.reports import accountability
from counter_app.session import Session
from counter_app.site import init_site

UNSUR = [f"U{i}" for i in range(1, 10)]
SERVICES = ["DUK-KTP", "DUK-KK", None]
DAYS = ["2026-03-16", "2026-03-17"]

answers = st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9).filter(
    lambda scores: any(v is not None for v in scores))  # a questionnaire needs one answer
questionnaire = st.tuples(answers, st.sampled_from(SERVICES), st.sampled_from(["kiosk", "paper"]),
                          st.sampled_from(DAYS), st.integers(8, 15))


@settings(max_examples=12, deadline=None)
@given(st.lists(questionnaire, min_size=1, max_size=25))
def test_report_figures_equal_the_index_computed_answer_by_answer(rows):
    old_now = os.environ.get("LOKET_NOW")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LOKET_NOW"] = "2026-03-16T08:00:00+07:00"
        session = Session.open(Path(tmp) / "loket.sqlite3")
        try:
            init_site(session, site_code="MPP-TEST", site_name="MPP Uji", device_code="K1")
            catalog.import_services(session, catalog.demo_catalog_rows())
            officer = session.as_actor(Actor("ani", "frontliner"))
            for i, (scores, service, mode, day, hour) in enumerate(rows):
                os.environ["LOKET_NOW"] = f"{day}T{hour:02d}:{i % 60:02d}:00+07:00"
                skm.record_response(officer, scores, service=service, entry_mode=mode,
                                    paper_form_no=f"SKM-{i}" if mode == "paper" else None)
            first, last = date.fromisoformat(DAYS[0]), date.fromisoformat(DAYS[-1])
            section = accountability.skm_section(session, first, last)
            daily = accountability.skm_daily(session, first, last)
            totals = accountability.skm_totals(session, first, last)
        finally:
            session.close()
            if old_now is None:
                os.environ.pop("LOKET_NOW", None)
            else:
                os.environ["LOKET_NOW"] = old_now

    def by_hand(subset):
        return skm.compute_ikm([dict(zip(UNSUR, r[0], strict=True)) for r in subset])

    whole = by_hand(rows)
    assert section["respondents"] == totals["respondents"] == len(rows)
    assert section["ikm"] == whole["ikm"] and section["ikm_converted"] == totals["ikm_converted"] == whole["nik"]
    assert section["grade"] == whole["mutu"]
    assert [n["nrr"] for n in section["nrr"]] == [whole["nrr"][u] for u in UNSUR]
    assert [n["answered"] for n in section["nrr"]] == [whole["answers"][u] for u in UNSUR]
    assert section["by_entry_mode"]["kiosk"] == sum(r[2] == "kiosk" for r in rows)
    assert section["by_entry_mode"]["paper"] == sum(r[2] == "paper" for r in rows)

    per_service, per_day = defaultdict(list), defaultdict(list)
    for r in rows:
        per_service[r[1] or "-"].append(r)
        per_day[r[3]].append(r)
    assert [(s["service"], s["respondents"], s["ikm_converted"], s["grade"]) for s in section["by_service"]] == [
        (code, len(subset), by_hand(subset)["nik"], by_hand(subset)["mutu"])
        for code, subset in sorted(per_service.items())]
    assert daily == {day: {"respondents": len(subset), "ikm_converted": by_hand(subset)["nik"]}
                     for day, subset in per_day.items()}
