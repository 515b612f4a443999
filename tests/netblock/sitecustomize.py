"""Loaded by Python at start-up when this folder is on PYTHONPATH (tests/test_security.py).

Every way Python opens a network connection or looks a name up is replaced by one that records
the attempt (with the program and a short stack) in the file SCR_NETLOG and refuses it with
OSError, as a machine with no network would. Local socket pairs (used by some libraries to wake
themselves up) and Unix-domain sockets are network-free and allowed.
"""

import os
import socket
import sys
import traceback

_LOG = os.environ.get("SCR_NETLOG")


def _refuse(what):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{sys.argv!r}: {what}\n{''.join(traceback.format_stack(limit=6))}\n")
    raise OSError(101, f"network blocked by the test: {what}")


class _BlockedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family in (socket.AF_INET, socket.AF_INET6, -1):
            _refuse(f"socket.socket(family={family}, type={type})")
        super().__init__(family, type, proto, fileno)


def _blocked_create_connection(address, *args, **kwargs):
    _refuse(f"socket.create_connection({address!r})")


def _blocked_getaddrinfo(host, *args, **kwargs):
    _refuse(f"socket.getaddrinfo({host!r})")


def _blocked_gethostbyname(host, *args, **kwargs):
    _refuse(f"socket.gethostbyname({host!r})")


socket.socket = _BlockedSocket
socket.create_connection = _blocked_create_connection
socket.getaddrinfo = _blocked_getaddrinfo
socket.gethostbyname = _blocked_gethostbyname
socket.gethostbyname_ex = _blocked_gethostbyname
