"""Shared pieces of the CLI: the root group, opening the session, output and errors."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import LoketError
from ..i18n import _
from ._group import LazyGroup

if TYPE_CHECKING:  # the session (the store, its migrations, the calendar) loads when a command opens it
    from ..session import Session


class CliState:
    def __init__(self, db: Path, user: str | None = None):
        self.db = db
        self.user = user  # --user / LOKET_USER; None = device set-up (no accounts) or the GUI
        self.gui = False
        self._session: Session | None = None

    def session(self, *, require_init: bool = True) -> Session:
        if self._session is None:
            from ..session import Session
            from . import user

            opened = Session.open(self.db)
            try:
                opened.actor = user.login_actor(opened, self.user, gui=self.gui)
            except BaseException:
                opened.close()
                raise
            # No daily backup here: copying the whole file inside whichever command opens the
            # day (and retrying it on a full disk) is the app's background work, or
            # 'loket backup auto' from a task scheduler.
            self._session = opened
        if require_init and not self._session.initialized:
            raise LoketError(_("database {db} belum diinisialisasi: jalankan 'loket init' dulu")
                             .format(db=self.db))
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    from ._lang import use_language

    return use_language(ctx.find_root().command, value)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option("--lang", type=click.Choice(["id", "en"], case_sensitive=False), envvar="LOKET_LANG",
              is_eager=True, expose_value=False, callback=_set_language,
              help="Bahasa keluaran: id (bawaan) atau en.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="LOKET_DB",
              help="Berkas database SQLite (bawaan: di direktori data pengguna).")
@click.option("--user", envvar="LOKET_USER", help="Nama pengguna petugas (kata sandi: LOKET_PASSWORD atau ditanyakan).")
@click.version_option(package_name="loket", help="Tampilkan versi lalu keluar.")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, user: str | None) -> None:
    """Loket: aplikasi loket layanan MPP dan layanan satelit yang tetap jalan tanpa jaringan."""
    from ..logs import setup_logging
    from ..store import default_db_path

    state = CliState(db or default_db_path(), user)
    setup_logging(state.db)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        from .site import start_app

        state.gui = True  # the desktop app logs staff in itself
        ctx.invoke(start_app)


def state(ctx: click.Context | None = None) -> CliState:
    return (ctx or click.get_current_context()).find_object(CliState)


def session(require_init: bool = True) -> Session:
    return state().session(require_init=require_init)


json_option = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


class DateParam(click.ParamType):
    """A date written as tables and pickers show it (DD-MM-YYYY) or as ISO (YYYY-MM-DD).

    The command receives ISO text (``2026-03-16``), which is what the core takes; a value in
    neither form is refused as bad input (exit 2) naming the option it was given to.
    """

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        # An argument keeps its own name (DAY), which its command's help text refers to.
        return "DD-MM-YYYY" if isinstance(param, click.Option) else None

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..errors import ValidationError

        day = value if isinstance(value, date) else None
        text = str(value).strip()
        for fmt in DATE_FORMATS if day is None else ():
            try:
                day = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise ValidationError(_where(param), _("'{value}' bukan tanggal: tulis DD-MM-YYYY atau YYYY-MM-DD")
                                  .format(value=value))
        if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:  # the calendar and deadlines overflow far away
            raise ValidationError(_where(param), _("{value} di luar rentang tanggal {first}–{last}").format(
                value=value, first=DATE_RANGE[0].year, last=DATE_RANGE[1].year))
        return day.isoformat()


# A birth date can be old; a report, deadline or closing day is this century or the next.
DATE_RANGE = (date(1900, 1, 1), date(2199, 12, 31))


def _where(param: click.Parameter | None) -> str:
    """The option (``--birth-date``) or argument (``DAY``) a value was given to."""
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    if param is not None:
        return param.human_readable_name
    return _("tanggal")


DATE = DateParam()


def emit(data: Any, as_json: bool, human: str | None = None) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif human is not None:
        click.echo(human)
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def check_arguments(argv: list[str]) -> None:
    """Refuse an argument that is not UTF-8 text (bytes a shell passed through undecoded):
    every later step (click's output, SQLite, a file name in a message) would fail on it."""
    from ..errors import ValidationError

    for index, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            option = arg.split("=", 1)[0] if arg.startswith("--") else None
            if option is None and index and argv[index - 1].startswith("-") and "=" not in argv[index - 1]:
                option = argv[index - 1]
            where = option if option else _("argumen ke-{n}").format(n=index + 1)
            if not where.isprintable() or not where.isascii():
                where = _("argumen ke-{n}").format(n=index + 1)
            raise ValidationError(where, _("'{value}' bukan teks UTF-8 yang sah").format(value=shown)) from None


def _lang_in(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _disk_problem(exc: BaseException) -> str | None:
    """Our words for a full or failing disk, instead of SQLite's English."""
    import errno
    import sqlite3

    text = str(exc).lower()
    full = (isinstance(exc, sqlite3.Error) and ("database or disk is full" in text or "disk full" in text)) \
        or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
    if full:
        return _("disk penuh: perubahan tidak disimpan. Kosongkan ruang disk lalu ulangi perintahnya")
    if isinstance(exc, sqlite3.Error) and "disk i/o error" in text:
        return _("galat baca/tulis disk pada database: perubahan tidak disimpan. Periksa disk atau "
                 "media penyimpanan, lalu ulangi perintahnya")
    return None


def run(group: click.Group, argv: list[str] | None = None) -> int:
    """Run the CLI, mapping domain errors to exit codes and a message on stderr."""
    import sqlite3

    from .. import i18n
    from ._lang import use_language

    args = sys.argv[1:] if argv is None else list(argv)
    # --lang, parsed first by click, may change it; a refusal before parsing speaks it too.
    use_language(group, _lang_in(args) or i18n.from_environment())
    try:
        check_arguments(args)
        group.main(args=argv, prog_name="loket", standalone_mode=False)
    except LoketError as exc:
        click.echo(_("galat: {message}").format(message=exc), err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo(_("dibatalkan"), err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 2
    except (sqlite3.Error, OSError) as exc:  # e.g. "file is not a database", a read-only disk
        import logging

        logging.getLogger("loket.cli").exception("perintah gagal")
        message = _disk_problem(exc) or f"{type(exc).__name__}: {exc}"
        click.echo(_("galat: {message}").format(message=message), err=True)
        return 1
    except UnicodeDecodeError as exc:  # a file given to a command is not the text it should be
        click.echo(_("galat: {message}").format(message=_(
            "berkas bukan teks UTF-8 yang sah (bita ke-{position})").format(position=exc.start)), err=True)
        return 2
    except Exception:
        import logging

        logging.getLogger("loket.cli").exception("perintah gagal")
        raise
    return 0


def fail_usage(field: str, message: str) -> None:
    from ..errors import ValidationError

    raise ValidationError(field, message)


__all__ = ["DATE", "cli", "emit", "json_option", "run", "session", "state", "sys"]
