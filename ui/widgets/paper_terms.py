"""Paper-form terms on screen: Indonesian as printed, with the English beside in an English UI.

The blank forms and receipts stay Indonesian (they are official documents); an officer working
in English reads the same Indonesian label with its English under or after it, so what is on
the screen still matches the paper the applicant holds. The English comes from the core's
catalogue (the paper strings are marked ``N_`` in ``counter_app.forms``), or is given.

A widget showing such a term carries the dynamic property ``paperTerm`` (its English), so a
test can tell a paper term with its translation from an untranslated UI text.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from counter_app import i18n


def english_of(text: str, english: str | None = None) -> str | None:
    """The English shown beside ``text`` in an English UI, else None."""
    if i18n.language() != "en" or not text:
        return None
    found = english or i18n.in_language("en", text)
    return found if found and found != text else None


def beside(text: str, english: str | None = None, *, sep: str = "\n") -> str:
    """``text`` with its English after ``sep`` in an English UI; just ``text`` in Indonesian."""
    found = english_of(text, english)
    return text if found is None else f"{text}{sep}{found}"


def mark(widget: QWidget, text: str, english: str | None = None) -> QWidget:
    """Tag ``widget`` as showing the paper term ``text`` (with its English, when shown); a
    widget with several (a combo box's items) collects them all."""
    found = english_of(text, english)
    if found is not None:
        before = widget.property("paperTerm")
        known = [] if not before else [before] if isinstance(before, str) else list(before)
        widget.setProperty("paperTerm", found if not known else [*known, found])
    return widget


def screen_hint(text: str) -> str:
    """A hint shown only on screen (a placeholder, a tooltip): wholly in the UI's language."""
    return i18n._(text) if text else text
