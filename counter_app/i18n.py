"""The core's messages in one language at a time (gettext catalogues, not Qt).

The source language is Indonesian: every message is written in Indonesian in the code,
marked ``_("…")`` where it is made (or ``N_("…")`` where it is only named, e.g. in a
table built at import, and translated with ``_()`` where it is shown). English comes from
the catalogues ``resources/i18n/en/LC_MESSAGES/<domain>.po`` (compiled to ``.mo`` by
``make messages``); a message missing there falls back to the Indonesian.

Placeholders are named and filled after translation, so a translation may move them:
``_("NIK harus 16 digit, tertulis {n} digit").format(n=len(value))``.

The language is a process setting: the CLI sets it from ``--lang`` or ``LOKET_LANG``; the
desktop app sets it to the officer's UI language. Codes in JSON never go through here.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT = "id"
# One catalogue per package: the core's messages, the CLI's own lines and help texts, the
# printing package's and the sync package's (client, USB bundle, hub) messages.
DOMAINS = ("core", "cli", "printing", "sync")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"

_language = DEFAULT
_catalogues: dict[str, gettext.NullTranslations] = {}


def normalise(lang: str | None) -> str:
    """``en``, ``en_GB``, ``EN-us`` → ``en``; anything unknown → Indonesian."""
    code = (lang or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else DEFAULT


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of every message from now on; returns the code used."""
    global _language
    _language = normalise(lang)
    return _language


def language() -> str:
    return _language


def from_environment() -> str:
    """The language ``LOKET_LANG`` asks for (Indonesian when unset)."""
    return set_language(os.environ.get("LOKET_LANG"))


def catalogue(lang: str | None = None) -> gettext.NullTranslations:
    """Every domain's translations for ``lang``, chained; Indonesian is the identity."""
    code = normalise(lang or _language)
    found = _catalogues.get(code)
    if found is None:
        found = gettext.NullTranslations()
        if code != DEFAULT:
            for domain in reversed(DOMAINS):
                try:
                    one = gettext.translation(domain, LOCALE_DIR, languages=[code])
                except FileNotFoundError:
                    continue
                one.add_fallback(found)
                found = one
        _catalogues[code] = found
    return found


def _(message: str) -> str:
    """``message`` (Indonesian) in the current language."""
    if _language == DEFAULT or not message:
        return message
    return catalogue().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural by ``n`` (Indonesian has one form: ``plural`` repeats ``singular``)."""
    if _language == DEFAULT:
        return singular
    return catalogue().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (translate where shown)."""
    return message


def in_language(lang: str, message: str) -> str:
    """``message`` translated into ``lang`` regardless of the current language."""
    code = normalise(lang)
    return message if code == DEFAULT else catalogue(code).gettext(message)


__all__ = ["DOMAINS", "LANGUAGES", "N_", "_", "catalogue", "from_environment", "in_language",
           "language", "ngettext", "normalise", "set_language"]
