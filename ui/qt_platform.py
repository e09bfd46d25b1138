"""A window plugin that cannot start says which package to install, instead of Qt's abort.

When Qt's platform plugin (``xcb`` on a Linux desktop) does not load, Qt logs a few lines,
one of them naming ``libxcb-cursor0`` whatever is really missing, and aborts the process.
:class:`PlatformGuard` listens to Qt's messages while the ``QApplication`` is made; on that
fatal message it prints one Indonesian line naming the missing libraries and their Debian
packages (``counter_app.cli.qt_libraries``) and exits with :data:`EXIT_NO_WINDOW`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QLoggingCategory, QtMsgType, qInstallMessageHandler

from counter_app.cli import qt_libraries

EXIT_NO_WINDOW = 3
# The loader's reason for a plugin that would not load is a debug line of this category.
LOADER_RULE = "qt.core.library.debug=true"
_PLUGIN = re.compile(r'platform plugin "([^"]+)"')


def plugin_file(name: str) -> Path:
    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / f"libq{name}.so"


class PlatformGuard:
    """``with PlatformGuard(): app = QApplication(...)``: Qt's start-up messages are held
    back, replayed as usual when the window system came up, and turned into the message
    naming the packages when it did not."""

    def __init__(self, stream=None):
        self.stream = stream
        self.held: list[tuple[QtMsgType, str, str]] = []
        self.previous = None

    def __enter__(self) -> PlatformGuard:
        QLoggingCategory.setFilterRules(LOADER_RULE)
        self.previous = qInstallMessageHandler(self.handle)
        return self

    def __exit__(self, *_exc) -> None:
        qInstallMessageHandler(self.previous)
        QLoggingCategory.setFilterRules("")
        out = self.stream or sys.stderr
        for kind, category, message in self.held:
            if kind != QtMsgType.QtDebugMsg and out is not None:  # as Qt would have printed them
                out.write(f"{category}: {message}\n" if category and category != "default" else f"{message}\n")

    def handle(self, kind: QtMsgType, context, message: str) -> None:
        category = getattr(context, "category", "") or ""
        if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
            self.explain_and_exit(message)
        self.held.append((kind, category, message))

    def explanation(self, fatal: str) -> str:
        said = "\n".join(m for _k, _c, m in self.held) + "\n" + fatal
        found = _PLUGIN.search(said)
        plugin = found.group(1) if found else os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0]
        missing = qt_libraries.missing_in_loader_error(said)
        missing += [s for s in qt_libraries.missing_by_ldd(plugin_file(plugin)) if s not in missing]
        no_display = os.environ.get("DISPLAY", "") if "could not connect to display" in said else None
        return qt_libraries.platform_failure_message(plugin, missing, no_display)

    def explain_and_exit(self, fatal: str) -> None:
        out = self.stream or sys.stderr
        if out is not None:
            out.write(self.explanation(fatal) + "\n")
            out.flush()
        os._exit(EXIT_NO_WINDOW)  # Qt aborts right after this message: leave first, cleanly
