"""Printer links chosen by one spec string, and sending bytes to them with a clear error.

Specs: ``dummy``, ``file:PATH``, ``usb:VID:PID`` (hex, e.g. ``usb:04b8:0202``),
``serial:DEVICE[:BAUD]``, ``net:HOST[:PORT]`` (raw port 9100), ``cups:QUEUE`` (raw job
through ``lp``). Each becomes a python-escpos printer object; :func:`send` writes a ready
ESC/POS byte string to it and turns every failure into a :class:`PrinterError`.
"""

from __future__ import annotations

import errno
import socket
import subprocess
from dataclasses import dataclass
from typing import Any

from escpos import printer as escpos_printer
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError

from counter_app.errors import LoketError, ValidationError
from counter_app.i18n import _

KINDS = ("dummy", "file", "usb", "serial", "net", "cups")
DEFAULT_PORT = 9100
DEFAULT_BAUD = 9600
STATUS_PAPER = b"\x10\x04\x04"  # DLE EOT 4: real-time paper sensor status
PAPER_END = 0x60
PAPER_NEAR_END = 0x0C


class PrinterError(LoketError):
    """The printer could not print: unreachable, switched off, out of paper, wrong spec."""


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    target: str = ""
    port: int | None = None      # net: TCP port; serial: baud rate
    vendor: int | None = None
    product: int | None = None

    def __str__(self) -> str:
        if self.kind == "dummy":
            return "dummy"
        if self.kind == "usb":
            return f"usb:{self.vendor:04x}:{self.product:04x}"
        if self.kind in ("net", "serial") and self.port is not None:
            return f"{self.kind}:{self.target}:{self.port}"
        return f"{self.kind}:{self.target}"

    @property
    def describe(self) -> str:
        """The printer as an operator names it, for messages."""
        if self.kind == "dummy":
            return _("printer uji (dummy)")
        if self.kind == "file":
            return _("berkas {path}").format(path=self.target)
        if self.kind == "usb":
            if self.vendor is None:
                return _("printer USB")
            return _("printer USB {id}").format(id=f"{self.vendor:04x}:{self.product:04x}")
        if self.kind == "serial":
            return _("printer serial {device}").format(device=self.target)
        if self.kind == "net":
            return _("printer jaringan {address}").format(address=f"{self.target}:{self.port}")
        return _("antrean CUPS '{queue}'").format(queue=self.target)


def _bad(spec: str, why: str) -> ValidationError:
    return ValidationError(
        "printer", _("spesifikasi printer '{spec}' tidak sah: {why} (contoh: {examples})").format(
            spec=spec, why=why, examples="net:192.168.1.50:9100, usb:04b8:0202, serial:/dev/ttyUSB0:9600, "
                                         "cups:Thermal, file:/dev/usb/lp0, dummy"),
    )


def parse_spec(spec: str) -> PrinterSpec:
    """Parse a printer spec string; a wrong one is a ``ValidationError`` on field ``printer``."""
    text = (spec or "").strip()
    if not text:
        raise ValidationError("printer", _("printer belum diatur: isi pengaturan 'printer' atau pakai --printer"))
    kind, _colon, rest = text.partition(":")
    kind = kind.lower()
    if kind not in KINDS:
        raise _bad(text, _("jenis '{kind}' tidak dikenal, pilihan: {choices}").format(kind=kind, choices=", ".join(KINDS)))
    if kind == "dummy":
        return PrinterSpec("dummy")
    if not rest:
        raise _bad(text, _("tujuan setelah ':' kosong"))
    if kind in ("file", "cups"):
        return PrinterSpec(kind, rest)
    if kind == "usb":
        parts = rest.split(":")
        try:
            vendor, product = (int(p, 16) for p in parts)
        except ValueError:
            raise _bad(text, _("USB ditulis VID:PID heksadesimal, mis. usb:04b8:0202")) from None
        if not (0 < vendor <= 0xFFFF and 0 < product <= 0xFFFF):
            raise _bad(text, _("VID dan PID harus 0001–ffff"))
        return PrinterSpec("usb", vendor=vendor, product=product)
    target, number = rest, None
    head, sep, tail = rest.rpartition(":")
    if sep and tail.isdigit():
        target, number = head, int(tail)
    if not target:
        raise _bad(text, _("nama host/perangkat kosong"))
    if kind == "net":
        port = DEFAULT_PORT if number is None else number
        if not 0 < port < 65536:
            raise _bad(text, _("port harus 1–65535"))
        return PrinterSpec("net", target, port)
    baud = DEFAULT_BAUD if number is None else number
    if baud not in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200):
        raise _bad(text, _("baud rate serial harus salah satu dari 1200 … 115200, mis. 9600"))
    return PrinterSpec("serial", target, baud)


class CupsRaw(Escpos):
    """A CUPS queue fed raw ESC/POS through ``lp -o raw``: one CUPS job per :meth:`close`."""

    def __init__(self, queue: str, timeout: float = 10, *args: Any, **kwargs: Any):
        Escpos.__init__(self, *args, **kwargs)
        self.queue = queue
        self.timeout = timeout
        self._buffer: list[bytes] = []

    def open(self) -> None:
        self._buffer = []
        self.device = self._buffer

    def _raw(self, msg: bytes) -> None:
        self._buffer.append(msg)

    def close(self) -> None:
        data, self._buffer = b"".join(self._buffer), []
        if not data:
            return
        try:
            done = subprocess.run(
                ["lp", "-d", self.queue, "-o", "raw", "-t", "loket"], input=data,
                capture_output=True, timeout=self.timeout, check=False,
            )
        except FileNotFoundError:
            raise PrinterError(_("perintah 'lp' (CUPS) tidak ditemukan: pasang paket cups-client")) from None
        except subprocess.TimeoutExpired:
            raise PrinterError(_("CUPS tidak menjawab dalam {seconds} detik").format(
                seconds=f"{self.timeout:g}")) from None
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip() or _("kode keluar {code}").format(
                code=done.returncode)
            raise PrinterError(_("antrean CUPS '{queue}' menolak pekerjaan cetak: {why}").format(
                queue=self.queue, why=why))


