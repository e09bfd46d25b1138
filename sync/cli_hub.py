"""``loket hub serve|promote|enrol|revoke|members|join|leave|status|sync|leases|release|discover``:
the site hub (docs/site-hub.md), and ``catch_up`` for ``loket queue list`` on a member.

Plugged into ``loket`` through the ``loket.commands`` and ``loket.hub`` entry points
(pyproject.toml), so the core never imports sync. Light to import: the hub's server and
client (uvicorn, requests, zeroconf) load inside the command that needs them.
"""

from __future__ import annotations

import click

from counter_app.cli._common import emit, json_option, session
from counter_app.i18n import _


def catch_up(session) -> str | None:
    """Bring the hub's newer events here; the reason, when the hub does not answer."""
    from sync.hub.client import HubUnavailable, sync

    try:
        sync(session)
    except HubUnavailable as exc:
        return str(exc)
    return None


@click.group("hub")
def hub_group():
    """Hub lokasi: satu antrean langsung untuk seluruh ruang layanan di jaringan lokal."""


def _serve(host, port, tls_cert, tls_key, announce, upstream_every, promote):
    from counter_app.cli._common import state
    from sync.hub.server import serve

    def ready(info, epoch):
        scheme = "https" if tls_cert else "http"
        addresses = [host]
        if host in ("0.0.0.0", "::"):
            from sync.hub.discovery import lan_addresses

            addresses = lan_addresses(host)
        where = ", ".join(f"{scheme}://{a}:{port}" for a in addresses)
        click.echo(_("hub {site} mendengarkan di {where} (epoch {epoch})").format(
            site=info.code, where=where, epoch=epoch), err=False)

    if promote:  # taking the hub's role over is a supervisor's or administrator's decision
        from counter_app.users import require

        require(session(), "settings.manage")
    else:  # the hub is a service of this PC, started unattended at boot like the hall display:
        state().gui = True  # no officer logs in; every decision names the officer at the counter
    s = session()  # opens (and migrates) the database, checks it is initialised
    s.close()
    state()._session = None
    serve(state().db, host, port, promote=promote, ssl_certfile=tls_cert, ssl_keyfile=tls_key,
          announce=announce, on_ready=ready, upstream_every=upstream_every)


_serve_options = [
    click.option("--host", default="0.0.0.0", show_default=True, help="Alamat yang didengarkan."),
    click.option("--port", default=8766, show_default=True, type=click.IntRange(1, 65535),
                 help="Port yang didengarkan."),
    click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), help="Sertifikat TLS (PEM): layani HTTPS."),
    click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="Kunci privat TLS (PEM)."),
    click.option("--announce/--no-announce", default=True, help="Umumkan hub di jaringan lokal (mDNS)."),
    click.option("--upstream-every", type=click.FloatRange(0.2, 3600), default=None,
                 help="Detik antar-sinkron hub ke portal pusat (bawaan: pengaturan sync_interval_seconds)."),
]


def _with_serve_options(fn):
    for option in reversed(_serve_options):
        fn = option(fn)
    return fn


@hub_group.command("serve")
@_with_serve_options
def hub_serve(host, port, tls_cert, tls_key, announce, upstream_every):
    """Jadikan instalasi ini hub lokasi dan layani perangkat lain sampai dihentikan.

    Bila portal pusat diatur di sini ('loket sync run --portal URL --token T', token portal
    didaftarkan dengan --relay), hub juga meneruskan event seluruh ruang ke portal."""
    _serve(host, port, tls_cert, tls_key, announce, upstream_every, promote=False)


@hub_group.command("promote")
@_with_serve_options
def hub_promote(host, port, tls_cert, tls_key, announce, upstream_every):
    """Ambil alih peran hub (epoch baru) bila hub lama benar-benar mati; hub lama berhenti memutuskan."""
    _serve(host, port, tls_cert, tls_key, announce, upstream_every, promote=True)


@hub_group.command("enrol")
@click.option("--name", required=True, help="Nama perangkat, mis. K3 atau KIOS1.")
@json_option
def hub_enrol(name, as_json):
    """Buat token perangkat untuk hub ini (ditampilkan sekali)."""
    from counter_app import hub

    r = hub.enrol(session(), name)
    emit(r, as_json, _("token untuk {name} (simpan, hanya ditampilkan sekali):").format(name=r["name"])
         + f"\n{r['token']}")


@hub_group.command("revoke")
@click.argument("name")
@json_option
def hub_revoke(name, as_json):
    """Cabut token perangkat hub."""
    from counter_app import hub

    r = hub.revoke(session(), name)
    emit(r, as_json, _("token {name} dicabut").format(name=name))


@hub_group.command("members")
@json_option
def hub_members(as_json):
    """Perangkat yang terdaftar di hub ini."""
    from counter_app import hub

    rows = hub.members(session())
    emit(rows, as_json, "\n".join(
        f"{r['name']:<12} {r['device_id'] or _('(belum menyapa)'):<38} "
        + _("terakhir {seen}").format(seen=r["last_seen"] or "-")
        + (_("  DICABUT") if r["revoked_at"] else "") for r in rows) or _("(belum ada)"))


