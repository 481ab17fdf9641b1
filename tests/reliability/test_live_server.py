"""`newsdex serve` as a real subprocess on 127.0.0.1: searches keep answering, without one error, while full
and incremental reindexes switch the live index underneath; raw hostile request lines get clean 4xx answers."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from reliability_support import cli, free_port, kill_group, start, wait_for, write_text_corpus

from webui.security import CSP

CLIENT_THREADS = 8
MIN_REQUESTS = 1_200
MAX_SECONDS = 150
QUERY_MIX = ["/api/search?q=rice", "/api/search?q=Hanoi+OR+Tokyo", "/api/search?q=%22port+expansion%22",
             "/api/search?q=zephyrine", "/api/search?country=Japan", "/api/search?q=art00007",
             "/", "/?q=steel+tariffs", "/api/search?q=coffee&sort=newest", "/api/search?page=3"]


@pytest.fixture
def server(tmp_path):
    corpus = write_text_corpus(tmp_path / "corpus", 300)
    index = tmp_path / "index"
    assert cli("reindex", corpus, "--index", index, "--jobs", "2").returncode == 0
    port = free_port()
    # Two worker processes, so that each request may land on either one and both must follow every switch.
    proc = start(["-m", "indexer.cli", "serve", "--index", index, "--port", str(port), "--workers", "2",
                  "--threads", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def up() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    try:
        wait_for(up, 60, "newsdex serve to listen", proc)
        yield {"port": port, "corpus": corpus, "index": index, "proc": proc}
    finally:
        kill_group(proc, 15)
        kill_group(proc)


def get(port: int, path: str, method: str = "GET", timeout: float = 30) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_searches_across_full_and_incremental_reindexes_never_fail(server):
    port, corpus, index = server["port"], server["corpus"], server["index"]
    stop = threading.Event()
    lock = threading.Lock()
    done = {"requests": 0, "errors": [], "zephyrine": set()}

    def hammer(offset: int) -> None:
        n = offset
        deadline = time.monotonic() + MAX_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            path = QUERY_MIX[n % len(QUERY_MIX)]
            n += 1
            try:
                status, headers, body = get(port, path)
                problem = None if status == 200 else f"{path}: {status}"
                if path.startswith("/api/") and status == 200:
                    document = json.loads(body)
                    if path.endswith("zephyrine"):
                        with lock:
                            done["zephyrine"].add(document["total"])
                elif status == 200 and b"</html>" not in body:
                    problem = f"{path}: truncated page"
                if headers.get("Content-Security-Policy") != CSP:
                    problem = f"{path}: no CSP"
            except Exception as exc:  # noqa: BLE001 - any failure is what this test counts
                problem = f"{path}: {type(exc).__name__}: {exc}"
            with lock:
                done["requests"] += 1
                if problem:
                    done["errors"].append(problem)

    threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    switches = 0
    try:
        deadline = time.monotonic() + MAX_SECONDS - 20
        while (switches < 4 or done["requests"] < MIN_REQUESTS) and time.monotonic() < deadline:
            if switches % 2:
                (corpus / f"zephyrine-{switches}.txt").write_text(f"Zephyrine {switches}\n\nzephyrine cargo.\n")
                result = cli("reindex", corpus, "--index", index, "--jobs", "2", "--incremental")
            else:
                result = cli("reindex", corpus, "--index", index, "--jobs", "2")
            assert result.returncode == 0, result.stderr
            switches += 1
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert switches >= 4
    assert done["requests"] >= 1_000, done["requests"]
    assert done["errors"] == [], done["errors"][:20]
    # The server picked up the new generations without a restart.
    status, _, body = get(port, "/api/search?q=zephyrine")
    assert status == 200 and json.loads(body)["total"] == len(list(Path(corpus).glob("zephyrine-*.txt")))
    assert len(done["zephyrine"]) >= 2, "searches saw the index change while they ran"


RAW_REQUESTS = [
    b"GET /static/../../setup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /static/%2e%2e/%2e%2e/setup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /static/..%2f..%2fsetup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /static/..\\..\\setup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /article/..%2f..%2fcurrent%2fmanifest.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /static/newsdex.css%00../../setup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /static/%c0%ae%c0%ae/%c0%ae%c0%ae/setup.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET //etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /api/search?q=" + b"x" * 200_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /search?q=\xff\xfe\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + b"h" * 300_000 + b"\r\n\r\n",
    b"POST /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2000000\r\n\r\n" + b"x" * 2_000_000,
    b"POST /search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 2000000\r\n\r\n" + b"q=" + b"x" * 1_999_998,
    b"GET /people/" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GARBAGE\r\n\r\n",
]


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(request)
        except OSError:
            pass  # the server may answer and close before reading everything
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if sum(map(len, chunks)) > 1 << 20:
                    break
        except OSError:
            pass
    return b"".join(chunks)


def test_raw_hostile_requests_get_clean_answers(server):
    port = server["port"]
    for request in RAW_REQUESTS:
        answer = raw(port, request)
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line.startswith(b"HTTP/1."), (request[:60], answer[:200])
        status = int(status_line.split()[1])
        assert 300 <= status < 500, (request[:60], status_line)
        for secret in (b"root:x:0:0", b"[metadata]", b"mtime_ns", b"Traceback"):
            assert secret not in answer, (request[:60], secret)
    status, _, _ = get(port, "/api/search?q=rice")
    assert status == 200, "the server survived"
