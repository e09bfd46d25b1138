"""Spoken call announcements built from recorded clips, so they work with no network.

"Nomor antrean A nol nol tujuh, silakan menuju loket tiga" is a sequence of short WAV
clips (a chime, two phrases, letter names, digits and number words) recorded once with an
offline speech engine (see ``ui.tools.make_voice_clips``). This module is pure: it maps a
ticket number and counter name to clip names and joins the clips into one WAV in memory.
Playing it, one announcement after another, is :mod:`ui.announcer`'s job.

A ticket number is read the way it is printed, character by character: A-1005 is "A satu
nol nol lima", never "A seribu lima" (why: docs/queue-numbering.md, whose table of examples
a test holds to :func:`ticket_words`). A counter's number is read as a number ("dua belas").
"""

from __future__ import annotations

import io
import re
import wave
from dataclasses import dataclass
from pathlib import Path

import resources

SOUNDS_DIR = Path(resources.__file__).parent / "sounds"

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# Indonesian letter names, as a speaker spells a ticket prefix aloud.
LETTERS = {
    "a": "a", "b": "be", "c": "ce", "d": "de", "e": "e", "f": "ef", "g": "ge", "h": "ha",
    "i": "i", "j": "je", "k": "ka", "l": "el", "m": "em", "n": "en", "o": "o", "p": "pe",
    "q": "ki", "r": "er", "s": "es", "t": "te", "u": "u", "v": "fe", "w": "we", "x": "eks",
    "y": "ye", "z": "zet",
}

PHRASES = {
    "nomor_antrean": "nomor antrean",
    "panggilan_ulang": "panggilan ulang",
    "silakan_menuju_loket": "silakan menuju loket",
    "sesuai_layar": "yang tertera di layar",
}

NUMBER_WORDS = ("sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu")

CHIME = "chime"

# Every clip name and the text the speech engine reads for it (the chime is synthesised).
CLIP_TEXT: dict[str, str] = {
    **PHRASES,
    **{d: d for d in DIGITS},
    **{w: w for w in NUMBER_WORDS},
    **{f"huruf_{k}": v for k, v in LETTERS.items()},
}
ALL_CLIPS: tuple[str, ...] = (CHIME, *CLIP_TEXT)

# Silence in milliseconds inserted after a clip (a comma after the ticket number).
GAP_AFTER = {CHIME: 350, "nomor_antrean": 120}
WORD_GAP_MS = 70
COMMA_GAP_MS = 350

# Words a counter name often starts with; the phrase already says "loket".
_COUNTER_NOISE = {"loket", "gerai", "counter", "meja", "no", "nomor"}
# Longer letter runs are names ("Samsat"): spelling them aloud helps nobody.
_MAX_SPELLED = 3


def spoken_number(n: int) -> list[str]:
    """Indonesian number words for 0–9999 as clip names: 12 -> ['dua', 'belas']."""
    if not 0 <= n <= 9999:
        raise ValueError(f"angka di luar jangkauan 0–9999: {n}")
    if n < 10:
        return [DIGITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [DIGITS[n - 10], "belas"]
    if n < 100:
        tens, rest = divmod(n, 10)
        return [DIGITS[tens], "puluh"] + (spoken_number(rest) if rest else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = ["seratus"] if hundreds == 1 else [DIGITS[hundreds], "ratus"]
        return head + (spoken_number(rest) if rest else [])
    thousands, rest = divmod(n, 1000)
    head = ["seribu"] if thousands == 1 else [DIGITS[thousands], "ribu"]
    return head + (spoken_number(rest) if rest else [])


def spelled(text: str) -> list[str]:
    """Letters and digits one by one: 'A-007' -> ['huruf_a', 'nol', 'nol', 'tujuh']."""
    clips = []
    for ch in text.lower():
        if ch in LETTERS:
            clips.append(f"huruf_{ch}")
        elif ch.isascii() and ch.isdigit():
            clips.append(DIGITS[int(ch)])
    return clips


def _word(clip: str) -> str:
    """A clip as the caption writes it: a letter as the letter ('huruf_a' -> 'A')."""
    return clip.removeprefix("huruf_").upper() if clip.startswith("huruf_") else CLIP_TEXT[clip]


def ticket_words(number: str) -> str:
    """How a ticket number is said: 'A-15001' -> 'A satu lima nol nol satu'."""
    return " ".join(_word(clip) for clip in spelled(number))


def counter_clips(counter: str) -> list[str]:
    """How a counter's name is said after "silakan menuju loket": '3' -> ['tiga'].

    Numbers are read as numbers ("dua belas"), short codes are spelled ("A 3" -> "a tiga"),
    words such as "Loket" are dropped and long names are left to the screen.
    """
    clips: list[str] = []
    for token in re.findall(r"[A-Za-z]+|[0-9]+", counter or ""):
        if token.isdigit():
            n = int(token)
            clips += spoken_number(n) if n <= 9999 else spelled(token)
        elif token.lower() not in _COUNTER_NOISE and len(token) <= _MAX_SPELLED:
            clips += spelled(token)
    return clips


def announcement_clips(number: str, counter: str, *, recall: bool = False) -> list[str]:
    """The clip sequence announcing ticket ``number`` at ``counter``, chime first."""
    clips = [CHIME, "panggilan_ulang", ","] if recall else [CHIME]
    clips += ["nomor_antrean", *spelled(number), ",", "silakan_menuju_loket"]
    where = counter_clips(counter)
    clips += where if where else ["sesuai_layar"]
    return clips


def announcement_text(number: str, counter: str, *, recall: bool = False) -> str:
    """The announcement as words (shown as a caption, and handy in tests and logs)."""
    words = []
    for clip in announcement_clips(number, counter, recall=recall):
        if clip == CHIME:
            continue
        if clip == ",":
            words[-1] += ","
        else:
            words.append(_word(clip))
    text = " ".join(words)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Audio:
    """A finished announcement: WAV bytes and how long it plays."""

    wav: bytes
    duration_ms: int


def build_wav(clips: list[str], sounds_dir: Path = SOUNDS_DIR) -> Audio:
    """Join clips (all the same format) into one WAV with short silences between them."""
    params = None
    frames: list[bytes] = []
    for clip in clips:
        if clip == ",":
            gap = COMMA_GAP_MS
        else:
            with wave.open(str(sounds_dir / f"{clip}.wav"), "rb") as w:
                these = (w.getnchannels(), w.getsampwidth(), w.getframerate())
                if params is None:
                    params = these
                elif these != params:
                    raise ValueError(f"klip {clip}.wav berformat {these}, seharusnya {params}")
                frames.append(w.readframes(w.getnframes()))
            gap = GAP_AFTER.get(clip, WORD_GAP_MS)
        if params is not None:
            channels, width, rate = params
            frames.append(b"\x00" * (rate * gap // 1000) * channels * width)
    if params is None:
        raise ValueError("pengumuman tanpa klip suara")
    channels, width, rate = params
    data = b"".join(frames)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(data)
    n_frames = len(data) // (channels * width)
    return Audio(out.getvalue(), n_frames * 1000 // rate)
