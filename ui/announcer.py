"""Plays call announcements one after another, so one never cuts another off.

:class:`Announcer` keeps a first-in first-out queue of announcements built by
:mod:`ui.announce`; the next one starts only when the player reports the current one
finished. The player is the loudspeaker (QtMultimedia) or, on a machine with no audio
output, a silent player that waits as long as the sound would last, so the screen keeps
the same rhythm either way.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTemporaryDir, QTimer, QUrl, Signal

from ui.announce import SOUNDS_DIR, Audio, announcement_clips, announcement_text, build_wav

log = logging.getLogger(__name__)

MAX_PENDING = 6          # older waiting announcements are dropped past this: they are stale
WATCHDOG_EXTRA_MS = 2000  # a stuck audio backend must not stall the queue


class Player(QObject):
    """Plays one :class:`Audio` at a time and emits ``finished`` exactly once per play."""

    finished = Signal()

    def play(self, audio: Audio) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def stop(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class SilentPlayer(Player):
    """No sound: finishes after the announcement's duration (times ``time_scale``)."""

    def __init__(self, parent: QObject | None = None, time_scale: float = 1.0):
        super().__init__(parent)
        self.time_scale = time_scale
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished.emit)

    def play(self, audio: Audio) -> None:
        self._timer.start(max(1, int(audio.duration_ms * self.time_scale)))

    def stop(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.finished.emit()


class SpeakerPlayer(Player):
    """Plays through the default audio output with QMediaPlayer."""

    def __init__(self, parent: QObject | None = None, volume: float = 1.0):
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._dir = QTemporaryDir()
        self._flip = 0
        self._playing = False
        self.output = QAudioOutput(self)
        self.output.setVolume(volume)
        self.media = QMediaPlayer(self)
        self.media.setAudioOutput(self.output)
        self.media.mediaStatusChanged.connect(self._status)
        self.media.errorOccurred.connect(self._error)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._done)

    def play(self, audio: Audio) -> None:
        # two files in turn: the backend may still hold the previous one open
        self._flip ^= 1
        path = Path(self._dir.path()) / f"announcement{self._flip}.wav"
        path.write_bytes(audio.wav)
        self._playing = True
        self._watchdog.start(audio.duration_ms + WATCHDOG_EXTRA_MS)
        self.media.setSource(QUrl.fromLocalFile(str(path)))
        self.media.play()

    def stop(self) -> None:
        self.media.stop()
        self._done()

    def _status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._done()

    def _error(self, error, message: str = "") -> None:
        log.warning("pengumuman tidak dapat diputar: %s", message or error)
        self._done()

    def _done(self) -> None:
        if self._playing:
            self._playing = False
            self._watchdog.stop()
            self.finished.emit()


def default_player(parent: QObject | None = None) -> Player:
    """The loudspeaker when the machine has an audio output, else the silent player."""
    try:
        from PySide6.QtMultimedia import QMediaDevices

        if QMediaDevices.audioOutputs():
            return SpeakerPlayer(parent)
    except Exception as exc:  # missing multimedia backend: the display still works
        log.warning("audio tidak tersedia: %s", exc)
    return SilentPlayer(parent)


@dataclass(frozen=True)
class Announcement:
    number: str
    counter: str
    recall: bool
    text: str


class Announcer(QObject):
    """A queue of announcements played in order; the signals carry the :class:`Announcement`."""

    started = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        player: Player | None = None,
        parent: QObject | None = None,
        sounds_dir: Path = SOUNDS_DIR,
        max_pending: int = MAX_PENDING,
    ):
        super().__init__(parent)
        self.player = player or default_player(self)
        if self.player.parent() is None:
            self.player.setParent(self)
        self.player.finished.connect(self._on_finished)
        self.sounds_dir = sounds_dir
        self.max_pending = max_pending
        self.enabled = True
        self._queue: deque[Announcement] = deque()
        self._current: Announcement | None = None

    @property
    def current(self) -> str | None:
        return self._current.text if self._current else None

    @property
    def pending(self) -> list[str]:
        return [a.text for a in self._queue]

    @property
    def busy(self) -> bool:
        return self._current is not None

    def announce(self, number: str, counter: str, recall: bool = False) -> bool:
        """Queue an announcement; False when sound is switched off."""
        if not self.enabled:
            return False
        item = Announcement(number, counter, recall, announcement_text(number, counter, recall=recall))
        self._queue.append(item)
        while len(self._queue) > self.max_pending:
            dropped = self._queue.popleft()
            log.info("pengumuman lama dilewati: %s", dropped.text)
        if self._current is None:
            self._next()
        return True

    def clear(self) -> None:
        """Forget waiting announcements; the one playing ends normally."""
        self._queue.clear()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if not enabled:
            self.clear()

    def _next(self) -> None:
        while self._queue:
            item = self._queue.popleft()
            try:
                audio = build_wav(announcement_clips(item.number, item.counter, recall=item.recall), self.sounds_dir)
            except (OSError, ValueError) as exc:
                log.warning("klip suara rusak atau hilang: %s", exc)
                self.failed.emit(item)
                continue
            self._current = item
            self.started.emit(item)
            self.player.play(audio)
            return

    def _on_finished(self) -> None:
        item, self._current = self._current, None
        if item is not None:
            self.finished.emit(item)
        self._next()
