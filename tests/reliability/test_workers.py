"""webui.serve: the app is built once in the parent before the workers fork (so they share its modules'
pages), and the workers, not the parent, answer the requests."""

from __future__ import annotations

import http.client
import json
import subprocess
import textwrap

from reliability_support import free_port, kill_group, start, wait_for

# A factory that says where it ran and whether the garbage collector had been frozen by then, and an app
# that answers with the process it runs in and the objects the collector was told to leave alone.
SERVER = textwrap.dedent("""
    import gc, os, sys
    from flask import Flask
    import webui

    def factory():
        print(f"built {os.getpid()} frozen-before {gc.get_freeze_count()}", flush=True)
        app = Flask("probe")
        app.route("/")(lambda: {"pid": os.getpid(), "frozen": gc.get_freeze_count()})
        return app

    webui.serve(factory, webui.listen("127.0.0.1", int(sys.argv[1])), workers=2, threads=1)
""")


def test_the_app_is_built_once_in_the_parent_and_served_by_forked_workers(tmp_path):
    port = free_port()
    proc = start(["-c", SERVER, str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def answer():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            return json.loads(conn.getresponse().read())
        except OSError:
            return None

    try:
        wait_for(lambda: answer() is not None, 60, "the server to answer", proc)
        answers = [answer() for _ in range(20)]
    finally:
        kill_group(proc, 15)
        kill_group(proc)
    built = [line for line in proc.stdout.read().splitlines() if line.startswith("built ")]
    assert built == [f"built {proc.pid} frozen-before 0"], "built once, by the parent, before anything froze"
    assert {a["pid"] for a in answers} and proc.pid not in {a["pid"] for a in answers}
    assert all(a["frozen"] > 0 for a in answers), "the app's objects are frozen before the workers fork"
