"""Printing: ESC/POS tickets and receipts, A4 PDFs (receipts, blank paper forms) and the printer link.

Reads the core (``counter_app``), never the UI. ``jobs`` is the entry point: it reserves a
print job in the core, renders the bytes, sends them within a timeout and records the
outcome, falling back to a PDF when the printer cannot be reached.
"""
