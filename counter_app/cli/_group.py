"""The root ``loket`` group, light to start: a command's module is imported only when that
command runs or shows its help, and the commands that wire printing and sync come from
their own packages through the ``loket.commands`` entry points (pyproject.toml).

``loket --help`` lists every command without importing the core's: each names its module
and its help text in ``CORE_COMMANDS`` (tests/test_cli_light.py pins that the table matches
the commands). A plugin module is light by rule (it imports printing or sync only inside its
commands), so it is loaded to list its help.
"""

from __future__ import annotations

from typing import Any

import click

PLUGIN_GROUP = "loket.commands"

# name → (module in counter_app.cli, the command's help text as its module writes it).
CORE_COMMANDS: dict[str, tuple[str, str]] = {
    "application": ("registration", "Permohonan: status dan batas waktu."),
    "audit": ("audit", "Jejak audit: rantai hash log event."),
    "backup": ("backup", "Cadangan (backup) dan pemulihan database."),
    "booking": ("booking", "Pendaftaran daring (kode booking dari portal)."),
    "calendar": ("calendar", "Kalender hari kerja: libur nasional, cuti bersama, penutupan lokal."),
    "catalog": ("catalog", "Katalog layanan (standar pelayanan)."),
    "complaint": ("complaint", "Pengaduan, kritik, saran dan apresiasi."),
    "conflicts": ("conflicts", "Konflik antarperangkat (mis. satu tiket dipanggil dua loket) dan "
                               "penyelesaiannya."),
    "db": ("site", "Perawatan database."),
    "display": ("site", "Buka layar panggilan aula, layar penuh, tanpa log-in petugas."),
    "init": ("site", "Buat atau perbarui database, lokasi dan perangkat (idempoten)."),
    "kiosk": ("site", "Buka kiosk tiket mandiri (layar sentuh), layar penuh, tanpa log-in petugas."),
    "person": ("person", "Data pribadi pemohon: penghapusan atas permintaan dan masa retensi (UU 27/2022)."),
    "queue": ("queue", "Memanggil dan melayani antrean."),
    "register": ("registration", "Daftarkan permohonan (formulir pendaftaran)."),
    "skm": ("skm", "Survei Kepuasan Masyarakat (SKM) dan Indeks Kepuasan Masyarakat (IKM)."),
    "start": ("site", ""),  # hidden: the default when no command is given
    "status": ("site", "Ringkasan lokasi, perangkat dan angka hari ini."),
    "ticket": ("queue", "Tiket antrean."),
    "user": ("user", "Akun petugas dan peran."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported when first asked for by name."""

    loads_lazily = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plugins: dict[str, Any] | None = None

    def plugins(self) -> dict[str, Any]:
        """The ``loket.commands`` entry points by command name (read once, on first need)."""
        if self._plugins is None:
            from importlib.metadata import entry_points

            self._plugins = {e.name: e for e in entry_points(group=PLUGIN_GROUP)
                             if e.name not in CORE_COMMANDS}
        return self._plugins

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *CORE_COMMANDS, *self.plugins()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load(cmd_name)
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import every command (the help-text catalogue and the tests walk the whole tree)."""
        for name in self.list_commands(click.Context(self)):
            self.get_command(click.Context(self), name)

    def _load(self, name: str) -> None:
        from .. import i18n
        from ._lang import translate_command

        if name in CORE_COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.{CORE_COMMANDS[name][0]}")  # registers itself
        elif name in self.plugins():
            command = self.plugins()[name].load()
            if not isinstance(command, click.Command):
                raise TypeError(f"entry point {PLUGIN_GROUP}:{name} is not a click command")
            self.add_command(command, name)
        for command in list(self.commands.values()):  # in the run's language, like those before
            translate_command(command, i18n.language())  # (a module may register several)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``loket --help``, from the table for a core command not loaded."""
        from .. import i18n

        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands or name not in CORE_COMMANDS:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                rows.append((name, command.get_short_help_str))
            elif CORE_COMMANDS[name][1]:
                # Shortened as click shortens a loaded command's help, in the run's language.
                stand_in = click.Command(name, help=i18n.in_language(i18n.language(), CORE_COMMANDS[name][1]))
                rows.append((name, stand_in.get_short_help_str))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_click_gettext("Commands")):
                formatter.write_dl([(name, short(limit)) for name, short in rows])


def _click_gettext(message: str) -> str:
    # click's own heading, through the same catalogue as click's other lines (``_lang``).
    from click import core

    return core._(message)


__all__ = ["CORE_COMMANDS", "PLUGIN_GROUP", "LazyGroup"]
