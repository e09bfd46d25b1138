"""A Qt window plugin that cannot start, or Qt libraries that cannot load, give one Indonesian
line naming the Debian package to install, not Qt's abort naming libxcb-cursor0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import qt_libraries
from ui.qt_platform import EXIT_NO_WINDOW, plugin_file

README = Path(__file__).resolve().parents[2] / "README.md"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")


def start_loket(tmp_path, **env) -> subprocess.CompletedProcess:
    """``loket`` (the app start, no subcommand) in a child process."""
    child = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "LOKET_NOW")}
    child.update(env)
    return subprocess.run([sys.executable, "-m", "counter_app.cli", "--db", str(tmp_path / "loket.sqlite3")],
                          env=child, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def broken_library(tmp_path, soname: str) -> str:
    """A folder holding an unloadable ``soname`` first on the loader's path: as if it were missing."""
    folder = tmp_path / "broken-libs"
    folder.mkdir(exist_ok=True)
    (folder / soname).write_bytes(b"")
    return str(folder)


@linux_only
def test_an_xcb_plugin_missing_a_library_names_its_package(tmp_path):
    done = start_loket(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":97",
                       LD_LIBRARY_PATH=broken_library(tmp_path, "libxcb-cursor.so.0"))
    assert done.returncode == EXIT_NO_WINDOW  # not Qt's abort (-6) with a core dump
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [line for line in lines if line.startswith("Aplikasi desktop tidak bisa dibuka")]
    assert len(lines) == 1
    assert "plugin tampilan Qt \"xcb\"" in lines[0] and "libxcb-cursor.so.0" in lines[0]
    assert "sudo apt install libxcb-cursor0" in lines[0]
    assert "Reinstalling the application" not in done.stderr  # Qt's own advice is not shown


@linux_only
def test_qt_libraries_that_cannot_import_name_the_missing_package(tmp_path):
    done = start_loket(tmp_path, QT_QPA_PLATFORM="offscreen", LD_LIBRARY_PATH=broken_library(tmp_path, "libEGL.so.1"))
    assert done.returncode == 0  # the command line still works: it shows the status
    assert "pustaka sistem libEGL.so.1 belum terpasang" in done.stderr
    assert "sudo apt install libegl1" in done.stderr
    assert "Lokasi" in done.stdout


@linux_only
def test_the_packages_named_are_the_ones_ldd_cannot_find_for_the_real_plugin():
    missing = qt_libraries.missing_by_ldd(plugin_file("xcb"))
    out = subprocess.run(["ldd", str(plugin_file("xcb"))], capture_output=True, text=True).stdout
    assert missing == list(dict.fromkeys(line.split()[0] for line in out.splitlines() if "not found" in line))
    assert all(qt_libraries.debian_package(s) in qt_libraries.SETUP_PACKAGES for s in missing)


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libEGL.so.1", "libegl1"), ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("libfontconfig.so.1", "libfontconfig1"), ("libXrandr.so.2", "libxrandr2"),
    ("/usr/lib/libxcb-cursor.so.0", "libxcb-cursor0"),
])
def test_a_library_is_named_by_the_debian_package_that_ships_it(soname, package):
    assert qt_libraries.debian_package(soname) == package


def test_the_setup_packages_are_the_readmes_apt_line():
    text = README.read_text(encoding="utf-8")
    line = text[text.index("sudo apt install"):].split("```")[0].replace("\\\n", " ")
    assert set(qt_libraries.SETUP_PACKAGES) <= set(line.split())


def test_the_loader_error_is_read_for_the_library_it_names():
    error = ("Cannot load library /venv/PySide6/Qt/plugins/platforms/libqxcb.so: (libxcb-icccm.so.4: cannot open "
             "shared object file: No such file or directory)")
    assert qt_libraries.missing_in_loader_error(error) == ["libxcb-icccm.so.4"]
    message = qt_libraries.platform_failure_message("xcb", ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert message.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert "DISPLAY=:0" in qt_libraries.platform_failure_message("xcb", [], no_display=":0")
