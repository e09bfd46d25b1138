"""``loket ticket issue`` and ``loket queue call|recall|skip|noshow|restore|finish|transfer|list``.

With a site hub joined (``loket hub join``) every command acts on the hall's live queue
through the hub; when the hub does not answer within a short timeout it acts on this device
in mode mandiri and says so on stderr (docs/site-hub.md). The ``--json`` shapes are the same.
"""

from __future__ import annotations

import click

from .. import hub, queue
from ..errors import LoketError
from ..formatting import names_itself
from ..i18n import N_, _
from ._common import cli, emit, json_option, session


def _live(op: str, args: dict):
    """Run ``op`` through the hub when this device joined one; on this device when it did not
    or (mode mandiri, said on stderr) when the hub does not answer."""
    s = session()
    if hub.state(s)["role"] != "member":
        return _on_this_device(s, op, args)

    def alone(reason: str) -> None:
        click.echo(_("mode mandiri: {reason}; dikerjakan di perangkat ini saja").format(reason=reason),
                   err=True)

    return _hub_entry("act")(s, op, args, alone)


def _on_this_device(s, op: str, args: dict):
    """The core call itself, on a device that joined no hub (the hub client, and the HTTP
    library under it, are not even imported)."""
    if op == "issue":
        return queue.issue_ticket(s, args["service"], args["priority"])
    if op == "call":
        return queue.call_next(s, args["counter"], args["services"])
    if op == "transfer":
        return queue.transfer(s, args["ticket"], args["service"])
    return getattr(queue, op)(s, args["ticket"])  # recall, skip, noshow, restore, finish, cancel


def _hub_entry(name: str):
    """The hub's side of the queue commands (entry point group ``loket.hub``: ``act`` and
    ``catch_up``, from the sync package); the core never imports sync by name."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="loket.hub", name=name):
        return entry.load()
    raise LoketError(_("perangkat ini bergabung dengan hub, tetapi paket sync (klien hub) tidak terpasang"))


# The human line is in the run's language; --json keeps the status codes ("waiting").
_STATUS_TEXT = {"waiting": N_("menunggu"), "called": N_("dipanggil"), "skipped": N_("dilewati"),
                "noshow": N_("tidak hadir"), "finished": N_("selesai"), "cancelled": N_("dibatalkan")}


def _line(t: dict) -> str:
    counter = t.get("counter") or ""
    status = _(_STATUS_TEXT[t["status"]]) if t["status"] in _STATUS_TEXT else t["status"]
    values = {"ticket": t["ticket"], "service": t["service"], "status": status, "counter": counter}
    if not counter:
        line = _("{ticket} ({service}) {status}").format(**values)
    elif names_itself(counter):
        # A counter is often named "Loket 1" already: "di Loket 1", not "di loket Loket 1".
        line = _("{ticket} ({service}) {status} di {counter}").format(**values)
    else:
        line = _("{ticket} ({service}) {status} di loket {counter}").format(**values)
    return f"{line} – {queue.call_reason_text(t['reason'])}" if t.get("reason") else line


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
    emit(data, as_json, _("{ticket} – {count} antrean sebelum Anda").format(
        ticket=t["ticket"], count=t["waiting_before"]))


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
        emit(None, as_json, _("tidak ada antrean yang menunggu"))
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
        unavailable = _hub_entry("catch_up")(s)
        if unavailable:
            click.echo(_("mode mandiri: {reason}; antrean menurut salinan perangkat ini").format(
                reason=unavailable), err=True)
    rows = queue.list_queue(s, status=status)
    emit(rows, as_json, "\n".join(_line(t) for t in rows) or _("(kosong)"))