@hub_group.command("join")
@click.argument("url")
@click.option("--token", required=True, help="Token dari 'loket hub enrol' di hub.")
@click.option("--ca", "ca_file", type=click.Path(exists=True, dir_okay=False, resolve_path=True),
              help="Sertifikat CA (PEM) yang menandatangani sertifikat hub HTTPS.")
@json_option
def hub_join(url, token, ca_file, as_json):
    """Bergabung dengan hub lokasi ini (alamat dan token disimpan di perangkat)."""
    from sync.hub.client import join

    r = join(session(), url, token, ca_file)
    emit(r, as_json, _("bergabung dengan hub {site} di {hub} sebagai {name}; {applied} event baru diterima")
         .format(site=r["site"], hub=r["hub"], name=r["name"], applied=r["applied"]))


@hub_group.command("leave")
@json_option
def hub_leave(as_json):
    """Lepaskan hub (sewa layanan dikembalikan bila hub menjawab)."""
    from sync.hub.client import leave

    r = leave(session())
    if r["warning"]:
        click.echo(_("peringatan: {warning}").format(warning=r["warning"]), err=True)
    human = (_("hub dilepas; sewa dikembalikan: {services}").format(services=", ".join(r["released"]))
             if r["released"] else _("hub dilepas"))
    emit({"left": r["left"], "released": r["released"]}, as_json, human)


@hub_group.command("status")
@json_option
def hub_status(as_json):
    """Mode hub perangkat ini (kode JSON: hub, connected, standalone atau none)."""
    from sync.hub.client import status

    r = status(session())
    label = {"hub": _("perangkat ini adalah hub"), "connected": _("terhubung ke hub {hub}"),
             "standalone": _("mode mandiri: hub {hub} tidak menjawab"), "none": _("tidak memakai hub")}[r["mode"]]
    human = label.format(hub=r["hub"]) + _("; tertunda {count} event").format(count=r["pending"])
    if r["last_contact"]:
        human += _("; kontak terakhir {when}").format(when=r["last_contact"])
    emit(r, as_json, human)


@hub_group.command("sync")
@json_option
def hub_sync(as_json):
    """Kirim event yang belum dipegang hub dan tarik yang belum ada di sini, sekarang."""
    from sync.hub.client import sync

    r = sync(session())
    emit(r, as_json, _("terkirim {pushed}; diterima {applied} event baru; kursor {cursor}; tertunda {pending}")
         .format(pushed=r["pushed"], applied=r["applied"], cursor=r["cursor"], pending=r["pending"]))


@hub_group.command("leases")
@json_option
def hub_leases(as_json):
    """Sewa layanan: loket mana yang boleh memanggil layanan apa saat mode mandiri."""
    from counter_app import hub

    rows = sorted(hub.leases(session()).values(), key=lambda r: r["service_code"])
    from counter_app.formatting import names_itself

    def line(r: dict) -> str:
        name = r["counter"] or "-"
        # "Loket 1" says it is a loket already: never "loket Loket 1"
        counter = f"{name:<13}" if names_itself(name) else _("loket {counter}").format(counter=f"{name:<6}")
        return f"{r['service_code']:<12} {counter} {r['device_id']}"

    emit(rows, as_json, "\n".join(line(r) for r in rows) or _("(belum ada sewa)"))


@hub_group.command("release")
@click.argument("service")
@click.option("--force", is_flag=True, required=True,
              help="Wajib: hanya untuk PC pemegang sewa yang benar-benar mati.")
@json_option
def hub_release(service, force, as_json):
    """Pindahkan sewa layanan dari PC yang mati (di hub; pemanggil berikutnya mendapatkannya)."""
    from counter_app import hub

    s = session()
    held = hub.leases(s).get(service.upper())
    if held is None:
        from counter_app.errors import NotFound

        raise NotFound(_("layanan {service} tidak sedang disewa").format(service=service.upper()))
    released = hub.release_leases(s, held["device_id"], [held["service_code"]], force=True)
    emit({"released": released}, as_json, _("sewa {services} dilepas").format(services=", ".join(released)))


@hub_group.command("discover")
@click.option("--seconds", default=2.0, show_default=True, type=click.FloatRange(0.2, 30),
              help="Lama mencari, dalam detik.")
@json_option
def hub_discover(seconds, as_json):
    """Cari hub Loket yang mengumumkan diri di jaringan lokal (mDNS)."""
    from sync.hub.discovery import browse

    found = [h.__dict__ for h in browse(seconds)]
    emit(found, as_json, "\n".join(f"{h['site']:<10} {h['site_name']:<30} {h['url']}" for h in found)
         or _("(tidak ada hub yang terlihat)"))
