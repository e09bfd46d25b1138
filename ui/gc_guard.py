"""Python's cyclic garbage collector runs on the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate: a worker reading
the database (:mod:`ui.worker`), the sync thread, the hub's stream. It then frees every
unreachable cycle of the whole process *on that thread*, Qt widgets among them, and Qt
objects must be destroyed on the thread that owns them: the process deadlocks (the worker
waits for the GUI thread) or crashes with a segmentation fault at a random later moment.

:class:`GuiThreadCollector` turns automatic collection off and does the same work from a
timer on the GUI thread: every ``interval_ms`` it looks at the allocation counts
(``gc.get_count()``, still kept while automatic collection is off) and collects the
generation the automatic collector would have collected, with the same thresholds
(``gc.get_threshold()``). Reference counting still frees non-cyclic garbage at once, so
memory stays as it was; only the thread and the moment of cyclic collections change. Long-
lived Qt apps do the same (Anki, for one). :meth:`stop` collects once more and gives
collection back to Python as it was.

:meth:`freeze`, once the window is built, moves everything alive into the collector's
permanent generation (``gc.freeze``): the modules, classes and widgets of start-up are not
traversed again by every full collection, which then looks only at what the working day
allocates (a full collection of the start-up heap took a tenth of the GUI thread's time
during a burst of F2 presses, sampled with perf).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# gc.freeze() is one state of the whole process: the collector that froze first owns it and
# alone unfreezes, so a collector started inside another (a test of the app inside the test
# suite's own collector) does not undo the outer one's freeze when it stops.
_freeze_owner: GuiThreadCollector | None = None


def due_generation() -> int | None:
    """The oldest generation the automatic collector would collect now, or None."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = None
    for generation in range(3):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            due = generation
        else:
            break
    return due


class GuiThreadCollector(QObject):
    """Cyclic garbage collection on a GUI-thread timer instead of in any allocating thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 100):
        super().__init__(parent)
        self._was_enabled: bool | None = None
        self.collections = [0, 0, 0]  # per generation, for tests and the bench
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._was_enabled is not None

    def start(self) -> GuiThreadCollector:
        """Call on the GUI thread (the timer's thread is the one that collects)."""
        if not self.running:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self.timer.start()
        return self

    def tick(self) -> None:
        generation = due_generation()
        if generation is not None:
            self.collect(generation)

    def collect(self, generation: int = 2) -> int:
        self.collections[generation] += 1
        return gc.collect(generation)

    def freeze(self, collect_first: bool = True) -> int:
        """Keep what is alive now out of later collections (collecting first, unless told
        not to); returns how many objects are frozen."""
        global _freeze_owner
        if collect_first:
            self.collect()
        gc.freeze()
        if _freeze_owner is None:
            _freeze_owner = self
        return gc.get_freeze_count()

    def stop(self) -> None:
        """Collect what is left, on this thread, and give collection back to Python."""
        if not self.running:
            return
        self.timer.stop()
        self.collect()  # while frozen: only what was made since is looked at
        global _freeze_owner
        if _freeze_owner is self:
            gc.unfreeze()  # what was frozen is collectable again (a test process goes on)
            _freeze_owner = None
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None
