"""The main window's pages, in sidebar order: (key, Indonesian title, "module:Class", roles).

Each page class is a QWidget constructed as ``Page(ctx)`` with ``ctx`` a
:class:`ui.context.AppContext`; it may define ``refresh()`` (called when shown and when
``ctx.changed`` fires). ``roles`` None = every role; otherwise the roles that hold the
page's permission in the core's table (counter_app/permissions.py), so the sidebar and the
core's refusals agree. Add a line here to add a page.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP  # titles are translated in context "pages"

from counter_app.permissions import roles_with

SERVE = roles_with("service.serve")

PAGES: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    ("counter", QT_TRANSLATE_NOOP("pages", "Konsol loket"), "ui.pages.counter:CounterPage", SERVE),
    ("registration", QT_TRANSLATE_NOOP("pages", "Pendaftaran"), "ui.pages.registration:RegistrationPage", SERVE),
    ("applications", QT_TRANSLATE_NOOP("pages", "Permohonan"), "ui.pages.applications:ApplicationsPage", SERVE),
    ("skm_kiosk", QT_TRANSLATE_NOOP("pages", "Kiosk SKM"), "ui.pages.skm_kiosk:SkmKioskPage", SERVE),
    ("skm_transcribe", QT_TRANSLATE_NOOP("pages", "Transkripsi SKM"), "ui.pages.skm_transcribe:SkmTranscribePage", SERVE),
    ("complaints", QT_TRANSLATE_NOOP("pages", "Pengaduan"), "ui.pages.complaints:ComplaintsPage", SERVE),
    ("dashboard", QT_TRANSLATE_NOOP("pages", "Dasbor"), "ui.pages.dashboard:DashboardPage", roles_with("report.view")),
    ("calendar", QT_TRANSLATE_NOOP("pages", "Kalender"), "ui.pages.calendar:CalendarPage", roles_with("calendar.manage")),
    ("call_display", QT_TRANSLATE_NOOP("pages", "Layar panggilan"), "ui.pages.call_display:CallDisplayPage", None),
    ("settings", QT_TRANSLATE_NOOP("pages", "Pengaturan"), "ui.pages.settings:SettingsPage", roles_with("user.manage")),
]
