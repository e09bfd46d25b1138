"""Who may do what: the roles × permissions table and ``require(session, permission)``.

A leaf module (it imports only the actor, error and message modules), so every service that
changes or exports data can check the actor's permission where the rule lives, ``site``,
``calendar``, ``backup`` and ``events`` included, without an import cycle. The CLI and the UI
only show the refusal, so both refuse the same things with the same message, and the UI's
page list is derived from this table. docs/accountability.md carries the same table (a test
regenerates it and fails when the two differ).
"""

from __future__ import annotations

from typing import Any, Protocol

from .actors import ROLES, SYSTEM, Actor
from .errors import PermissionDenied
from .i18n import N_, _

ROLE_LABELS = {
    "frontliner": N_("Petugas loket"),
    "satellite_officer": N_("Petugas layanan satelit"),
    "supervisor": N_("Penanggung jawab / pengelola layanan"),
    "admin": N_("Administrator (pengelola teknis)"),
}

# What each permission allows (the UI and the docs show these labels), in table order.
PERMISSION_LABELS = {
    "service.serve": N_("melayani pemohon: konsol loket, pendaftaran dan permohonan"),
    "skm.record": N_("mencatat jawaban SKM"),
    "complaint.file": N_("mencatat pengaduan"),
    "device.printer": N_("mengatur printer perangkat ini"),
    "complaint.handle": N_("menanggapi, meneruskan ke SP4N-LAPOR! dan menutup pengaduan"),
    "skm.correct": N_("membatalkan jawaban SKM yang salah dimasukkan"),
    "personal_data.view": N_("melihat NIK dan nomor telepon lengkap"),
    "personal_data.erase": N_("menghapus data pribadi pemohon atas permintaannya (UU 27/2022)"),
    "report.view": N_("melihat dasbor dan laporan"),
    "audit.verify": N_("memeriksa rantai hash log"),
    "backup.create": N_("membuat cadangan database"),
    "sync.export": N_("mengekspor event ke bundel USB (berisi data pribadi)"),
    "settings.manage": N_("mengubah pengaturan lokasi (mis. bobot SKM, printer seluruh lokasi)"),
    "calendar.manage": N_("menutup, membuka dan mengonfirmasi hari kerja (menggeser batas waktu layanan)"),
    "report.signoff": N_("menandatangani berita acara harian"),
    "conflict.resolve": N_("menandai konflik antarperangkat sudah diselesaikan"),
    "catalog.manage": N_("mengubah katalog layanan"),
    "site.configure": N_("mengubah identitas lokasi dan perangkat (kode, nama, tingkat, zona waktu, seri antrean)"),
    "sync.configure": N_("mengganti alamat portal dan token perangkat"),
    "db.rebuild": N_("membangun ulang tabel proyeksi dari log"),
    "backup.restore": N_("memulihkan database dari cadangan"),
    "user.manage": N_("mengelola akun petugas"),
}

_EVERYONE = ("skm.record", "complaint.file", "device.printer")
_SERVING = _EVERYONE + ("service.serve",)
PERMISSIONS: dict[str, frozenset[str]] = {
    "frontliner": frozenset(_SERVING),
    # Alone at a satellite point: handles complaints, backs up the laptop and carries the USB bundle.
    "satellite_officer": frozenset(_SERVING + (
        "complaint.handle", "skm.correct", "personal_data.view", "report.view", "audit.verify",
        "backup.create", "sync.export")),
    "supervisor": frozenset(_SERVING + (
        "complaint.handle", "skm.correct", "personal_data.view", "report.view", "audit.verify",
        "backup.create", "sync.export", "settings.manage", "calendar.manage", "report.signoff",
        "conflict.resolve", "personal_data.erase")),
    # Technical role: no personal data, no serving, no complaint handling (data minimisation).
    "admin": frozenset(_EVERYONE + (
        "audit.verify", "backup.create", "sync.export", "settings.manage", "calendar.manage",
        "conflict.resolve", "catalog.manage", "site.configure", "sync.configure", "db.rebuild",
        "backup.restore", "user.manage", "personal_data.erase")),
}


class HasActor(Protocol):
    actor: Actor


def allowed(actor: Actor, permission: str) -> bool:
    """True if ``actor`` may do ``permission``. The device itself (``SYSTEM``) may do all:
    the CLI acts as it only while the site has never had an account (``users.login_actor``)."""
    if permission not in PERMISSION_LABELS:
        raise ValueError(f"unknown permission {permission!r}")
    return actor == SYSTEM or permission in PERMISSIONS.get(actor.role, ())


def role_label(role: str) -> str:
    """The name of a role in the current language."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def require(session: HasActor, permission: str) -> None:
    """Raise PermissionDenied unless the session's actor may do ``permission``."""
    actor = session.actor
    if not allowed(actor, permission):
        raise PermissionDenied(_("{user} ({role}) tidak berwenang {permission}").format(
            user=actor.username, role=role_label(actor.role), permission=_(PERMISSION_LABELS[permission])))


def roles_with(permission: str) -> tuple[str, ...]:
    """The roles that have ``permission``, in ROLES order (e.g. for the UI's page list)."""
    if permission not in PERMISSION_LABELS:
        raise ValueError(f"unknown permission {permission!r}")
    return tuple(r for r in ROLES if permission in PERMISSIONS[r])


def permission_table() -> list[dict[str, Any]]:
    """One row per permission with a yes/no per role (for docs and the admin screen)."""
    return [
        {"permission": p, "label": _(label), **{r: p in PERMISSIONS[r] for r in ROLES}}
        for p, label in PERMISSION_LABELS.items()
    ]


def markdown_table() -> str:
    """The table as docs/accountability.md shows it (Indonesian labels, one row per permission)."""
    head = ["Wewenang", "Artinya", *ROLES]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _h in head) + "|"]
    for p, label in PERMISSION_LABELS.items():
        marks = ["ya" if p in PERMISSIONS[r] else "–" for r in ROLES]
        lines.append("| " + " | ".join([f"`{p}`", label, *marks]) + " |")
    return "\n".join(lines)
