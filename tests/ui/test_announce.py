"""Announcements: words for a ticket and counter, the bundled clips, and the play queue."""

from __future__ import annotations

import io
import shutil
import wave

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.announce import (
    ALL_CLIPS,
    CHIME,
    SOUNDS_DIR,
    announcement_clips,
    announcement_text,
    build_wav,
    counter_clips,
    spoken_number,
)
from ui.announcer import Announcer, SilentPlayer


@pytest.mark.parametrize(
    ("number", "counter", "expected"),
    [
        ("A-007", "3", "Nomor antrean A nol nol tujuh, silakan menuju loket tiga"),
        ("A-007", "Loket 3", "Nomor antrean A nol nol tujuh, silakan menuju loket tiga"),
        ("B-1012", "12", "Nomor antrean B satu nol satu dua, silakan menuju loket dua belas"),
        ("KTP-120", "K1", "Nomor antrean K T P satu dua nol, silakan menuju loket K satu"),
        ("C-001", "Samsat", "Nomor antrean C nol nol satu, silakan menuju loket yang tertera di layar"),
        ("C-001", "Gerai 21", "Nomor antrean C nol nol satu, silakan menuju loket dua puluh satu"),
    ],
)
def test_announcement_reads_the_number_digit_by_digit_and_the_counter_as_a_number(number, counter, expected):
    assert announcement_text(number, counter) == expected


def test_a_recall_says_so_first():
    assert announcement_text("A-007", "3", recall=True) == (
        "Panggilan ulang, nomor antrean A nol nol tujuh, silakan menuju loket tiga"
    )
    assert announcement_clips("A-007", "3", recall=True)[0] == CHIME


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"), (7, "tujuh"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
        (19, "sembilan belas"), (20, "dua puluh"), (35, "tiga puluh lima"), (100, "seratus"),
        (101, "seratus satu"), (111, "seratus sebelas"), (250, "dua ratus lima puluh"),
        (1000, "seribu"), (1015, "seribu lima belas"), (2026, "dua ribu dua puluh enam"),
    ],
)
def test_indonesian_number_words(n, words):
    assert " ".join(spoken_number(n)) == words


def test_numbers_out_of_range_are_refused():
    with pytest.raises(ValueError):
        spoken_number(10000)
    with pytest.raises(ValueError):
        spoken_number(-1)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_different_numbers_are_said_differently(a, b):
    if a != b:
        assert spoken_number(a) != spoken_number(b)


@settings(max_examples=80, deadline=None)
@given(number=st.text(max_size=12), counter=st.text(max_size=32), recall=st.booleans())
def test_every_announcement_uses_only_bundled_clips(number, counter, recall):
    clips = [c for c in announcement_clips(number, counter, recall=recall) if c != ","]
    assert set(clips) <= set(ALL_CLIPS)
    assert clips[0] == CHIME
    assert clips[-1] != "silakan_menuju_loket"  # a counter is always named or pointed to


def test_counter_words_are_dropped_and_long_names_left_to_the_screen():
    assert counter_clips("Loket  03") == ["tiga"]
    assert counter_clips("Disdukcapil") == []
    assert counter_clips("") == []


def test_every_clip_is_bundled_in_one_format():
    formats = set()
    for clip in ALL_CLIPS:
        with wave.open(str(SOUNDS_DIR / f"{clip}.wav"), "rb") as w:
            formats.add((w.getnchannels(), w.getsampwidth(), w.getframerate()))
            assert w.getnframes() > 0, clip
    assert formats == {(1, 2, 16000)}


def test_build_wav_joins_the_clips_with_pauses():
    clips = announcement_clips("A-007", "3")
    audio = build_wav(clips)
    with wave.open(io.BytesIO(audio.wav), "rb") as w:
        frames = w.getnframes()
        rate = w.getframerate()
    clip_frames = 0
    for clip in clips:
        if clip != ",":
            with wave.open(str(SOUNDS_DIR / f"{clip}.wav"), "rb") as w:
                clip_frames += w.getnframes()
    assert frames > clip_frames  # every clip plus the silences between them
    assert audio.duration_ms == frames * 1000 // rate
    assert 3000 < audio.duration_ms < 12000