def open_printer(spec: PrinterSpec | str, timeout: float = 8) -> Escpos:
    """A python-escpos printer object for the spec (not yet connected: it opens on first write)."""
    spec = parse_spec(spec) if isinstance(spec, str) else spec
    if spec.kind == "dummy":
        return escpos_printer.Dummy()
    if spec.kind == "file":
        return escpos_printer.File(devfile=spec.target)
    if spec.kind == "net":
        return escpos_printer.Network(host=spec.target, port=spec.port, timeout=timeout)
    if spec.kind == "serial":
        return escpos_printer.Serial(devfile=spec.target, baudrate=spec.port, timeout=min(timeout, 1),
                                     dsrdtr=False)
    if spec.kind == "usb":
        return escpos_printer.Usb(idVendor=spec.vendor, idProduct=spec.product,
                                  timeout=int(timeout * 1000))
    return CupsRaw(spec.target, timeout=timeout)


def send(spec: PrinterSpec | str, data: bytes, timeout: float = 8) -> Escpos:
    """Write ``data`` to the printer and close it; returns the printer object (dummy: its output)."""
    spec = parse_spec(spec) if isinstance(spec, str) else spec
    printer = open_printer(spec, timeout)
    try:
        if spec.kind != "dummy" and printer.device is None:  # the property opens the link
            raise PrinterError(_("{printer} tidak bisa dibuka").format(printer=spec.describe))
        check_paper(printer, spec)
        printer._raw(data)
        printer.close()
    except PrinterError:
        _quiet_close(printer)
        raise
    except Exception as exc:  # every driver raises its own kinds; the user needs one message
        _quiet_close(printer)
        raise PrinterError(explain(exc, spec)) from exc
    return printer


def check_paper(printer: Escpos, spec: PrinterSpec) -> None:
    """Ask a network printer for its paper sensor (DLE EOT 4); a printer that does not answer passes."""
    if spec.kind != "net":
        return
    sock = printer.device
    previous = sock.gettimeout()
    sock.settimeout(min(previous or 1, 0.3))
    try:
        sock.sendall(STATUS_PAPER)
        reply = sock.recv(1)
    except TimeoutError:
        return
    finally:
        sock.settimeout(previous)
    if reply and reply[0] & PAPER_END == PAPER_END:
        raise PrinterError(_("{printer}: kertas habis. Isi gulungan kertas lalu cetak ulang").format(
            printer=spec.describe))


def _quiet_close(printer: Escpos) -> None:
    try:
        printer.close()
    except Exception:  # the original error is the one worth reporting
        pass


def explain(exc: BaseException, spec: PrinterSpec) -> str:
    """One sentence for a driver exception (in the run's language): what failed and what to check."""
    who = spec.describe
    cause = exc.__cause__ or exc.__context__
    chain = [exc, *([cause] if cause else [])]
    for e in chain:
        if isinstance(e, ConnectionRefusedError) or getattr(e, "errno", None) == errno.ECONNREFUSED:
            return _("{printer} menolak sambungan: printer mati atau port salah. Periksa printer menyala dan alamatnya").format(
                printer=who)
        if isinstance(e, TimeoutError):
            return _("{printer} tidak menjawab: periksa kabel jaringan/daya printer").format(printer=who)
        if isinstance(e, socket.gaierror):
            return _("{printer}: nama host tidak dikenal. Periksa alamat IP printer").format(printer=who)
        if isinstance(e, (BrokenPipeError, ConnectionResetError)):
            return _("{printer} memutus sambungan saat mencetak: periksa kertas dan tutup printer").format(
                printer=who)
        if isinstance(e, PermissionError):
            return _("{printer}: tidak ada izin menulis. Tambahkan pengguna ke grup 'lp' atau 'dialout'").format(
                printer=who)
        if isinstance(e, FileNotFoundError):
            return _("{printer} tidak ditemukan: printer belum tersambung atau nama perangkat salah").format(
                printer=who)
        if type(e).__name__ == "NoBackendError":
            return _("{printer}: pustaka libusb tidak terpasang (pasang paket libusb-1.0-0)").format(
                printer=who)
        if type(e).__name__ == "SerialException":
            if "No such file" in str(e):
                return _("{printer} tidak ditemukan: kabel serial/USB-serial belum tersambung atau nama perangkat salah").format(
                    printer=who)
            return _("{printer} tidak bisa dibuka: {error}").format(printer=who, error=e)
    if isinstance(exc, DeviceNotFoundError):
        return _("{printer} tidak ditemukan atau tidak terjangkau: printer mati, kabel lepas, atau alamat salah").format(
            printer=who)
    if isinstance(exc, OSError):
        return _("{printer} gagal: {error}").format(printer=who, error=exc.strerror or exc)
    return _("{printer} gagal: {error}").format(printer=who, error=exc)
