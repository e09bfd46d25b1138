"""One language per run of the real ``loket`` console script: Indonesian by default, English
with ``--lang en`` or ``LOKET_LANG=en`` (our lines, help texts and click's own lines), while
``--json`` stays the same in both; dates are accepted as DD-MM-YYYY or YYYY-MM-DD."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# tools/ is the repository's maintenance scripts, not an installed package: load it by path.
_spec = importlib.util.spec_from_file_location(
    "loket_tools_messages_cli", Path(__file__).resolve().parent.parent / "tools" / "messages.py")
messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messages)

NIK_P = "3273015503850003"  # a woman born 15-03-1985

# Words an Indonesian run must not print: click's English and our own English lines.
ENGLISH = ("Usage", "Options", "Commands", "Show this message", "Missing option", "Invalid value",
           "Try", "required", "Error", "error", "called", "waiting", "ahead of you", "not in the catalogue")
# Words an English run must not print: the CLI's Indonesian vocabulary and click's Indonesian.
INDONESIAN = ("antrean", "dipanggil", "menunggu", "galat", "Galat", "layanan", "Layanan", "Penggunaan",
              "Tampilkan", "Opsi", "Perintah", "wajib", "Coba", "sebelum Anda", "tidak", "atau", "untuk",
              "bukan", "tiket", "Tiket")


def words_in(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    return [w for w in vocabulary if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.fixture
def loket(tmp_path):
    """``loket ARGS`` as a subprocess on a real file; ``lang`` sets --lang, ``env_lang`` LOKET_LANG."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    base.update(LOKET_NOW="2026-03-16T08:00:00+07:00", QT_QPA_PLATFORM="offscreen",
                XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path),
                LOKET_DB=str(tmp_path / "loket.sqlite3"))
    exe = Path(sys.executable).with_name("loket")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from counter_app.cli import main; main()"]

    def call(*args: str, lang: str | None = None, env_lang: str | None = None,
             db: Path | None = None) -> subprocess.CompletedProcess:
        env = dict(base)
        if env_lang:
            env["LOKET_LANG"] = env_lang
        if db is not None:
            env["LOKET_DB"] = str(db)
        argv = [*cmd, *(["--lang", lang] if lang else []), *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)

    init = call("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung", "--device-code", "K1",
                "--demo", "--json")
    assert init.returncode == 0, init.stderr
    return call


