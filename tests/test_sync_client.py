"""Client transport rules without a server: Retry-After parsing, backoff bounds, and what
counts as a protocol answer (a captive-portal page with 200 does not)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import protocol
from sync.client import NotProtocol, RetryPolicy, _parse, parse_retry_after


def response(status: int, body: bytes, content_type: str) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r._content = body
    r.headers["Content-Type"] = content_type
    return r


def test_retry_after_seconds_date_and_garbage():
    assert parse_retry_after("7") == 7.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    assert 100 < parse_retry_after(later) <= 120
    assert parse_retry_after(format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@settings(max_examples=60)
@given(attempt=st.integers(0, 12), retry_after=st.one_of(st.none(), st.floats(-5, 10_000)))
def test_backoff_is_bounded_jittered_and_honours_retry_after(attempt, retry_after):
    policy = RetryPolicy(base_s=0.5, cap_s=30)
    delay = policy.delay(attempt, retry_after)
    if retry_after is None:
        assert 0 <= delay <= min(30, 0.5 * 2**attempt)
    else:
        assert delay == min(max(retry_after, 0), 300)


def test_a_200_html_page_is_not_a_protocol_answer():
    page = response(200, b"<html><form action=login>Wi-Fi gratis</form></html>", "text/html")
    with pytest.raises(NotProtocol, match="captive"):
        _parse(page, protocol.Health)
    wrong_json = response(200, json.dumps({"status": "ok"}).encode(), "application/json")
    with pytest.raises(NotProtocol):
        _parse(wrong_json, protocol.Health)
    good = {"protocol": "loket-sync", "version": 1, "status": "ok", "server_time": "2026-03-16T08:00:00+07:00"}
    assert _parse(response(200, json.dumps(good).encode(), "application/json"), protocol.Health).status == "ok"
