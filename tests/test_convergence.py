"""Last-writer-wins projections converge whatever order the same events arrive in."""

from __future__ import annotations

import itertools

from counter_app import registration as reg
from counter_app.events import Event
from counter_app.session import Session
from counter_app.site import get_setting, init_site, set_setting

NIK = "3273015505900003"


def _events(session: Session, after: int = 0) -> list[Event]:
    rows = session.store.query("SELECT * FROM events WHERE seq > ? ORDER BY seq", (after,))
    return [Event.from_row(r) for r in rows]


def _fresh(path, code: str) -> Session:
    s = Session.open(path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code=code, series=5)
    return s


def test_settings_site_and_status_converge_in_any_arrival_order(session, tmp_path, fixed_now):
    mark = session.store.scalar("SELECT max(seq) FROM events")
    set_setting(session, "priority_ratio", 2)
    set_setting(session, "priority_ratio", 4)
    init_site(session, site_code="MPP-TEST", site_name="MPP Uji Coba (gedung baru)")
    made = reg.register(session, reg.RegistrationInput(
        service="DUK-KK", name="Siti Aminah", nik=NIK, sex="P", requirements_complete=True))
    reg.change_status(session, made["registration_id"], "diverifikasi")
    reg.change_status(session, made["registration_id"], "diproses")
    base = _events(session)[:mark]
    late = _events(session, mark)
    tables = ("settings", "site", "registrations")

    def state(s: Session) -> dict:
        return {t: [tuple(r) for r in s.store.query(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}

    expected = None
    for n, order in enumerate(itertools.islice(itertools.permutations(late), 0, None, 97)):
        other = _fresh(tmp_path / f"c{n}.sqlite3", f"X{n}")
        with other.transaction():
            for e in base:
                other.log.apply_remote(e)
            # status changes only make sense after their registration exists; keep that one first
            for e in sorted(order, key=lambda e: e.type != "registration_created"):
                other.log.apply_remote(e)
        got = state(other)
        assert get_setting(other, "priority_ratio") == 4
        assert other.store.scalar("SELECT name FROM site") == "MPP Uji Coba (gedung baru)"
        assert other.store.scalar("SELECT status FROM registrations") == "diproses"
        if expected is None:
            expected = got
        assert got == expected
        other.close()
    assert expected is not None
