"""`newsdex serve` starting up as a real subprocess: a port already taken, a first start with and without
a corpus to index."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import time

import pytest
from helpers import CORPUS
from reliability_support import PYTHON, REPO, free_port, kill_group, wait_for

from indexer.index.reindex import EXIT_FATAL
from indexer.index.store import IndexStore

SERVING = "Serving on "


def newsdex(*args) -> list[str]:
    return [PYTHON, "-m", "indexer.cli", *map(str, args)]


def test_a_port_in_use_is_a_clear_error(vna_index, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(newsdex("serve", "--index", vna_index, "--port", port), cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == EXIT_FATAL, output
    assert "Traceback" not in output
    assert f"port {port}" in output and "already in use" in output and "--port" in output
    assert SERVING not in output, "nothing claims to serve before the socket is bound"


class Server:
    """`newsdex serve` in a folder of our choosing, its stderr collected in a file."""

    def __init__(self, cwd, *args):
        self.port = free_port()
        self.log = cwd / "serve.log"
        self.handle = open(self.log, "w")
        self.proc = subprocess.Popen(newsdex("serve", "--port", self.port, *args), cwd=cwd,
                                     stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_serving(self) -> str:
        wait_for(lambda: SERVING in self.log.read_text(), 120, "newsdex serve to start", self.proc)
        time.sleep(0.3)  # anything printed right after the line
        return self.log.read_text()

    def get_json(self, path: str) -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.status == 200
            return json.loads(response.read())
        finally:
            conn.close()

    def stop(self) -> None:
        kill_group(self.proc, 15)
        kill_group(self.proc)
        self.handle.close()


@pytest.fixture
def start_server():
    servers = []

    def start(cwd, *args) -> Server:
        servers.append(Server(cwd, *args))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def test_first_start_without_a_corpus_serves_an_empty_index_and_says_how_to_fill_it(tmp_path, start_server):
    workdir = tmp_path / "empty-folder"
    workdir.mkdir()
    index = tmp_path / "index"
    server = start_server(workdir, "--index", index)
    output = server.wait_serving()
    assert "Traceback" not in output
    assert str(workdir / "corpus") in output and "nothing to index" in output.lower()
    assert f"newsdex reindex DIR --index {index}" in output
    assert output.count(SERVING) == 1 and output.rstrip().endswith(f"{SERVING}http://127.0.0.1:{server.port}/")
    assert server.get_json("/api/search")["total"] == 0
    assert IndexStore(index).article_count() == 0


def test_first_start_with_a_corpus_says_what_it_indexed_where(tmp_path, start_server):
    workdir = tmp_path / "project"
    shutil.copytree(CORPUS, workdir / "corpus")
    index = tmp_path / "index"
    server = start_server(workdir, "--index", index)
    output = server.wait_serving()
    assert f"indexing {workdir / 'corpus'}" in output
    assert f"2 articles in {index} (2 files" in output
    assert output.count(SERVING) == 1
    assert server.get_json("/api/search?q=Kishida")["total"] == 2


def test_an_empty_index_is_filled_from_the_corpus_on_the_next_start(tmp_path, start_server):
    workdir = tmp_path / "project"
    workdir.mkdir()
    index = tmp_path / "index"
    first = start_server(workdir, "--index", index)
    first.wait_serving()
    first.stop()
    shutil.copytree(CORPUS, workdir / "corpus")
    second = start_server(workdir, "--index", index)
    assert "2 articles in" in second.wait_serving()
    assert second.get_json("/api/search?q=Kishida")["total"] == 2
