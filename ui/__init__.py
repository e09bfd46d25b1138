"""Loket desktop app (PySide6): calls core services only, never blocks the GUI thread."""
