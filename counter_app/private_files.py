"""Files holding citizens' personal data are readable by their owner only (UU 27/2022).

The database (and SQLite's -wal/-shm files, which take the database's mode), its backups,
USB bundles and the log are created 0600; a database made by an older version with a wider
mode is narrowed when it is opened. A file system that cannot say (a FAT USB stick) keeps
what it has: the bundle is signed, and its protection there is the owner's stick.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path | str) -> Path:
    """Make ``path`` exist, owner read/write only (an existing file is narrowed)."""
    path = Path(path)
    if path.exists():
        narrow(path)
        return path
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE))
    return path


def narrow(path: Path | str) -> None:
    """Take group and others' access away from ``path`` (quietly where the owner cannot)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


def open_private(path: Path | str, mode: str = "w", encoding: str | None = "utf-8"):
    """``open(path, mode)`` for writing, the file created owner-only."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE)
    narrow(path)
    return os.fdopen(fd, mode, encoding=None if "b" in mode else encoding)
