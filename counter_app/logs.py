"""The device's log file: a rotating ``.log`` beside the database, for whoever has to find out
later what went wrong on a counter PC (sync rounds, errors with their tracebacks,
quarantined events, conflicts).

Every module logs under the ``loket.`` logger hierarchy (``loket.sync``, ``loket.ui``, …);
:func:`setup_logging` attaches one file handler to the ``loket`` logger, so each of them
reaches the file. The entry points (the ``loket`` command line and the desktop app) call it
once; calling it again for the same database is a no-op, for another database it moves the
log there.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from .i18n import _

ROOT_LOGGER = "loket"
MAX_BYTES = 2 * 1024 * 1024  # a few MB per file: weeks of 60-second rounds
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_MARK = "_loket_log_file"



class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names applicants' numbers and officers: each file it opens is owner-only."""

    def _open(self):
        from .private_files import open_private

        return open_private(self.baseFilename, "a", encoding=self.encoding)

def log_path(db_path: Path | str) -> Path:
    """Where the log of the database ``db_path`` is kept: ``loket.sqlite3`` → ``loket.log``."""
    return Path(db_path).with_suffix(".log")


def current_log_path() -> Path | None:
    """The file the ``loket`` loggers write to now, or None before :func:`setup_logging`."""
    handler = _installed()
    return Path(handler.baseFilename) if handler is not None else None


def setup_logging(db_path: Path | str, *, level: int = logging.INFO) -> Path | None:
    """Log ``loket.*`` at ``level`` and above to a rotating file beside ``db_path``.

    Returns the log file, or None when it cannot be opened (a read-only folder): the counter
    keeps working without a log, and says so once on stderr.
    """
    if str(db_path) == ":memory:":
        return None
    path = log_path(db_path).resolve()
    logger = logging.getLogger(ROOT_LOGGER)
    logger.setLevel(level)
    old = _installed()
    if old is not None:
        if Path(old.baseFilename) == path:
            return path
        logger.removeHandler(old)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        print(_("peringatan: berkas log {path} tidak bisa dibuka ({error}); log tidak dicatat").format(
            path=path, error=exc), file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    setattr(handler, _MARK, True)
    logger.addHandler(handler)
    return path


def stop_logging() -> None:
    """Close the log file (tests, or before the database folder is removed)."""
    handler = _installed()
    if handler is not None:
        logging.getLogger(ROOT_LOGGER).removeHandler(handler)
        handler.close()


def _installed() -> logging.handlers.RotatingFileHandler | None:
    handlers = logging.getLogger(ROOT_LOGGER).handlers
    return next((h for h in handlers if getattr(h, _MARK, False)), None)
