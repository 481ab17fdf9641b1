"""Shared by the reliability tests: corpora written on the fly, subprocess helpers, a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from indexer.search import SearchRequest

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

TOPICS = ["rice exports", "port expansion", "steel tariffs", "coffee harvest", "rail link", "solar farms",
          "fishing quotas", "bond auction", "textile orders", "airport upgrade", "wheat futures", "flood relief"]
PLACES = ["Hanoi", "Tokyo", "Jakarta", "Manila", "Bangkok", "Seoul", "Canberra", "Ottawa"]


def article_text(n: int, marker: str = "") -> str:
    """A plain-text article (title line, then body) with a unique word ``artNNNNN`` to search for."""
    topic, place = TOPICS[n % len(TOPICS)], PLACES[n % len(PLACES)]
    body = " ".join(
        f"Officials in {place} said on Monday that {topic} would rise by {n % 17 + 2} percent this year, "
        f"citing demand, weather and prices. Item art{n:05d} {marker}."
        for _ in range(4)
    )
    return f"Report {n}: {topic} in {place} {marker}\n\n{body}\n"


def write_text_corpus(folder: Path, count: int, marker: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        sub = folder / f"batch{n % 10}"
        sub.mkdir(exist_ok=True)
        (sub / f"story-{n:05d}.txt").write_text(article_text(n, marker), encoding="utf-8")
    return folder


def cli(*args: str | os.PathLike, env: dict | None = None, timeout: float = 240,
        **kwargs) -> subprocess.CompletedProcess:
    """``python -m indexer.cli ARGS`` to completion, with a hard time limit."""
    return subprocess.run([PYTHON, "-m", "indexer.cli", *map(os.fspath, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})}, **kwargs)


def start(args: list, env: dict | None = None, **kwargs) -> subprocess.Popen:
    """A subprocess in its own process group, so that it and its workers can be killed together."""
    return subprocess.Popen([PYTHON, *map(os.fspath, args)], cwd=REPO, env={**os.environ, **(env or {})},
                            start_new_session=True, **kwargs)


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the process group of ``proc`` (one we started with its own session), then reap it."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
        pass


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited ({proc.returncode}) before {what}")
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_ids(index_root: Path, q: str = "", page_size: int = 1000) -> list[str]:
    """The ids of every hit for ``q`` in the live index, in rank order (a fresh handle each time)."""
    from indexer.search import IndexHandle

    index = IndexHandle(index_root).get()
    try:
        return [hit.id for hit in index.search(SearchRequest(q, page_size=page_size, snippets=False)).hits]
    finally:
        index.close()


# ---- hostile content: XSS payloads, used in queries and inside indexed articles ----------------------------

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<svg onload=window.__xss=1>",
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    '<a href="javascript:window.__xss=1">click me</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<<script>window.__xss=1//<</script>",
    "<scr<script>ipt>window.__xss=1</script>",
    '" onmouseover="window.__xss=1" x="',
    "' autofocus onfocus='window.__xss=1' x='",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "＜script＞window.__xss=1＜/script＞",
    "<ſcript>window.__xss=1</ſcript>",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "<!--<script>window.__xss=1</script>-->",
    "<style>body{display:none}</style>",
    '<base href="javascript:window.__xss=1//">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "{{7*7}} {% raw %} ${7*7}",
    "\u202egnp.exe \u200b\ufeff zero width",
    '<div style="background:url(javascript:window.__xss=1)">styled</div>',
    '<form action="javascript:window.__xss=1"><button>go</button></form>',
    '<object data="javascript:window.__xss=1"></object>',
    "javascript:window.__xss=1",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<script src=//127.0.0.1:1/x.js></script>",
]

HOSTILE_URLS = [
    "javascript:alert(1)", " javascript:window.__xss=1", "JaVaScRiPt:window.__xss=1", "java\tscript:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>", "vbscript:msgbox(1)",
    'https://example.com/"><script>window.__xss=1</script>', "http://example.com/' onmouseover='window.__xss=1",
    "https://example.com/ok?a=1&b=<b>2</b>",
]


def hostile_records() -> list[dict]:
    """One JSON article per payload: the payload in title, body, author and source; hostile URLs round-robin."""
    return [{
        "id": f"xss{i}",
        "title": f"Payload {i} {payload}",
        "text": f"xsscase marker{i} begins. {payload} Trade talks continued in Tokyo. {payload} xsscase ends.",
        "author": payload,
        "source": f"Source {payload}",
        "url": HOSTILE_URLS[i % len(HOSTILE_URLS)],
        "date": f"2023-0{i % 9 + 1}-1{i % 9}",
    } for i, payload in enumerate(PAYLOADS)]


def write_hostile_corpus(folder: Path) -> Path:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "payloads.jsonl", "w", encoding="utf-8") as handle:
        for record in hostile_records():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    write_text_corpus(folder / "plain", 40)
    return folder
