"""Issue 15 item 8, a hostile network: the portal serves TLS (``serve --ssl-certfile/
--ssl-keyfile``), the counter verifies its certificate against the CA it is given (never
the environment's CA settings), stops at once on a certificate it cannot verify, and sends
nothing over plain HTTP to a portal that is not on this machine unless told to."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json

import portal_kit
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from counter_app import queue as q
from counter_app import syncstate
from counter_app.catalog import demo_catalog_rows
from sync.client import INSECURE_HTTP_ENV, InsecureTransport, PortalClient, SyncError
from sync.portal import content

make_counter = portal_kit.make_counter  # fixture


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def make_ca_and_server_cert(directory, hosts=("localhost",), ips=("127.0.0.1",)):
    """A self-signed CA and a server certificate it signed, as PEM files."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Loket Uji CA")).issuer_name(_name("Loket Uji CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(h) for h in hosts] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    cert = (x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    paths = {name: directory / f"{name}.pem" for name in ("ca", "cert", "key")}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return paths


@pytest.fixture(scope="module")
def tls_portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tls-portal")
    pem = make_ca_and_server_cert(tmp)
    p = portal_kit.fixtures.Portal("sqlite", tmp)
    p.scheme, p.host, p.verify = "https", "localhost", str(pem["ca"])
    p.start("--ssl-certfile", str(pem["cert"]), "--ssl-keyfile", str(pem["key"]))
    p.ca = str(pem["ca"])
    yield p
    p.stop()
    p.db.close()


def test_the_counter_syncs_with_a_tls_portal_verifying_its_certificate(tls_portal, make_counter, tmp_path):
    code = tls_portal.new_site()
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(demo_catalog_rows()), encoding="utf-8")
    content.import_catalog(tls_portal.db, catalog, code)
    counter = make_counter(tls_portal, code, "K1")
    result = counter.sync(ca_file=tls_portal.ca)
    q.issue_ticket(counter.session, "DUK-KK")
    result = counter.sync(ca_file=tls_portal.ca)
    assert result["rejected"] == 0 and result["pending"] == 0
    assert counter.own_event_ids() <= set(tls_portal.event_ids(code))
    # the same portal over plain HTTP does not answer at all: it only speaks TLS
    with pytest.raises(requests.RequestException):
        requests.get(f"http://localhost:{tls_portal.port}/api/v1/health", timeout=5)


def test_a_certificate_the_counter_cannot_verify_stops_the_round_at_once(tls_portal, make_counter, monkeypatch):
    code = tls_portal.new_site()
    counter = make_counter(tls_portal, code, "K1")
    pending = syncstate.pending_count(counter.session)
    # the environment's CA settings are not the client's: REQUESTS_CA_BUNDLE naming the CA
    # does not make an unknown certificate trusted
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls_portal.ca)
    with pytest.raises(InsecureTransport, match="sertifikat TLS portal"):
        counter.sync()
    assert counter.sleeps == []  # not retried: the next try meets the same certificate
    assert syncstate.pending_count(counter.session) == pending and counter.acked() == set()


def test_plain_http_to_a_portal_elsewhere_is_refused_before_anything_is_sent(monkeypatch):
    sent = []
    client = PortalClient("http://portal.mpp-kota.example", "rahasia")
    monkeypatch.setattr(client.http, "request", lambda *a, **k: sent.append(a) or None)
    with pytest.raises(InsecureTransport, match="http:// tanpa enkripsi"):
        client.device("perangkat")
    assert sent == []  # the token never left this machine
    monkeypatch.setenv(INSECURE_HTTP_ENV, "1")  # only when told: a test network
    told = PortalClient("http://10.255.255.1:9", "rahasia", timeout=0.2,
                        policy=portal_kit.fixtures.RetryPolicy(attempts=1))
    with pytest.raises(SyncError) as refused:
        told.health()
    assert not isinstance(refused.value, InsecureTransport)  # it tried the network this time
    with pytest.raises(InsecureTransport, match="https://"):
        PortalClient("ftp://portal", "t").health()


def test_sync_run_takes_a_ca_file_and_refuses_plain_http_before_saving_it(tls_portal, make_counter, capsys,
                                                                         monkeypatch):
    from counter_app.cli import cli
    from counter_app.cli._common import run

    monkeypatch.delenv("LOKET_USER", raising=False)
    monkeypatch.delenv(INSECURE_HTTP_ENV, raising=False)
    code = tls_portal.new_site()
    counter = make_counter(tls_portal, code, "K1")
    db = str(counter.session.store.path)
    capsys.readouterr()
    assert run(cli, ["--db", db, "sync", "run", "--portal", tls_portal.url, "--token", counter.token,
                     "--ca-file", tls_portal.ca, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 0
    # a plain-HTTP portal elsewhere is refused, and not kept for the next round
    assert run(cli, ["--db", db, "sync", "run", "--portal", "http://portal.mpp-kota.example",
                     "--token", "lain"]) == 1
    assert "http:// tanpa enkripsi" in capsys.readouterr().err
    state = syncstate.state(counter.session)
    assert state["portal_url"] == tls_portal.url and state["token"] == counter.token
    # a CA file that is not there is named as the option's fault (click's usage error)
    assert run(cli, ["--db", db, "sync", "run", "--ca-file", "/tidak/ada.pem"]) == 2
    assert "--ca-file" in capsys.readouterr().err
