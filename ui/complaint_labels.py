"""The core's complaint labels (type, channel, service-standard component, status) in the UI's
language. The core keeps them in Indonesian (``counter_app.complaints``); each is listed here
for ``lupdate`` and shown through :func:`label`, which falls back to the core's own text."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app import complaints

CONTEXT = "complaint_labels"
GROUPS = {"type": complaints.TYPES, "channel": complaints.CHANNELS, "component": complaints.COMPONENTS,
          "status": complaints.STATUSES}

# Every Indonesian label of counter_app.complaints, for the translation files (a test keeps
# this list and the core's dictionaries the same).
SOURCES = (
    QT_TRANSLATE_NOOP("complaint_labels", "Pengaduan"),
    QT_TRANSLATE_NOOP("complaint_labels", "Kritik"),
    QT_TRANSLATE_NOOP("complaint_labels", "Saran"),
    QT_TRANSLATE_NOOP("complaint_labels", "Apresiasi"),
    QT_TRANSLATE_NOOP("complaint_labels", "Loket"),
    QT_TRANSLATE_NOOP("complaint_labels", "Kotak saran"),
    QT_TRANSLATE_NOOP("complaint_labels", "Telepon"),
    QT_TRANSLATE_NOOP("complaint_labels", "Surel (e-mail)"),
    QT_TRANSLATE_NOOP("complaint_labels", "Pesan (WhatsApp/SMS)"),
    QT_TRANSLATE_NOOP("complaint_labels", "Situs web"),
    QT_TRANSLATE_NOOP("complaint_labels", "Persyaratan"),
    QT_TRANSLATE_NOOP("complaint_labels", "Sistem, mekanisme, dan prosedur"),
    QT_TRANSLATE_NOOP("complaint_labels", "Jangka waktu penyelesaian"),
    QT_TRANSLATE_NOOP("complaint_labels", "Biaya/tarif"),
    QT_TRANSLATE_NOOP("complaint_labels", "Produk pelayanan"),
    QT_TRANSLATE_NOOP("complaint_labels", "Sarana, prasarana, dan/atau fasilitas"),
    QT_TRANSLATE_NOOP("complaint_labels", "Kompetensi pelaksana"),
    QT_TRANSLATE_NOOP("complaint_labels", "Perilaku pelaksana"),
    QT_TRANSLATE_NOOP("complaint_labels", "Penanganan pengaduan, saran, dan masukan"),
    QT_TRANSLATE_NOOP("complaint_labels", "Jaminan pelayanan, keamanan dan keselamatan"),
    QT_TRANSLATE_NOOP("complaint_labels", "Lainnya"),
    QT_TRANSLATE_NOOP("complaint_labels", "Baru"),
    QT_TRANSLATE_NOOP("complaint_labels", "Diproses"),
    QT_TRANSLATE_NOOP("complaint_labels", "Selesai"),
    QT_TRANSLATE_NOOP("complaint_labels", "Ditutup"),
)


def label(group: str, key: str | None) -> str:
    """The label of ``key`` in ``group`` (type, channel, component, status), translated."""
    if not key:
        return ""
    text = GROUPS[group].get(key)
    return QCoreApplication.translate(CONTEXT, text) if text else key


def items(group: str) -> list[tuple[str, str]]:
    """(key, translated label) for a combo box, in the core's order."""
    return [(key, label(group, key)) for key in GROUPS[group]]
