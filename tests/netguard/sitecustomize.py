"""Loaded by Python at start when this folder is on PYTHONPATH: records every attempt to reach another machine.

Used by ``tests/test_app_offline_e2e.py`` to watch the app's server (issue 12): every
``connect``/``connect_ex`` to an address that is not loopback, and every name lookup
of a host that is not local, is appended to the file ``$CORRIDORS_CONNECT_LOG`` (one
line each) and then allowed to proceed, so the recording changes nothing else. Unix
sockets and loopback are not recorded. Without ``$CORRIDORS_CONNECT_LOG`` nothing is patched.
"""

import ipaddress
import os
import socket
import threading

_LOG = os.environ.get("CORRIDORS_CONNECT_LOG")
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_lock = threading.Lock()


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0].lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name other than localhost: a lookup that could leave the machine
    return address.is_loopback or address.is_unspecified


def _record(what: str, host, port) -> None:
    with _lock, open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {what} {host!r} {port!r}\n")


if _LOG:
    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def _check(sock, address) -> None:
        inet = sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple)
        if inet and not _is_local(address[0]):
            _record("connect", address[0], address[1] if len(address) > 1 else None)

    def connect(self, address):
        _check(self, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _connect_ex(self, address)

    def getaddrinfo(host, port, *args, **kwargs):
        if not _is_local(host):
            _record("lookup", host, port)
        return _getaddrinfo(host, port, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
