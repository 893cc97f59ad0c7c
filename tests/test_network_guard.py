"""The suite's own guard: no test connects outside 127.0.0.0/8 (see conftest.py)."""

from __future__ import annotations

import contextlib
import socket

import pytest


@pytest.mark.parametrize("address", [("192.0.2.1", 80), ("169.254.169.254", 80), ("10.0.0.1", 443)])
def test_connections_outside_loopback_are_refused(
    address: tuple[str, int], _network_stays_local: list[str]
) -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match="outside loopback"),
    ):
        sock.connect(address)
    # The attempt is recorded, so code that swallows the refusal still fails its test.
    assert _network_stays_local == [f"test tried to connect outside loopback: {address[0]}"]
    _network_stays_local.clear()  # this test meant to try


def test_name_lookups_are_refused_and_recorded(_network_stays_local: list[str]) -> None:
    with contextlib.suppress(AssertionError):  # what a fetcher catching every error does
        socket.getaddrinfo("news.example.com", 443)
    assert _network_stays_local == ["test tried to look up a host name: news.example.com"]
    _network_stays_local.clear()
    assert socket.getaddrinfo("127.0.0.1", 80) and _network_stays_local == []


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())
