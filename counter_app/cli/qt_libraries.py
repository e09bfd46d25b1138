"""Which Debian/Ubuntu package to install when the desktop app cannot open its window.

Qt's own message for a platform plugin that will not load names ``libxcb-cursor0`` even when
that one is installed and another library is the one missing. Here the shared libraries
really missing are found (``ldd`` on the plugin, and the loader's error Qt logged) and named
by the package that ships them, in one line the officer can paste into a terminal. Plain
Python: the CLI prints it when the Qt libraries fail to import, and the app when Qt's window
plugin fails to load (``ui.qt_platform``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..i18n import _

# The README's set-up line: what Qt's xcb window, OpenGL, fonts and sound link to.
SETUP_PACKAGES = (
    "libgl1", "libegl1", "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "libpulse0", "libx11-xcb1",
    "libxrandr2", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-sync1",
    "libxcb-xfixes0", "libxcb-xkb1",
)
# Sonames whose package name does not follow Debian's usual rule (see debian_package).
PACKAGE_OF = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
}
_SONAME = re.compile(r"^(lib[\w.+-]+?)\.so\.(\d+)")
_NOT_FOUND = re.compile(r"^\s*(\S+\.so[.\d]*)\s+=>\s+not found", re.MULTILINE)
_LOADER_ERROR = re.compile(r"(?:^|[\s:(/])((?:lib)[\w.+-]+\.so[.\d]*): (?:cannot open shared object file|file too short"
                           r"|wrong ELF class|invalid ELF header)")


def debian_package(soname: str) -> str:
    """The package that ships ``soname``: ``libxcb-icccm.so.4`` → ``libxcb-icccm4``.

    Debian names a library package after its soname: the name, then the major version, with
    a hyphen between when the name ends in a digit (``libxkbcommon-x11.so.0`` →
    ``libxkbcommon-x11-0``); the exceptions are listed in ``PACKAGE_OF``."""
    soname = Path(soname).name
    if soname in PACKAGE_OF:
        return PACKAGE_OF[soname]
    match = _SONAME.match(soname)
    if not match:
        return soname
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def missing_by_ldd(library: Path) -> list[str]:
    """The sonames ``ldd`` cannot find for ``library`` (none when ldd is not there or fails)."""
    ldd = shutil.which("ldd")
    if ldd is None or not library.exists():
        return []
    try:
        out = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(out)))


def missing_in_loader_error(text: str) -> list[str]:
    """The libraries a loader error names ("libxcb-icccm.so.4: cannot open shared object file")."""
    return list(dict.fromkeys(Path(name).name for name in _LOADER_ERROR.findall(text)))


def packages_for(sonames: list[str]) -> list[str]:
    return list(dict.fromkeys(debian_package(s) for s in sonames))


def _install_line(packages) -> str:
    return "sudo apt install " + " ".join(packages)


def platform_failure_message(plugin: str, missing: list[str], no_display: str | None = None) -> str:
    """One Indonesian message for a Qt window plugin (``xcb``) that did not start."""
    if missing:
        return _("Aplikasi desktop tidak bisa dibuka: plugin tampilan Qt \"{plugin}\" membutuhkan pustaka "
                 "sistem yang belum terpasang ({libraries}). Pasang paketnya lalu jalankan lagi: {command}").format(
            plugin=plugin, libraries=", ".join(missing), command=_install_line(packages_for(missing)))
    if no_display is not None:
        return _("Aplikasi desktop tidak bisa dibuka: tidak bisa terhubung ke layar (DISPLAY={display}). "
                 "Jalankan dari sesi desktop, atau pakai perintah 'loket --help' tanpa layar.").format(
            display=no_display or _("kosong"))
    return _("Aplikasi desktop tidak bisa dibuka: plugin tampilan Qt \"{plugin}\" gagal dimuat. Pastikan "
             "paket sistem ini terpasang: {command}").format(plugin=plugin, command=_install_line(SETUP_PACKAGES))


def import_failure_message(exc: ImportError) -> str | None:
    """The message for Qt's libraries failing to import because a system library is missing
    (``libEGL.so.1: cannot open shared object file``); None for any other import error."""
    missing = missing_in_loader_error(str(exc))
    if not missing:
        return None
    return _("Aplikasi desktop tidak bisa dibuka: pustaka sistem {libraries} belum terpasang. Pasang paketnya "
             "lalu jalankan lagi: {command}").format(libraries=", ".join(missing),
                                                   command=_install_line(packages_for(missing)))