def test_build_wav_refuses_clips_of_another_format(tmp_path):
    for name, rate in (("chime", 16000), ("nol", 22050)):
        with wave.open(str(tmp_path / f"{name}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(b"\x00\x00" * 100)
    with pytest.raises(ValueError, match="nol.wav"):
        build_wav(["chime", "nol"], tmp_path)


# ------------------------------------------------------------------ the queue
@pytest.fixture
def announcer(qtbot):
    # silent player at 1/50 of real time: real durations, no audio hardware, a quick test
    announcer = Announcer(SilentPlayer(time_scale=0.02))
    log: list[tuple[str, str]] = []
    announcer.started.connect(lambda a: log.append(("start", a.number)))
    announcer.finished.connect(lambda a: log.append(("end", a.number)))
    announcer.log = log
    yield announcer
    announcer.deleteLater()


def test_announcements_play_one_after_another_never_overlapping(qtbot, announcer):
    for number in ("A-001", "A-002", "B-001"):
        announcer.announce(number, "1")
    assert announcer.current.startswith("Nomor antrean A nol nol satu")
    assert len(announcer.pending) == 2
    with qtbot.waitSignal(announcer.finished, timeout=5000, check_params_cb=lambda a: a.number == "B-001"):
        pass
    assert announcer.log == [
        ("start", "A-001"), ("end", "A-001"),
        ("start", "A-002"), ("end", "A-002"),
        ("start", "B-001"), ("end", "B-001"),
    ]
    assert not announcer.busy and announcer.pending == []


def test_an_announcement_arriving_while_one_plays_waits_its_turn(qtbot, announcer):
    announcer.announce("A-001", "1")
    announcer.announce("A-002", "2")
    assert announcer.log == [("start", "A-001")]  # A-002 did not cut in
    assert announcer.pending == ["Nomor antrean A nol nol dua, silakan menuju loket dua"]
    with qtbot.waitSignal(announcer.started, timeout=5000) as later:
        pass
    assert later.args[0].number == "A-002"
    assert announcer.log == [("start", "A-001"), ("end", "A-001"), ("start", "A-002")]


def test_a_long_backlog_drops_the_oldest_waiting_calls(qtbot):
    announcer = Announcer(SilentPlayer(time_scale=0.02), max_pending=2)
    for n in range(1, 6):
        announcer.announce(f"A-00{n}", "1")
    assert announcer.current.startswith("Nomor antrean A nol nol satu")  # playing: kept
    assert [t.split(",")[0] for t in announcer.pending] == [
        "Nomor antrean A nol nol empat", "Nomor antrean A nol nol lima",
    ]


def test_switched_off_announcer_queues_nothing(qtbot, announcer):
    announcer.set_enabled(False)
    assert announcer.announce("A-001", "1") is False
    assert not announcer.busy


def test_missing_clips_skip_that_announcement_and_go_on(qtbot, tmp_path):
    announcer = Announcer(SilentPlayer(time_scale=0.02), sounds_dir=tmp_path)
    with qtbot.waitSignal(announcer.failed, timeout=1000) as failed:
        announcer.announce("A-001", "1")
    assert failed.args[0].number == "A-001"
    assert not announcer.busy


def test_the_loudspeaker_player_reports_the_end_of_each_sound(qtbot):
    # real QtMultimedia; with no audio device the backend still ends (or the watchdog does)
    from ui.announcer import SpeakerPlayer

    player = SpeakerPlayer()
    short = build_wav(["huruf_a"])
    for _ in range(2):  # the second play must not be swallowed by the first one's state
        with qtbot.waitSignal(player.finished, timeout=short.duration_ms + 4000):
            player.play(short)


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")),
                    reason="needs espeak-ng and sox (.ci/run installs them)")
def test_the_clip_tool_regenerates_every_bundled_clip_offline(tmp_path):
    from ui.tools.make_voice_clips import main

    assert main(["--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.wav")) == sorted(ALL_CLIPS)
    for clip in ALL_CLIPS:
        with wave.open(str(tmp_path / f"{clip}.wav"), "rb") as new, \
                wave.open(str(SOUNDS_DIR / f"{clip}.wav"), "rb") as bundled:
            assert (new.getnchannels(), new.getsampwidth(), new.getframerate()) == (1, 2, 16000)
            # the same words at the same pace (another espeak-ng release may differ slightly)
            assert abs(new.getnframes() - bundled.getnframes()) <= 0.25 * bundled.getnframes(), clip
