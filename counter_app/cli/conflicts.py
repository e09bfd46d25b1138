"""``loket conflicts list|resolve``: clashing facts between devices, for the supervisor."""

from __future__ import annotations

import click

from .. import conflicts
from ..i18n import _
from ._common import cli, emit, json_option, session


@cli.group("conflicts")
def conflicts_group():
    """Konflik antarperangkat (mis. satu tiket dipanggil dua loket) dan penyelesaiannya."""


@conflicts_group.command("list")
@click.option("--open", "only_open", is_flag=True, help="Hanya yang belum diselesaikan.")
@click.option("--limit", type=click.IntRange(1, 100000), default=1000, show_default=True,
              help="Jumlah konflik paling banyak.")
@json_option
def conflicts_list(only_open, limit, as_json):
    """Semua konflik, terlama dulu, dengan aturan yang memutuskannya."""
    rows = conflicts.list_conflicts(session(), include_resolved=not only_open, limit=limit)
    lines = []
    for c in rows:
        d = c["detail"]
        what = d.get("ticket") or d.get("username") or d.get("booking") or c["entity_id"]
        state = (_("selesai ({by}: {note})").format(by=c["resolved_by"], note=c["note"]) if c["resolved"]
                 else _("belum diselesaikan"))
        lines.append(f"{c['event_id']}  {c['label']}: {what}  [{state}]")
    emit(rows, as_json, "\n".join(lines) or _("(tidak ada konflik)"))


@conflicts_group.command("resolve")
@click.argument("event_id")
@click.option("--note", required=True, help="Apa yang dilakukan, mis. 'pemohon dilayani di loket 2'.")
@json_option
def conflicts_resolve(event_id, note, as_json):
    """Tandai konflik sudah diselesaikan (tercatat sebagai event, terlihat di semua perangkat)."""
    r = conflicts.resolve(session(), event_id, note)
    emit(r, as_json, _("konflik {event} ditandai selesai oleh {by}").format(event=r["event_id"], by=r["resolved_by"]))
