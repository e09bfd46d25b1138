"""``loket user add|passwd|disable|enable|unlock|role|list|permissions|whoami`` and the CLI log-in.

Who runs a command: ``--user NAME`` (or ``LOKET_USER``) with ``LOKET_PASSWORD`` or a
prompt. Before any account exists the CLI acts as the device itself (set-up).
"""

from __future__ import annotations

import os

import click

from .. import permissions, users
from ..actors import ROLES, SYSTEM, Actor
from ..i18n import _
from ..session import Session
from ._common import cli, emit, json_option, session


def login_actor(s: Session, username: str | None, *, gui: bool = False) -> Actor:
    """The actor a CLI command runs as (called once per process by ``CliState.session``)."""
    if username:
        password = os.environ.get("LOKET_PASSWORD")
        if password is None:
            password = click.prompt(_("Kata sandi {username}").format(username=username), hide_input=True, err=True)
        return users.authenticate(s, username, password)
    if gui or not users.has_users(s):
        # set-up while the site has never had an account (the log says so, not only the users
        # table); the desktop app logs staff in itself
        return SYSTEM
    raise users.AuthenticationFailed(
        _("sudah ada akun petugas: masuk dengan --user NAMA (atau LOKET_USER) dan LOKET_PASSWORD")
    )


def _new_password() -> str:
    value = os.environ.get("LOKET_NEW_PASSWORD")
    if value is not None:
        return value
    return click.prompt(_("Kata sandi baru"), hide_input=True, confirmation_prompt=_("Ulangi kata sandi"), err=True)


def _line(u: dict) -> str:
    state = _("nonaktif") if not u["active"] else (_("TERKUNCI") if u["locked"] else _("aktif"))
    return f"{u['username']:<20} {u['role']:<18} {state:<9} {u['full_name'] or ''}"


@cli.group("user")
def user_group():
    """Akun petugas dan peran."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Peran akun.")
@click.option("--name", "full_name", help="Nama lengkap.")
@json_option
def user_add(username, role, full_name, as_json):
    """Tambah akun (kata sandi dari LOKET_NEW_PASSWORD atau ditanyakan). Akun pertama: admin."""
    s = session(require_init=False)
    u = users.create_user(s, username, _new_password(), role, full_name=full_name)
    emit(u, as_json, _("akun {username} ({role}) dibuat").format(username=u["username"], role=u["role_label"]))


@user_group.command("passwd")
@click.argument("username")
@json_option
def user_passwd(username, as_json):
    """Ganti kata sandi (admin: akun siapa pun; petugas: akunnya sendiri)."""
    s = session()
    own = s.actor.username == username.strip().lower()
    users.change_password(s, username, _new_password(),
                          old_password=os.environ.get("LOKET_PASSWORD") if own else None)
    emit({"username": username, "changed": True}, as_json, _("kata sandi {username} diganti").format(username=username))


def _simple(name: str, fn, help_text: str):
    @user_group.command(name, help=help_text)
    @click.argument("username")
    @json_option
    def command(username, as_json):
        u = fn(session(), username)
        emit(u, as_json, _line(u))

    return command


_simple("disable", users.disable_user, "Nonaktifkan akun.")
_simple("enable", users.enable_user, "Aktifkan kembali akun.")
_simple("unlock", users.unlock_user, "Buka akun yang terkunci karena salah kata sandi.")


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@json_option
def user_role(username, role, as_json):
    """Ubah peran akun."""
    u = users.set_role(session(), username, role)
    emit(u, as_json, _line(u))


@user_group.command("list")
@json_option
def user_list(as_json):
    """Daftar akun."""
    s = session(require_init=False)
    permissions.require(s, "user.manage")
    rows = users.list_users(s)
    emit(rows, as_json, "\n".join(_line(u) for u in rows) or _("(belum ada akun)"))


@user_group.command("whoami")
@json_option
def user_whoami(as_json):
    """Siapa yang menjalankan perintah ini, dengan wewenangnya."""
    actor = session(require_init=False).actor
    perms = [p for p in permissions.PERMISSION_LABELS if permissions.allowed(actor, p)]
    emit({"username": actor.username, "role": actor.role, "permissions": perms}, as_json,
         f"{actor.username} ({permissions.role_label(actor.role)}): {', '.join(perms)}")


@user_group.command("permissions")
@json_option
def user_permissions(as_json):
    """Tabel wewenang per peran."""
    rows = permissions.permission_table()
    head = f"{_('wewenang'):<20}" + "".join(f"{r[:10]:>12}" for r in ROLES)
    yes = _("ya")
    emit(rows, as_json, "\n".join([head] + [
        f"{r['permission']:<20}" + "".join(f"{yes if r[role] else '-':>12}" for role in ROLES) for r in rows
    ]))
