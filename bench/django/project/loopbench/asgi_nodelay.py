"""The ASGI application plus a workaround for uvicorn issue #3149 (open for uvicorn 0.54.0): with `--workers N` and
with gunicorn's UvicornWorker the listening socket is pre-bound with proto 0, accepted sockets inherit it, and asyncio
only sets TCP_NODELAY when proto == IPPROTO_TCP — so Nagle's algorithm stays on and each keep-alive response after a
connection's first waits ~40 ms for the client's delayed ACK. Single-process uvicorn is unaffected. The `*-nodelay`
server kinds of the benchmark import this module to measure what the mechanism costs; the others keep the bug, as
shipped.
"""

import asyncio.base_events
import socket


def _set_nodelay(sock):
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


asyncio.base_events._set_nodelay = _set_nodelay

from .asgi import application  # noqa: E402,F401
