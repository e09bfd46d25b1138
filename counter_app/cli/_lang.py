"""One language per run of the CLI: our lines, our help texts and click's own lines.

``loket --lang en …`` or ``LOKET_LANG=en`` runs the whole command in English; Indonesian
is the default. The help texts are written in Indonesian in the code (docstrings and
``help=``) and translated through the ``cli`` catalogue when the language is English. Click
prints its own lines ("Usage:", "Missing option …") through gettext in English; in
Indonesian they come from the ``click`` catalogue (resources/i18n/id/LC_MESSAGES/click.po).
"""

from __future__ import annotations

import gettext
import inspect
import sys

import click

from .. import i18n

_SOURCE = "_loket_source_help"
_SOURCE_LANG = "_loket_help_language"
_click_id: gettext.NullTranslations | None = None


# The usage line's placeholders, which click writes in English without gettext.
_METAVARS_ID = (("[OPTIONS]", "[OPSI]"), ("COMMAND", "PERINTAH"), ("ARGS", "ARGUMEN"))


def _metavar(text: str | None, lang: str) -> str | None:
    if text is None or lang == "en":
        return text
    for english, indonesian in _METAVARS_ID:
        text = text.replace(english, indonesian)
    return text


def translate_command(command: click.Command, lang: str) -> None:
    """``command`` and its loaded subcommands in ``lang`` (the root's lazy ones are translated
    as they load, ``_group.LazyGroup``)."""
    # A command already in ``lang`` is skipped (a process may run many commands); the root is
    # always walked, since commands join it as they load.
    if command.__dict__.get(_SOURCE_LANG) == lang and not getattr(command, "loads_lazily", False):
        return
    command.__dict__[_SOURCE_LANG] = lang
    # click builds each command's --help option once, in the language of that moment (the root's
    # before --lang is read): drop it so it is built again in this run's language.
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None
    for attr in ("options_metavar", "subcommand_metavar"):
        if getattr(command, attr, None) is not None:
            source = command.__dict__.setdefault(f"{_SOURCE}_{attr}", getattr(command, attr))
            setattr(command, attr, _metavar(source, lang))
    for attr in ("help", "short_help", "epilog"):
        source = command.__dict__.setdefault(f"{_SOURCE}_{attr}", getattr(command, attr, None))
        if source:
            text = inspect.cleandoc(source)
            setattr(command, attr, i18n.in_language(lang, text) if lang != "id" else source)
    for param in command.params:
        kind = getattr(param, "type", None)
        if isinstance(kind, click.Path):  # its metavar (FILE), named by click when the option is built
            english = ("file" if kind.file_okay and not kind.dir_okay
                       else "directory" if kind.dir_okay and not kind.file_okay else "path")
            kind.name = _click_gettext(english)
        if not hasattr(param, "help"):
            continue
        source = param.__dict__.setdefault(_SOURCE, param.help)
        if source:
            param.help = i18n.in_language(lang, source) if lang != "id" else source
    for sub in getattr(command, "commands", {}).values():
        translate_command(sub, lang)


def _click_catalogue() -> gettext.NullTranslations:
    global _click_id
    if _click_id is None:
        try:
            _click_id = gettext.translation("click", i18n.LOCALE_DIR, languages=["id"])
        except FileNotFoundError:
            _click_id = gettext.NullTranslations()
    return _click_id


def _click_gettext(message: str) -> str:
    if i18n.language() == "en":
        return message
    return _click_catalogue().gettext(message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    if i18n.language() == "en":
        return chosen
    # The click catalogue holds each form as a message of its own (Indonesian has one form).
    return _click_catalogue().gettext(chosen)


_modules_seen = 0  # len(sys.modules) when click's modules were last pointed at our gettext


def _install_click_messages() -> None:
    """Point click's gettext calls at ours (which follow the language of the run). Done again
    only when modules were imported since: walking sys.modules took a millisecond a call."""
    global _modules_seen
    core = sys.modules.get("click.core")
    if len(sys.modules) == _modules_seen and getattr(core, "_", None) is _click_gettext:
        return
    _modules_seen = len(sys.modules)
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if callable(getattr(module, "_", None)) and getattr(module, "_", None) is not _click_gettext:
                module._ = _click_gettext
            if callable(getattr(module, "ngettext", None)):
                module.ngettext = _click_ngettext


def use_language(root: click.Command, lang: str | None) -> str:
    """Make ``lang`` the language of the core's messages, the help texts and click's lines."""
    code = i18n.set_language(lang)
    _install_click_messages()
    translate_command(root, code)
    return code


__all__ = ["translate_command", "use_language"]
