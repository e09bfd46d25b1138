"""Signed bundles: any edit or truncation is refused; only the holder of the key verifies."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import bundle

KEY = bundle.bundle_key("token-satu")
OTHER = bundle.bundle_key("token-dua")
BODY = {"kind": bundle.KIND_EVENTS, "site": "MPP-X", "events": [{"id": f"e{i}", "n": i} for i in range(5)]}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("b") / "out.loket"
    bundle.write_bundle(path, BODY, [KEY])
    return path.read_bytes()


def test_round_trip_and_wrong_key(tmp_path, written):
    path = tmp_path / "b.loket"
    path.write_bytes(written)
    doc = bundle.read_bundle(path)
    assert bundle.verify(doc, KEY)["events"] == BODY["events"]
    with pytest.raises(bundle.BundleError, match="tidak ditandatangani"):
        bundle.verify(doc, OTHER)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_truncated_files_are_refused(tmp_path_factory, written, data):
    cut = data.draw(st.integers(0, len(written) - 1))
    path = tmp_path_factory.mktemp("t") / "cut.loket"
    path.write_bytes(written[:cut])
    with pytest.raises(bundle.BundleError):
        bundle.verify(bundle.read_bundle(path), KEY)


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, 4), value=st.integers(5, 10**6))
def test_any_edited_event_is_refused(tmp_path_factory, written, index, value):
    doc = json.loads(written)
    doc["body"]["events"][index]["n"] = value
    path = tmp_path_factory.mktemp("e") / "edited.loket"
    path.write_text(json.dumps(doc))
    with pytest.raises(bundle.BundleError, match="diubah"):
        bundle.verify(bundle.read_bundle(path), KEY)


def test_dropped_event_is_refused_before_the_signature(tmp_path, written):
    doc = json.loads(written)
    doc["body"]["events"].pop()
    path = tmp_path / "short.loket"
    path.write_text(json.dumps(doc))
    with pytest.raises(bundle.BundleError, match="terpotong"):
        bundle.read_bundle(path)
