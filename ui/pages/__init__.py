"""The main window's pages, in sidebar order: (key, Indonesian title, "module:Class", roles).

Each page class is a QWidget constructed as ``Page(ctx)`` with ``ctx`` a
:class:`ui.context.AppContext`; it may define ``refresh()`` (called when shown and when
``ctx.changed`` fires). ``roles`` None = every role. Add a line here to add a page.
"""

from __future__ import annotations

PAGES: list[tuple[str, str, str, tuple[str, ...] | None]] = [
]
