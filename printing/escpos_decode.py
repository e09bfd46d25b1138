"""Decode an ESC/POS byte stream back into printed lines, QR codes, feeds and cuts.

Used by the tests (to assert what a printer actually received) and by the previews that
draw a ticket as the printer would. Strict: an unknown command raises ``DecodeError``
rather than being skipped, so malformed output cannot pass unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from counter_app.i18n import _

ESC, GS, DLE, LF, CR, HT = 0x1B, 0x1D, 0x10, 0x0A, 0x0D, 0x09


class DecodeError(ValueError):
    """The bytes are not the ESC/POS this decoder understands."""


@dataclass(frozen=True)
class TextStyle:
    align: str = "left"
    bold: bool = False
    underline: int = 0
    width: int = 1
    height: int = 1
    invert: bool = False
    font: int = 0


@dataclass(frozen=True)
class Line:
    text: str
    style: TextStyle


@dataclass(frozen=True)
class QR:
    data: str
    size: int
    ec: str
    align: str


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class Cut:
    partial: bool


@dataclass
class Decoded:
    items: list = field(default_factory=list)
    commands: list[str] = field(default_factory=list)   # every command, in order (e.g. "GS ( k")
    codepage: int = 0

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def qr_codes(self) -> list[QR]:
        return [i for i in self.items if isinstance(i, QR)]

    @property
    def cuts(self) -> list[Cut]:
        return [i for i in self.items if isinstance(i, Cut)]

    def find(self, text: str) -> Line:
        """The first line containing ``text`` (raises ``LookupError`` when absent)."""
        for line in self.lines:
            if text in line.text:
                return line
        raise LookupError(text)


# Commands with a fixed number of parameter bytes that only change state we do not draw.
_ESC_FIXED = {ord("2"): 0, ord("3"): 1, ord("G"): 1, ord("{"): 1, ord("V"): 1, ord(" "): 1,
              ord("c"): 2, ord("p"): 3, ord("R"): 1}
_GS_FIXED = {ord("b"): 1, ord("L"): 2, ord("W"): 2, ord("h"): 1, ord("w"): 1, ord("H"): 1,
             ord("f"): 1, ord("P"): 2}
_ALIGN = {0: "left", 1: "center", 2: "right"}
_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}


def decode(data: bytes) -> Decoded:
    """Walk the stream; text between line feeds becomes a :class:`Line` with the style at its start."""
    out = Decoded()
    style = TextStyle()
    line_style: TextStyle | None = None
    buf = bytearray()
    qr_store: dict[str, object] = {}
    i, n = 0, len(data)

    def need(count: int) -> bytes:
        if i + count > n:
            raise DecodeError(_("perintah terpotong di byte {offset}").format(offset=i))
        return data[i:i + count]

    def flush() -> None:
        nonlocal line_style
        text = bytes(buf).decode("cp437")
        out.items.append(Line(text.rstrip("\r"), line_style or style))
        buf.clear()
        line_style = None

    while i < n:
        b = data[i]
        if b == LF:
            flush()
            i += 1
        elif b == CR:
            i += 1
        elif b == ESC:
            cmd = need(2)[1]
            i += 2
            name = f"ESC {chr(cmd)}"
            out.commands.append(name)
            if cmd == ord("@"):
                style = TextStyle()
            elif cmd == ord("a"):
                style = replace(style, align=_ALIGN[need(1)[0] % 48])
                i += 1
            elif cmd == ord("E"):
                style = replace(style, bold=bool(need(1)[0] & 1))
                i += 1
            elif cmd == ord("-"):
                style = replace(style, underline=need(1)[0] % 48)
                i += 1
            elif cmd == ord("!"):
                m = need(1)[0]
                style = replace(style, font=m & 1, bold=bool(m & 8), height=2 if m & 16 else 1,
                                width=2 if m & 32 else 1, underline=1 if m & 128 else 0)
                i += 1
            elif cmd == ord("M"):
                style = replace(style, font=need(1)[0] % 48)
                i += 1
            elif cmd == ord("t"):
                out.codepage = need(1)[0]
                i += 1
            elif cmd == ord("d"):
                if buf:
                    flush()
                out.items.append(Feed(need(1)[0]))
                i += 1
            elif cmd == ord("J"):
                i += 1
            elif cmd in _ESC_FIXED:
                i += _ESC_FIXED[cmd]
            else:
                raise DecodeError(_("perintah ESC {command} tidak dikenal di byte {offset}").format(
                    command=f"{cmd:#04x}", offset=i - 2))
        elif b == GS:
            cmd = need(2)[1]
            i += 2
            name = f"GS {chr(cmd)}"
            if cmd == ord("!"):
                m = need(1)[0]
                style = replace(style, width=(m >> 4) + 1, height=(m & 0x0F) + 1)
                i += 1
            elif cmd == ord("B"):
                style = replace(style, invert=bool(need(1)[0] & 1))
                i += 1
            elif cmd == ord("V"):
                m = need(1)[0]
                i += 1
                if m in (65, 66):
                    i += 1
                if buf:
                    flush()
                out.items.append(Cut(partial=m in (1, 49, 66)))
            elif cmd == ord("("):
                fn_letter = chr(need(1)[0])
                name = f"GS ( {fn_letter}"
                length = int.from_bytes(data[i + 1:i + 3], "little")
                body = need(3 + length)[3:]
                i += 3 + length
                if fn_letter == "k":
                    _qr_function(body, qr_store, out, style)
            elif cmd == ord("v"):
                head = need(6)
                width_bytes = int.from_bytes(head[2:4], "little")
                rows = int.from_bytes(head[4:6], "little")
                i += 6 + width_bytes * rows
            elif cmd in _GS_FIXED:
                i += _GS_FIXED[cmd]
            else:
                raise DecodeError(_("perintah GS {command} tidak dikenal di byte {offset}").format(
                    command=f"{cmd:#04x}", offset=i - 2))
            out.commands.append(name)
        elif b == DLE:
            out.commands.append("DLE EOT")
            if need(2)[1] != 0x04:
                raise DecodeError(_("perintah DLE tidak dikenal di byte {offset}").format(offset=i))
            i += 3
        elif b == HT or b >= 0x20:
            if not buf:
                line_style = style
            buf.append(0x20 if b == HT else b)
            i += 1
        else:
            raise DecodeError(_("byte kendali {byte} tidak dikenal di byte {offset}").format(byte=f"{b:#04x}", offset=i))
    if buf:
        flush()
    return out


def _qr_function(body: bytes, store: dict, out: Decoded, style: TextStyle) -> None:
    """GS ( k with cn = '1' (QR): 'A' model, 'C' size, 'E' error level, 'P' store, 'Q' print."""
    if len(body) < 2 or body[0] != ord("1"):
        raise DecodeError(_("GS ( k selain QR (cn=49) tidak didukung"))
    fn = chr(body[1])
    if fn == "C":
        store["size"] = body[2]
    elif fn == "E":
        store["ec"] = _EC.get(body[2], "?")
    elif fn == "P":
        store["data"] = body[3:].decode("utf-8")
    elif fn == "Q":
        if "data" not in store:
            raise DecodeError(_("QR dicetak sebelum datanya disimpan"))
        out.items.append(QR(str(store["data"]), int(store.get("size", 3)), str(store.get("ec", "L")),
                            style.align))
    elif fn != "A":
        raise DecodeError(_("fungsi QR '{function}' tidak dikenal").format(function=fn))
