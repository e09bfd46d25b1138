"""Finding the hub on the LAN: mDNS/DNS-SD (python-zeroconf), service ``_loket-hub._tcp``.

The hub announces itself with its site code and name in the TXT record, so an officer
joining a counter picks *MPP Kota Bandung (MPP-BDG)* from a list instead of typing an
address. Discovery only finds the address: acting on the queue still needs a device token.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

SERVICE_TYPE = "_loket-hub._tcp.local."


@dataclass(frozen=True)
class FoundHub:
    site: str
    site_name: str
    url: str
    host: str


def lan_addresses(host: str) -> list[str]:
    """The addresses a hub on ``host`` is reached at: that one, or every non-loopback IPv4
    address of this PC when it listens on all of them."""
    if host and host not in ("0.0.0.0", "::", ""):
        return [host]
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                found.append(ip.ip)
    return found or ["127.0.0.1"]


class Announcer:
    """Registers this hub on the LAN until stopped."""

    def __init__(self, site: str, site_name: str, port: int, host: str = "0.0.0.0"):
        from zeroconf import InterfaceChoice, ServiceInfo, Zeroconf

        addresses = lan_addresses(host)
        everywhere = host in ("0.0.0.0", "::", "")
        self._zc = Zeroconf(interfaces=InterfaceChoice.All if everywhere else addresses)
        name = f"Loket hub {site} {socket.gethostname()}"[:60]
        self.info = ServiceInfo(
            SERVICE_TYPE, f"{name}.{SERVICE_TYPE}", port=port,
            addresses=[socket.inet_aton(a) for a in addresses if a.count(".") == 3],
            properties={"site": site, "name": site_name[:100], "path": "/v1"},
            server=f"{socket.gethostname()}.local.",
        )

    def start(self) -> None:
        self._zc.register_service(self.info, allow_name_change=True)

    def stop(self) -> None:
        try:
            self._zc.unregister_service(self.info)
        finally:
            self._zc.close()


def browse(seconds: float = 2.0, site: str | None = None) -> list[FoundHub]:
    """The hubs answering on the LAN within ``seconds`` (only ``site``'s when given)."""
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    found: dict[str, FoundHub] = {}
    lock = threading.Lock()
    zc = Zeroconf()

    class Listener(ServiceListener):
        def add_service(self, zc, type_, name):  # noqa: N802 - zeroconf's names
            info = zc.get_service_info(type_, name, timeout=int(seconds * 1000))
            if info is None:
                return
            props = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
            for addr in info.parsed_addresses():
                if ":" in addr:
                    continue
                hub = FoundHub(props.get("site", ""), props.get("name", ""), f"http://{addr}:{info.port}", addr)
                if site is None or hub.site == site:
                    with lock:
                        found[hub.url] = hub

        def update_service(self, zc, type_, name):
            self.add_service(zc, type_, name)

        def remove_service(self, zc, type_, name):
            pass

    browser = ServiceBrowser(zc, SERVICE_TYPE, Listener())
    try:
        time.sleep(seconds)
    finally:
        browser.cancel()
        zc.close()
    return sorted(found.values(), key=lambda h: (h.site, h.url))
