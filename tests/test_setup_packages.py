"""The README's ``apt install`` line names every system library the desktop app's Qt links to.

PySide6's wheel bundles Qt but not the X11/xcb, OpenGL, font, D-Bus and sound libraries of
the system. Each library Qt links directly (read from the ELF files' NEEDED entries of the
PySide6 modules the app imports, the Qt libraries they pull in and the plugins Qt loads for an
X11 window) is mapped here to its Debian package and to the package of the README's line that
installs it (the package itself or one that depends on it). The line was checked by
``make run`` on a minimal Debian 12 (debootstrap) with a display: nothing else was needed.
When PySide6 starts to link a new library this test names it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Present on every Debian/Ubuntu system (a debootstrap --variant=minbase has them).
BASE = {
    "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0",
    "librt.so.1", "libresolv.so.2", "libgcc_s.so.1", "libstdc++.so.6", "libz.so.1",
    "libzstd.so.1", "libbz2.so.1", "libgssapi_krb5.so.2",
}
# soname -> (Debian package that ships it, package of the README line that brings it in)
SONAME_PACKAGE = {
    "libEGL.so.1": ("libegl1", "libegl1"),
    "libGL.so.1": ("libgl1", "libgl1"),
    "libOpenGL.so.0": ("libopengl0", "libopengl0"),
    "libfontconfig.so.1": ("libfontconfig1", "libfontconfig1"),
    "libfreetype.so.6": ("libfreetype6", "libfontconfig1"),
    "libbrotlicommon.so.1": ("libbrotli1", "libfontconfig1"),
    "libbrotlidec.so.1": ("libbrotli1", "libfontconfig1"),
    "libglib-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libgobject-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libgio-2.0.so.0": ("libglib2.0-0", "libglib2.0-0"),
    "libdbus-1.so.3": ("libdbus-1-3", "libdbus-1-3"),
    "libpulse.so.0": ("libpulse0", "libpulse0"),
    "libX11.so.6": ("libx11-6", "libx11-xcb1"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libx11-xcb1"),
    "libXext.so.6": ("libxext6", "libxrandr2"),
    "libXrandr.so.2": ("libxrandr2", "libxrandr2"),
    "libdrm.so.2": ("libdrm2", "libegl1"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon-x11-0"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11-0"),
    "libxcb.so.1": ("libxcb1", "libx11-xcb1"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "libxcb-cursor0"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libgl1"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "libxcb-icccm4"),
    "libxcb-image.so.0": ("libxcb-image0", "libxcb-image0"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "libxcb-keysyms1"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb-randr0"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb-render-util0"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "libxcb-render-util0"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb-shape0"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb-image0"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb-sync1"),
    "libxcb-util.so.1": ("libxcb-util1", "libxcb-image0"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb-xfixes0"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb-xkb1"),
}
# The PySide6 modules ui/ imports, and the plugin folders Qt loads for a window on X11 with
# sound (platform themes other than the desktop portal belong to a desktop that has them).
MODULES = ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtMultimedia")
PLUGIN_GLOBS = ("platforms/libqxcb.so", "xcbglintegrations/*.so", "imageformats/*.so",
                "iconengines/*.so", "multimedia/*.so", "platforminputcontexts/*.so",
                "platformthemes/libqxdgdesktopportal.so")


def readme_packages() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"sudo apt install ((?:\\\n|[^\n`])+)", text)
    assert match, "README has no 'sudo apt install' line"
    return match.group(1).replace("\\\n", " ").split()


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def system_sonames() -> set[str]:
    """Every library outside the wheel that the app's Qt parts link directly."""
    pyside = pytest.importorskip("PySide6")
    base = Path(pyside.__file__).parent
    qt_lib = base / "Qt" / "lib"
    todo = [base / f"{m}.abi3.so" for m in MODULES]
    for pattern in PLUGIN_GLOBS:
        todo += sorted((base / "Qt" / "plugins").glob(pattern))
    bundled = {p.name for p in qt_lib.iterdir()} | {p.name for p in base.glob("*.so*")}
    bundled |= {p.name for p in base.parent.glob("shiboken6/*.so*")}
    seen: set[Path] = set()
    system: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        for name in needed(path):
            if name in bundled:
                todo.append(qt_lib / name if (qt_lib / name).exists() else base / name)
            elif not name.startswith("libpython"):
                system.add(name)
    return system


pytestmark = pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")


def test_every_library_qt_links_is_installed_by_the_readme_line():
    packages = set(readme_packages())
    sonames = system_sonames()
    assert "libxcb-icccm.so.4" in sonames and "libxcb-keysyms.so.1" in sonames  # the reported two
    unknown = sorted(sonames - BASE - set(SONAME_PACKAGE))
    assert not unknown, f"PySide6 links {unknown}: add their Debian packages to README and here"
    missing = sorted({SONAME_PACKAGE[s][1] for s in sonames - BASE} - packages)
    assert not missing, f"README's apt line lacks {missing}"


def test_the_readme_line_names_nothing_the_app_does_not_need():
    used = {SONAME_PACKAGE[s][1] for s in system_sonames() - BASE}
    extra = set(readme_packages()) - used - {"python3-venv", "make"}
    assert not extra, f"README's apt line names {sorted(extra)}, which no Qt part links"


@pytest.mark.skipif(shutil.which("dpkg") is None or shutil.which("ldconfig") is None,
                    reason="needs a Debian system")
def test_the_package_names_are_the_ones_that_ship_the_libraries_here():
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    checked = 0
    for soname in sorted(system_sonames() - BASE):
        found = re.search(rf"^\s+{re.escape(soname)} \(libc6,x86-64\) => (\S+)$", cache, re.M)
        if not found:  # not installed on this machine: nothing to compare with
            continue
        owner = subprocess.run(["dpkg", "-S", str(Path(found.group(1)).resolve())],
                               capture_output=True, text=True)
        if owner.returncode != 0:
            continue
        packages = {p.split(":")[0].strip() for p in owner.stdout.split(": ")[0].split(",")}
        assert SONAME_PACKAGE[soname][0] in packages, (soname, owner.stdout)
        checked += 1
    assert checked, "no library of the table is installed here to check it against"
