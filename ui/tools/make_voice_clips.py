"""Regenerate the bundled announcement clips in ``resources/sounds/``.

Run once after changing the words in :mod:`ui.announce`:
``python -m ui.tools.make_voice_clips``. Needs the Debian packages ``espeak-ng`` (Indonesian
voice ``id``) and ``sox``; the app itself only plays the committed WAV files, so counters
need neither. Every clip is 16 kHz mono 16-bit PCM with the leading and trailing silence
trimmed, so clips join without gaps of their own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ui.announce import CHIME, CLIP_TEXT, SOUNDS_DIR

RATE = "16000"
VOICE = "id"
SPEED_WPM = "135"       # a little slower than the default: halls echo
PITCH = "45"
# (frequency Hz, start s): an ascending three-note chime, each note fading out.
CHIME_NOTES = ((523.25, 0.0), (659.25, 0.28), (783.99, 0.56))
TRIM = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
FORMAT = ["-r", RATE, "-c", "1", "-b", "16", "-e", "signed-integer"]


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def make_word(name: str, text: str, out_dir: Path, tmp: Path) -> Path:
    raw = tmp / f"{name}.raw.wav"
    _run(["espeak-ng", "-v", VOICE, "-s", SPEED_WPM, "-p", PITCH, "-w", str(raw), text])
    target = out_dir / f"{name}.wav"
    _run(["sox", "-D", "-R", str(raw), *FORMAT, str(target), *TRIM, "norm", "-1"])
    return target


def make_chime(out_dir: Path, tmp: Path) -> Path:
    notes = []
    for i, (freq, start) in enumerate(CHIME_NOTES):
        note = tmp / f"note{i}.wav"
        # a sine with a softer octave overtone and an exponential-ish fade: a struck bell
        _run(["sox", "-D", "-R", "-n", *FORMAT, str(note), "synth", "1.1", "sine", str(freq), "sine", str(freq * 2),
              "remix", "1,2", "fade", "q", "0.01", "1.1", "1.0", "vol", "0.35", "pad", str(start)])
        notes.append(str(note))
    target = out_dir / f"{CHIME}.wav"
    _run(["sox", "-D", "-R", "-m", *notes, *FORMAT, str(target), "norm", "-3"])
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="folder for the WAV files")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"galat: perlu {', '.join(missing)} (apt-get install espeak-ng sox)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        made = [make_chime(args.out, tmp)]
        made += [make_word(name, text, args.out, tmp) for name, text in CLIP_TEXT.items()]
    total = sum(p.stat().st_size for p in made)
    print(f"{len(made)} klip di {args.out} ({total // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
