"""Keep the gettext catalogues in step with the code (``make messages``).

    python -m tools.messages update   # add new messages to the .po files, drop gone ones
    python -m tools.messages compile  # .po → .mo (what the app loads)
    python -m tools.messages check    # untranslated, placeholders that differ, stale .mo

Domains (counter_app/i18n.py):

- ``core``: ``_()``/``N_()``/``ngettext()`` in counter_app (not its CLI);
- ``printing`` and ``sync``: the same in those packages;
- ``cli``: the same in counter_app/cli, plus every help text of the ``loket`` command tree
  (docstrings, ``help=``), which the CLI translates when it runs in English;
- ``click``: click's own lines ("Usage:", "Missing option …") in Indonesian, the one
  catalogue whose source is English.

The Indonesian source strings are the msgids; English lives in ``en/LC_MESSAGES``.
"""

from __future__ import annotations

import inspect
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "resources" / "i18n"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
CLICK_INDIRECT = ("required",)
PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")

# domain → (target language, source directories, directories left out)
DOMAINS = {
    "core": ("en", ["counter_app"], ["counter_app/cli"]),
    "cli": ("en", ["counter_app/cli"], []),
    "printing": ("en", ["printing"], []),
    # The portal's public pages are Indonesian (Jinja templates); its refusals reach officers.
    "sync": ("en", ["sync"], []),
    "click": ("id", [], []),
}


def _from_code(dirs: Iterable[str], skip: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    skipped = [ROOT / s for s in skip]
    for d in dirs:
        base = ROOT / d

        def keep(path: str, base=base) -> bool:
            full = (base / path).resolve()
            return not any(full == s or s in full.parents for s in skipped)

        for filename, lineno, message, _comments, _ctx in extract_from_dir(
                base, keywords=KEYWORDS, directory_filter=keep):
            where = f"{d}/{filename}:{lineno}"
            for msg in (message if isinstance(message, tuple) else (message,)):
                if msg:
                    found.setdefault(msg, []).append(where)
    return found


def help_texts(command) -> Iterable[str]:
    """Every help text click shows for ``command`` and its subcommands."""
    for text in (command.help, command.short_help, getattr(command, "epilog", None)):
        if text:
            yield inspect.cleandoc(text)
    for param in command.params:
        if getattr(param, "help", None):
            yield param.help
    # Through click's own lookup: the root loads its commands (and the plugins') on demand.
    ctx = click.Context(command)
    for name in command.list_commands(ctx) if isinstance(command, click.Group) else ():
        yield from help_texts(command.get_command(ctx, name))


def _click_messages() -> dict[str, list[str]]:
    import click

    base = Path(click.__file__).parent
    found: dict[str, list[str]] = {}
    keywords = {"_": None, "ngettext": (1, 2)}
    for filename, lineno, message, _c, _x in extract_from_dir(base, keywords=keywords):
        if filename.startswith("_winconsole"):
            continue
        for msg in (message if isinstance(message, tuple) else (message,)):
            if msg:
                found.setdefault(msg, []).append(f"click/{filename}:{lineno}")
    # Translated by click through a variable (``_(extra["required"])``), so not extracted.
    for msg in CLICK_INDIRECT:
        found.setdefault(msg, []).append("click/core.py:0")
    return found


def wanted(domain: str) -> dict[str, list[str]]:
    """msgid → where it is used, for every message ``domain`` must translate."""
    if domain == "click":
        return _click_messages()
    _lang, dirs, skip = DOMAINS[domain]
    found = _from_code(dirs, skip)
    if domain == "cli":
        from counter_app.cli import cli

        for text in help_texts(cli):
            found.setdefault(text, []).append("help")
    return found


def po_path(domain: str) -> Path:
    lang = DOMAINS[domain][0]
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(domain: str) -> Catalog:
    path = po_path(domain)
    if not path.exists():
        return Catalog(locale=DOMAINS[domain][0], domain=domain, project="Loket")
    with path.open("rb") as f:
        return read_po(f, locale=DOMAINS[domain][0], domain=domain)


def _plural_of(domain: str) -> dict[str, str]:
    """ngettext pairs: singular → plural, from the same extraction."""
    pairs: dict[str, str] = {}
    if domain == "click":
        return pairs
    _lang, dirs, skip = DOMAINS[domain]
    for d in dirs:
        for _f, _l, message, _c, _x in extract_from_dir(ROOT / d, keywords=KEYWORDS):
            if isinstance(message, tuple) and len(message) == 2 and all(message):
                pairs[message[0]] = message[1]
    return pairs


def update(domain: str) -> Catalog:
    old = read(domain)
    # A fixed creation date keeps an unchanged catalogue byte for byte the same.
    new = Catalog(locale=DOMAINS[domain][0], domain=domain, project="Loket", version="0.1",
                  header_comment=f"# Loket: {domain} messages, {DOMAINS[domain][0]}.",
                  creation_date=old.creation_date, revision_date=old.creation_date,
                  fuzzy=False)
    plurals = _plural_of(domain)
    for msgid, where in sorted(wanted(domain).items()):
        key = (msgid, plurals[msgid]) if msgid in plurals else msgid
        before = old.get(msgid)
        string = before.string if before is not None else ("", "") if msgid in plurals else ""
        locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) if ":" in w else (w, None)
                     for w in where[:3]]
        new.add(key, string, locations=locations)
    path = po_path(domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, new, width=100, sort_output=True, include_lineno=False)
    return new


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def compile_domain(domain: str) -> Path:
    mo = po_path(domain).with_suffix(".mo")
    mo.write_bytes(mo_bytes(read(domain)))
    return mo


def problems(domain: str) -> list[str]:
    """What keeps ``domain`` from being complete and loaded as written."""
    out: list[str] = []
    catalog = read(domain)
    need = wanted(domain)
    for msgid in sorted(need):
        message = catalog.get(msgid)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or not all(strings):
            out.append(f"{domain}: not translated: {msgid!r} ({need[msgid][0]})")
            continue
        if message.fuzzy:
            out.append(f"{domain}: fuzzy: {msgid!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        want = {m for i in ids for m in PLACEHOLDER.findall(i)}
        for s in strings:
            if {m for m in PLACEHOLDER.findall(s)} != want:
                out.append(f"{domain}: placeholders differ: {msgid!r} → {s!r}")
    gone = [m.id for m in catalog if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in need]
    if gone:
        out.append(f"{domain}: {len(gone)} messages no longer in the code (run make messages)")
    mo = po_path(domain).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
        out.append(f"{domain}: {mo.name} is not compiled from its .po (run make messages)")
    return out


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    domains = argv[1:] or list(DOMAINS)
    if action == "update":
        for d in domains:
            catalog = update(d)
            missing = sum(1 for m in catalog if m.id and not m.string)
            print(f"{po_path(d).relative_to(ROOT)}: {len(catalog)} messages, {missing} to translate")
        action = "compile"
    if action == "compile":
        for d in domains:
            print(f"{compile_domain(d).relative_to(ROOT)}")
        return 0
    if action == "check":
        found = [p for d in domains for p in problems(d)]
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
