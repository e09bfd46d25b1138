"""Loket core: domain rules and the local SQLite store (no Qt, no HTTP, no printer code)."""

__version__ = "0.1.0"
