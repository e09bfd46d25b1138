"""What a screen shows, as text, and which words of the other language are in it.

Used by the one-language tests: every visible label, button, tab, header, cell, list item,
placeholder, combo item, group title and tooltip of a window or dialog is collected; the
data the officer typed or the catalogue holds (service names, people, counters) is taken
out first, since data is never translated; then the words of the UI's own vocabulary in
the wrong language are what is left to find.

Paper-form terms stay Indonesian on screen with the English beside them: a widget says so
with the dynamic property ``paperTerm`` set to its English; its text must then hold both.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Words of the app's own Indonesian UI vocabulary (not names: data is taken out first).
INDONESIAN = """
antrean antre loket layanan panggil dipanggil panggilan menunggu selesai lewati dilewati hadir
simpan batal cari pilih ubah hapus tambah cetak tercetak tutup buka masuk keluar kembali lanjut
kirim petugas pemohon permohonan pengaduan pendaftaran tanggal hari minggu bulan tahun jumlah
nomor nama alamat telepon keterangan catatan alasan belum sudah tidak ada dan atau untuk dengan
yang dari ini baru semua perangkat pengaturan sandi pengguna peran laporan ringkasan dasbor
kalender libur kerja batas waktu tiket gagal berhasil sedang mohon silakan terima kasih responden
unsur nilai mutu pelayanan masyarakat kepuasan survei persyaratan berkas kosongkan pindahkan
pulihkan ulang tanda tangan berita acara disetujui ditolak diterima diproses diverifikasi dicabut
pencetak terhubung tersambung sinkron sinkronisasi cadangan pulih kunci layar mnt menit detik
perempuan laki jenis kelamin lahir tempat pendidikan pekerjaan umur kode sebelum sesudah hingga
lansia penyandang disabilitas hamil balita prioritas biasa sementara perkiraan
""".split()

# English words that must not show in the Indonesian UI (Qt's own texts, leftovers).
ENGLISH = """
save cancel yes close open apply reset discard help retry ignore abort undo redo cut copy paste
delete select all called waiting finished skipped error failed ready search today
""".split()

# An English count with the plural after one ("1 respondents", "1 minutes"): a tr() without
# its numerus form. The words ending in s that are not plurals are left out.
ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?:([A-Za-z]+s)|people|children)\b")
NOT_PLURAL = {"is", "was", "has", "does", "this", "its", "plus", "us", "as", "yes", "status", "bus", "access",
              "address", "process", "success", "class", "less", "across", "always", "bonus", "campus", "focus"}
# A role shown as its code ("rina (frontliner)"), not its label ("Petugas loket", "Counter officer").
ROLE_CODE = re.compile(r"\((?:frontliner|satellite_officer|supervisor|admin)\)|\b(?:frontliner|satellite_officer)\b")

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
PATH = re.compile(r"(?:[A-Za-z]:)?[/\\]\S+")


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out = []
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model (QListWidget's): one column
        columns = 1
    for c in range(columns):
        value = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if value:
            out.append(str(value))
    for r in range(min(model.rowCount(root), 50)):
        for c in range(columns):
            value = model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
            if value:
                out.append(str(value))
    return out


def _on_public_screen(widget: QWidget, root: QWidget) -> bool:
    """The hall board is Indonesian whatever the officer's language (issue 16): a widget inside
    one (``publicScreen`` set on it or an ancestor, up to ``root``) is not the officer's UI."""
    w: QWidget | None = widget
    while w is not None:
        if w.property("publicScreen"):
            return True
        if w is root:
            return False
        w = w.parentWidget()
    return False


def shown_texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, text) of everything visible in ``root`` and its children."""
    found: list[tuple[QWidget, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or _on_public_screen(w, root):
            continue
        texts: list[str] = []
        if w.isWindow() and w.windowTitle():
            texts.append(w.windowTitle())
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append((w, _plain(w.text())))  # the widget's own text: a paper term, maybe
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            texts.append(w.placeholderText())
        elif isinstance(w, QAbstractSpinBox):
            texts.append(w.text())  # with its suffix: "1 minute (0 = never)"
        elif isinstance(w, QComboBox):
            texts.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QAbstractItemView):
            texts.extend(_model_texts(w))
        if w.toolTip():
            texts.append(w.toolTip())
        # placeholders, tooltips, titles, items: never paper terms unless the widget is a list
        found.extend((None if isinstance(w, (QLabel, QAbstractButton)) else w, _plain(t))
                     for t in texts if t and t.strip())
    return [(w, t) for w, t in found if t and t.strip()]


def strip_data(text: str, data: list[str]) -> str:
    for item in sorted(data, key=len, reverse=True):
        if item and len(item) > 2:
            text = re.sub(re.escape(item), " ", text, flags=re.IGNORECASE)
    return text


def wrong_words(root: QWidget, language: str, data: list[str]) -> list[str]:
    """Lines ``widget class: text → words`` of every text holding a word of the other language."""
    vocabulary = set(INDONESIAN if language == "en" else ENGLISH)
    problems = []
    for widget, text in shown_texts(root):
        rest = PATH.sub(" ", strip_data(text, data))  # a file's path is data too
        english_beside = widget.property("paperTerm") if widget is not None else None
        if language == "en" and english_beside:
            beside = [english_beside] if isinstance(english_beside, str) else list(english_beside)
            if any(e in text for e in beside):
                continue  # a paper-form term with its English beside it
            if isinstance(english_beside, str):
                problems.append(f"{type(widget).__name__}: {text!r} → paper term without its English")
                continue
        words = {w.casefold() for w in WORD.findall(rest)}
        bad = sorted(words & vocabulary)
        if language == "en":
            bad += [m.group(0) for m in ONE_PLURAL.finditer(rest)
                    if m.group(1) is None or m.group(1).casefold() not in NOT_PLURAL]
        bad += [m.group(0) for m in ROLE_CODE.finditer(rest)]
        if bad:
            where = f"{type(widget).__name__} {widget.objectName()!r}" if widget is not None else "hint/title"
            problems.append(f"{where}: {text!r} → {bad}")
    return problems
