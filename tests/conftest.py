"""Shared fixtures: a real SQLite file in a temp dir, a fixed clock, an initialised site."""

from __future__ import annotations

import os

import pytest
from demo_rows import demo_rows_without_hours

from counter_app import catalog
from counter_app.session import Session
from counter_app.site import init_site

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MONDAY = "2026-03-16T08:00:00+07:00"  # a working Monday before Nyepi and Lebaran 2026


@pytest.fixture
def fixed_now(monkeypatch):
    """Set the core clock; call again inside a test to move it."""

    def set_now(value: str = MONDAY) -> str:
        monkeypatch.setenv("LOKET_NOW", value)
        return value

    set_now()
    return set_now


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "loket.sqlite3"


@pytest.fixture
def session(db_path, fixed_now):
    """An initialised site with the demo catalogue, on a real file."""
    s = Session.open(db_path)
    init_site(s, site_code="MPP-TEST", site_name="MPP Uji Coba", device_code="K1")
    catalog.import_services(s, demo_rows_without_hours())
    yield s
    s.close()
