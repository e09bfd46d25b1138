"""The light ``loket``: the root lists every command from its table without importing the
command modules, and that table says what the commands themselves say."""

from __future__ import annotations

import inspect

import click

from counter_app.cli import cli
from counter_app.cli._common import run
from counter_app.cli._group import CORE_COMMANDS


def test_the_table_names_each_core_commands_module_and_help():
    ctx = click.Context(cli)
    for name, (module, help_text) in CORE_COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.callback.__module__ == f"counter_app.cli.{module}", name
        if command.hidden:
            assert help_text == "", name
        else:
            assert help_text == inspect.cleandoc(command.help), name


def test_the_listing_is_the_same_before_and_after_the_commands_load(capsys):
    # Whether a command's line comes from the table or from the loaded command, --help reads alike.
    cli.load_all()
    loaded = dict(cli.commands)
    try:
        for lang in ("en", "id"):
            for name in CORE_COMMANDS:
                cli.commands.pop(name, None)
            assert run(cli, ["--lang", lang, "--help"]) == 0
            from_table = capsys.readouterr().out
            cli.commands.update(loaded)
            assert run(cli, ["--lang", lang, "--help"]) == 0
            assert capsys.readouterr().out == from_table, lang
    finally:
        cli.commands.update(loaded)
    assert "  ticket       Tiket antrean.\n" in from_table and "  hub          Hub lokasi" in from_table
    assert "  start " not in from_table  # hidden
