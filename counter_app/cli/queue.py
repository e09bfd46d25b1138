"""``loket ticket issue`` and ``loket queue call|recall|skip|noshow|restore|finish|transfer|list``.

With a site hub joined (``loket hub join``) every command acts on the hall's live queue
through the hub; when the hub does not answer within a short timeout it acts on this device
in mode mandiri and says so on stderr (docs/site-hub.md). The ``--json`` shapes are the same.
"""

from __future__ import annotations

import click

from .. import hub, queue
from ._common import cli, emit, json_option, session


def _live(op: str, args: dict):
    """Run ``op`` through the hub when this device joined one; on this device when it did not
    or (mode mandiri, said on stderr) when the hub does not answer."""
    from sync.hub.client import act

    def alone(reason: str) -> None:
        click.echo(f"mode mandiri: {reason}; dikerjakan di perangkat ini saja", err=True)

    return act(session(), op, args, alone)


# The human line is Indonesian throughout; --json keeps the status codes ("waiting").
_STATUS_TEXT = {"waiting": "menunggu", "called": "dipanggil", "skipped": "dilewati",
                "noshow": "tidak hadir", "finished": "selesai", "cancelled": "dibatalkan"}


def _line(t: dict) -> str:
    extra = f" – {t['reason']}" if t.get("reason") else ""
    counter = t.get("counter") or ""
    # A counter is often named "Loket 1" already: "di Loket 1", not "di loket Loket 1".
    where = "" if not counter else (
        f" di {counter}" if counter.split()[0].casefold() == "loket" else f" di loket {counter}")
    status = _STATUS_TEXT.get(t["status"], t["status"])
    return f"{t['ticket']} ({t['service']}) {status}{where}{extra}"


@cli.group("ticket")
def ticket_group():
    """Tiket antrean."""


@ticket_group.command("issue")
@click.option("--service", required=True, help="Kode layanan.")
@click.option("--priority", type=click.Choice(list(queue.PRIORITY_CATEGORIES)), help="Kategori prioritas.")
@json_option
def ticket_issue(service, priority, as_json):
    """Ambil nomor antrean untuk sebuah layanan."""
    t = _live("issue", {"service": service, "priority": priority})
    data = {"ticket": t["ticket"], "service": t["service"], "issued_at": t["issued_at"],
            "waiting_before": t["waiting_before"], "priority": t["priority"], "id": t["id"]}
    emit(data, as_json, f"{t['ticket']} – {t['waiting_before']} antrean sebelum Anda")


@cli.group("queue")
def queue_group():
    """Memanggil dan melayani antrean."""


@queue_group.command("call")
@click.option("--counter", required=True, help="Nama loket, mis. 3.")
@click.option("--service", "services", multiple=True, help="Layanan yang dilayani loket (boleh berulang).")
@json_option
def queue_call(counter, services, as_json):
    """Panggil antrean berikutnya ke loket."""
    t = _live("call", {"counter": counter, "services": list(services) or None})
    if t is None:
        emit(None, as_json, "tidak ada antrean yang menunggu")
        return
    emit(t, as_json, _line(t))


def _simple(name: str, doc: str):
    @queue_group.command(name, help=doc)
    @click.argument("ticket")
    @json_option
    def command(ticket, as_json):
        t = _live(name, {"ticket": ticket})
        emit(t, as_json, _line(t))

    return command


_simple("recall", "Panggil ulang tiket yang sedang aktif.")
_simple("skip", "Lewati tiket (bisa dipulihkan dalam batas toleransi).")
_simple("noshow", "Tandai tidak hadir (bisa dipulihkan dalam batas toleransi).")
_simple("restore", "Kembalikan tiket yang dilewati/tidak hadir ke antrean.")
_simple("finish", "Selesaikan layanan tiket.")
_simple("cancel", "Batalkan tiket yang masih menunggu.")


@queue_group.command("transfer")
@click.argument("ticket")
@click.option("--service", required=True, help="Layanan tujuan.")
@json_option
def queue_transfer(ticket, service, as_json):
    """Pindahkan tiket ke layanan lain dengan nomor yang sama."""
    t = _live("transfer", {"ticket": ticket, "service": service})
    emit(t, as_json, _line(t))


@queue_group.command("list")
@click.option("--status", type=click.Choice(["waiting", "called", "skipped", "noshow", "finished", "cancelled"]))
@json_option
def queue_list(status, as_json):
    """Tiket hari ini."""
    s = session()
    if hub.state(s)["role"] == "member":  # show the live queue: catch up first when the hub answers
        from sync.hub.client import HubUnavailable, sync

        try:
            sync(s)
        except HubUnavailable as exc:
            click.echo(f"mode mandiri: {exc}; antrean menurut salinan perangkat ini", err=True)
    rows = queue.list_queue(s, status=status)
    emit(rows, as_json, "\n".join(_line(t) for t in rows) or "(kosong)")
