"""Fixtures for the site hub's multi-host tests: the hall's LAN (tests/hosts.py).

Each device is ``lan.add_host(name)`` with its own address and directory (its own SQLite
file); a test that must pull a cable checks ``lan.real`` and skips with ``lan.reason``, or
uses ``lan.isolate(host)``, which works in both modes.
"""

from __future__ import annotations

import pytest
from hosts import Network


@pytest.fixture
def lan(tmp_path):
    """Network namespaces on a bridge where this machine allows them, else loopback addresses;
    every process killed and every namespace removed afterwards."""
    with Network(tmp_path / "lan") as net:
        yield net
