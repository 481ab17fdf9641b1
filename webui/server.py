"""Serving the app: a listening socket, then pre-forked worker processes (gunicorn), each with threads.

Searching is Python work held by one interpreter lock per process, so a server uses more than one core
only with more than one process. The app is built once, before the workers are forked, so they share the
pages of its imported modules (some 70 MB); the garbage collector is told to leave those objects alone,
as it would otherwise write to every page it scans and so copy it into each worker. Every worker opens
the index itself, at its first request: a Whoosh reader keeps file positions that processes must not
share. The index files are read through the page cache, so N workers cost little more memory than one.
"""

from __future__ import annotations

import gc
import os
import socket

from flask import Flask

# Threads per worker: they overlap a request's waits (the network, the disk) with another's work;
# more of them only queue on the interpreter lock.
DEFAULT_THREADS = 4
# Bytes of a request line (method, path and query, version) before the server answers 414 itself:
# the largest limit the server offers short of none.
MAX_REQUEST_LINE = 8190


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0))


def listen(host: str, port: int) -> socket.socket:
    """A socket bound and listening on ``host``:``port`` (0: any free port); raises OSError as bind does.

    Bound before anything slow (a first index build), so that a port in use is said at once."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def serve(app_factory, sock: socket.socket, workers: int | None = None, threads: int | None = None) -> None:
    """Serve the app that ``app_factory()`` builds, in ``workers`` processes (default: one per core) of
    ``threads`` threads each (default ``DEFAULT_THREADS``) on ``sock``, until the process is told to stop
    (SIGINT or SIGTERM: requests in flight are finished first)."""
    from gunicorn.app.base import BaseApplication

    workers = workers or default_workers()
    threads = threads or DEFAULT_THREADS

    class Application(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": [f"fd://{sock.fileno()}"],
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "proc_name": "newsdex",
                # Warnings and errors only: no line per request, none for each worker booted.
                "loglevel": "warning",
                "accesslog": None,
                "graceful_timeout": 10,
                "keepalive": 5,
                "limit_request_line": MAX_REQUEST_LINE,
                "preload_app": True,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            app = app_factory()
            gc.freeze()  # in the parent, before the fork: see the module's docstring
            return app

    Application().run()
