"""Shared pieces of the CLI: the root group, opening the session, output and errors."""

from __future__ import annotations

import json
import logging
import sqlite3
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
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        from ..errors import ValidationError

        where = "tanggal"
        if isinstance(param, click.Option) and param.opts:
            where = max(param.opts, key=len)
        elif param is not None:
            where = param.human_readable_name
        raise ValidationError(where, _("'{value}' bukan tanggal: tulis DD-MM-YYYY atau YYYY-MM-DD")
                              .format(value=value))


DATE = DateParam()


def emit(data: Any, as_json: bool, human: str | None = None) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif human is not None:
        click.echo(human)
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def run(group: click.Group, argv: list[str] | None = None) -> int:
    """Run the CLI, mapping domain errors to exit codes and a message on stderr."""
    from .. import i18n
    from ._lang import use_language

    use_language(group, i18n.from_environment())  # --lang, parsed first, may change it
    try:
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
        logging.getLogger("loket.cli").exception("perintah gagal")
        click.echo(_("galat: {message}").format(message=f"{type(exc).__name__}: {exc}"), err=True)
        return 1
    except Exception:
        logging.getLogger("loket.cli").exception("perintah gagal")
        raise
    return 0


def fail_usage(field: str, message: str) -> None:
    from ..errors import ValidationError

    raise ValidationError(field, message)


__all__ = ["DATE", "cli", "emit", "json_option", "run", "session", "state", "sys"]
