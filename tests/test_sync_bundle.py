"""The bundle file (sync/bundle.py): encrypted for its recipients and signed. Any edited byte,
a truncation, a swapped part or a foreign key is refused before anything is applied; only a
recipient opens it; the older signed-only files are still read and checked as before."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import bundle

KEY = bundle.bundle_key("token-satu")
SECOND = bundle.bundle_key("token-tiga")
OTHER = bundle.bundle_key("token-dua")
SECRET = "3273015508900002"
BODY = {"kind": bundle.KIND_EVENTS, "site": "MPP-X",
        "events": [{"id": f"event-nomor-{i}", "n": i, "keys": {f"k{i}": base64.b64encode(bytes([i]) * 32).decode()},
                    "note": SECRET} for i in range(5)]}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("b") / "out.loket"
    bundle.write_bundle(path, BODY, [KEY, SECOND])
    return path.read_bytes()


def _write(tmp_path_factory, doc: dict, name: str = "x.loket"):
    path = tmp_path_factory.mktemp("d") / name
    path.write_text(json.dumps(doc))
    return path


def test_only_a_recipient_opens_it_and_the_file_shows_nothing_of_the_body(tmp_path, written):
    path = tmp_path / "b.loket"
    path.write_bytes(written)
    doc = bundle.read_bundle(path)
    assert bundle.verify(doc, KEY)["events"] == BODY["events"] == bundle.verify(doc, SECOND)["events"]
    with pytest.raises(bundle.BundleError, match="tidak ditandatangani"):
        bundle.verify(doc, OTHER)
    for text in (SECRET, "MPP-X", "event-nomor-1", BODY["events"][1]["keys"]["k1"]):
        assert text.encode() not in written
    assert set(doc["recipients"]) == set(doc["signatures"]) == {bundle.key_id(KEY), bundle.key_id(SECOND)}
    again = tmp_path / "again.loket"
    bundle.write_bundle(again, BODY, [KEY, SECOND])
    assert json.loads(again.read_text())["box"] != doc["box"]  # a fresh content key and nonce each time


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_truncated_files_are_refused(tmp_path_factory, written, data):
    cut = data.draw(st.integers(0, len(written) - 1))
    path = tmp_path_factory.mktemp("t") / "cut.loket"
    path.write_bytes(written[:cut])
    with pytest.raises(bundle.BundleError):
        bundle.verify(bundle.read_bundle(path), KEY)


@settings(max_examples=60, deadline=None)
@given(part=st.sampled_from(["box", "recipients"]), at=st.integers(0, 10**6), flip=st.integers(1, 63))
def test_any_edited_byte_is_refused_before_it_is_decrypted(tmp_path_factory, written, part, at, flip):
    doc = json.loads(written)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    if part == "box":
        text = doc["box"].rstrip("=")
        i = at % len(text)
        doc["box"] = text[:i] + alphabet[(alphabet.index(text[i]) + flip) % 64] + doc["box"][i + 1:]
    else:
        kid = sorted(doc["recipients"])[at % 2]
        doc["recipients"][kid] = doc["recipients"][kid][::-1]
    with pytest.raises(bundle.BundleError, match="diubah"):
        bundle.verify(bundle.read_bundle(_write(tmp_path_factory, doc)), KEY)


def test_a_signed_box_that_was_not_encrypted_for_the_key_does_not_open(tmp_path_factory):
    path = tmp_path_factory.mktemp("w") / "w.loket"
    bundle.write_bundle(path, BODY, [KEY])
    doc = json.loads(path.read_text())
    other = tmp_path_factory.mktemp("o") / "o.loket"
    bundle.write_bundle(other, BODY, [KEY])
    doc["recipients"] = json.loads(other.read_text())["recipients"]  # another file's content key
    doc["signatures"] = {bundle.key_id(KEY): bundle._mac(KEY, {k: v for k, v in doc.items() if k != "signatures"})}
    with pytest.raises(bundle.BundleError, match="tidak bisa dibuka"):
        bundle.verify(bundle.read_bundle(_write(tmp_path_factory, doc)), KEY)


def test_an_unknown_version_or_cipher_is_refused_by_name(tmp_path_factory, written):
    doc = json.loads(written)
    with pytest.raises(bundle.BundleError, match="versi bundel 3"):
        bundle.read_bundle(_write(tmp_path_factory, {**doc, "version": 3}))
    with pytest.raises(bundle.BundleError, match="sandi bundel"):
        bundle.read_bundle(_write(tmp_path_factory, {**doc, "cipher": "rot13"}))


def _signed_only(body: dict) -> dict:
    body = {**body, "count": len(body["events"])}
    return {"format": bundle.FORMAT, "version": 1, "body": body,
            "signatures": {bundle.key_id(KEY): bundle._mac(KEY, body)}}


@settings(max_examples=20, deadline=None)
@given(index=st.integers(0, 4), value=st.integers(5, 10**6))
def test_a_signed_only_file_is_read_and_any_edited_event_is_refused(tmp_path_factory, index, value):
    doc = _signed_only(BODY)
    assert bundle.verify(bundle.read_bundle(_write(tmp_path_factory, doc)), KEY)["events"] == BODY["events"]
    doc["body"]["events"][index]["n"] = value
    with pytest.raises(bundle.BundleError, match="diubah"):
        bundle.verify(bundle.read_bundle(_write(tmp_path_factory, doc)), KEY)


def test_a_dropped_event_of_a_signed_only_file_is_refused_before_the_signature(tmp_path_factory):
    doc = _signed_only(BODY)
    doc["body"]["events"].pop()
    with pytest.raises(bundle.BundleError, match="terpotong"):
        bundle.read_bundle(_write(tmp_path_factory, doc))