def events(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("domain", ["cli", "click", "printing", "sync"])
def test_catalogues_are_complete_and_compiled(domain):
    assert messages.problems(domain) == []


RUNS = {"id": {}, "--lang en": {"lang": "en"}, "LOKET_LANG=en": {"env_lang": "en"}}


@pytest.mark.parametrize("run", list(RUNS))
def test_every_human_line_speaks_the_run_language(loket, run):
    how = RUNS[run]
    seen = []

    def out(*args: str, code: int = 0) -> str:
        done = loket(*args, **how)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        seen.append((args, done.stdout + done.stderr))
        return done.stdout + done.stderr

    out("--help")
    out("ticket", "--help")
    out("ticket", "issue", code=2)                                      # a missing required option
    out("ticket", "issue", "--service", "DUK-KTP", "--priority", "vip", code=2)  # a bad choice
    out("ticket", "issue", "--service", "TIDAK-ADA", code=2)            # a domain error
    issued = out("ticket", "issue", "--service", "DUK-KTP")
    out("ticket", "issue", "--service", "DUK-KTP")
    called = out("queue", "call", "--counter", "3")
    listed = out("queue", "list")
    if run == "id":
        assert "A-001 – 0 antrean sebelum Anda" in issued
        assert called.startswith("A-001 (DUK-KTP) dipanggil di loket 3")
        assert "A-002 (DUK-KTP) menunggu" in listed
        leaks = [(args, words_in(text, ENGLISH)) for args, text in seen if words_in(text, ENGLISH)]
    else:
        assert "A-001 – 0 ahead of you" in issued
        assert called.startswith("A-001 (DUK-KTP) called at counter 3")
        assert "A-002 (DUK-KTP) waiting" in listed
        leaks = [(args, words_in(text, INDONESIAN)) for args, text in seen if words_in(text, INDONESIAN)]
    assert leaks == []


def test_click_lines_are_indonesian_by_default_and_english_on_request(loket):
    missing = loket("ticket", "issue")
    assert "Penggunaan: loket ticket issue [OPSI]" in missing.stderr
    assert "Galat: Opsi belum diisi '--service'." in missing.stderr
    english = loket("ticket", "issue", lang="en")
    assert "Usage: loket ticket issue [OPTIONS]" in english.stderr
    assert "Error: Missing option '--service'." in english.stderr
    assert "Tampilkan pesan ini lalu keluar." in loket("--help").stdout
    assert "Take a queue number for a service." in loket("ticket", "--help", env_lang="en").stdout


def test_json_is_the_same_in_both_languages(loket):
    for args in (["ticket", "issue", "--service", "DUK-KTP"],
                 ["ticket", "issue", "--service", "DUK-KTP", "--priority", "lansia"],
                 ["queue", "call", "--counter", "Loket 1"]):
        assert loket(*args).returncode == 0
    for args in (["queue", "list", "--json"], ["status", "--json"], ["application", "list", "--json"],
                 ["calendar", "deadline", "--from", "16-03-2026", "--days", "5", "--json"]):
        outputs = {run: loket(*args, **how) for run, how in RUNS.items()}
        assert all(o.returncode == 0 for o in outputs.values()), outputs
        texts = {o.stdout for o in outputs.values()}
        assert len(texts) == 1, (args, texts)
        json.loads(texts.pop())
    rows = json.loads(loket("queue", "list", "--json", lang="en").stdout)
    assert {r["status"] for r in rows} == {"called", "waiting"}  # codes, never translated


def test_issue_json_differs_only_by_the_ticket_id(tmp_path, loket):
    other = tmp_path / "lain.sqlite3"
    init = loket("init", "--site-code", "MPP-BDG", "--site-name", "MPP Kota Bandung", "--device-code", "K1",
                 "--demo", "--json", db=other)
    assert init.returncode == 0, init.stderr
    indonesian = json.loads(loket("ticket", "issue", "--service", "DUK-KTP", "--json").stdout)
    english = json.loads(loket("ticket", "issue", "--service", "DUK-KTP", "--json", lang="en", db=other).stdout)
    assert indonesian.pop("id") != english.pop("id")
    assert indonesian == english and indonesian["issued_at"].startswith("2026-03-16T08:00:00")


@pytest.mark.parametrize("written", ["15-03-1985", "1985-03-15"])
def test_birth_date_in_either_form_is_stored_as_iso(loket, tmp_path, written):
    done = loket("register", "--service", "DUK-KTP", "--name", "Siti", "--nik", NIK_P, "--sex", "P",
                 "--birth-date", written, "--json")
    assert done.returncode == 0, done.stderr
    reg = json.loads(done.stdout)["registration_id"]
    conn = sqlite3.connect(tmp_path / "loket.sqlite3")
    try:
        stored = conn.execute("SELECT birth_date FROM registrations WHERE id = ?", (reg,)).fetchone()
    finally:
        conn.close()
    assert stored == ("1985-03-15",)


@pytest.mark.parametrize("written", ["1985-15-03", "15/03/1985", "31-02-1985", "kemarin"])
def test_a_date_in_neither_form_is_refused_naming_the_option(loket, tmp_path, written):
    before = events(tmp_path / "loket.sqlite3")
    done = loket("register", "--service", "DUK-KTP", "--name", "Siti", "--nik", NIK_P,
                 "--birth-date", written, "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"galat: --birth-date: '{written}' bukan tanggal: tulis DD-MM-YYYY atau YYYY-MM-DD")
    assert events(tmp_path / "loket.sqlite3") == before
    english = loket("register", "--service", "DUK-KTP", "--name", "Siti", "--nik", NIK_P,
                    "--birth-date", written, lang="en")
    assert english.returncode == 2
    assert english.stderr.startswith(f"error: --birth-date: '{written}' is not a date: write DD-MM-YYYY or YYYY-MM-DD")
