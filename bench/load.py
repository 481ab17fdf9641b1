"""Load test: `newsdex serve` over the Reuters index, hammered from threads on 127.0.0.1.

    python bench/load.py [--index DIR] [--duration 60] [--concurrency 32] [--sweep 1,4,16] [--sweep-duration 15]

Without --index, Reuters-21578 (../shared/data/reuters21578) is indexed into a temporary folder first.
The main run sends a fixed mix of queries to /api/search and / at the given concurrency; the sweep runs
/api/search alone at lower concurrencies. Each run reports requests/s, p50/p95/p99 latency and errors.
Every loop is bounded by time and by a request cap; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
REUTERS = Path(os.environ.get("NEWSDEX_SHARED_DATA", REPO.parent / "shared" / "data")) / "reuters21578"
MAX_REQUESTS_PER_THREAD = 200_000
QUERIES = ["oil prices", "wheat", "interest rates", '"trade deficit"', "Japan OR Tokyo", "coffee brazil",
           "bank of england", "opec", "gold", "dollar yen", "shipping strike", "grain exports -corn",
           "title:profit", "ipo", "acquisition merger", "federal reserve", "soviet grain", "sugar", "copper",
           "crude output"]
MIX = ([f"/api/search?q={quote(q)}" for q in QUERIES]
       + [f"/api/search?q={quote(q)}&sort=newest" for q in QUERIES[:5]]
       + ["/api/search?country=Japan", "/api/search?q=oil&country=Saudi+Arabia", "/api/search?page=5"]
       + [f"/?q={quote(q)}" for q in QUERIES[:10]] + ["/"])
API_ONLY = [path for path in MIX if path.startswith("/api/search")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_reuters(index: Path) -> None:
    files = sorted(str(p) for p in REUTERS.glob("reut2-*.sgm"))
    if not files:
        sys.exit(f"no --index given and no Reuters data at {REUTERS}")
    print(f"building the Reuters index in {index} ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "indexer.cli", "reindex", *files, "--index", str(index)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def run(port: int, paths: list[str], concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], []
        n = offset
        while time.monotonic() < deadline and len(mine) < MAX_REQUESTS_PER_THREAD:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad.append(f"{path}: {response.status}")
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{path}: {type(exc).__name__}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=worker, args=(i * 7,), daemon=True) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 1) if latencies else 0

    return {"concurrency": concurrency, "seconds": round(elapsed, 1), "requests": len(latencies),
            "rps": round(len(latencies) / elapsed, 1), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "errors": len(errors), "error_samples": errors[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="an existing index (default: build Reuters into a temporary folder)")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--sweep", default="1,4,16", help="concurrencies for the /api/search-only runs")
    parser.add_argument("--sweep-duration", type=float, default=15)
    parser.add_argument("--server-threads", type=int, default=8, help="newsdex serve --threads")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdex-load-") as tmp:
        index = Path(args.index) if args.index else Path(tmp) / "index"
        if not args.index:
            build_reuters(index)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--index", str(index), "--port",
                                   str(port), "--threads", str(args.server_threads)], cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            run(port, MIX, 4, 3)  # warm up: facet arrays, caches
            results = [dict(run(port, MIX, args.concurrency, args.duration), mix="/api/search + /")]
            for concurrency in (int(c) for c in args.sweep.split(",") if c.strip()):
                results.append(dict(run(port, API_ONLY, concurrency, args.sweep_duration), mix="/api/search"))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'mix':<18} {'conc':>4} {'secs':>5} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'errors':>6}")
    for r in results:
        print(f"{r['mix']:<18} {r['concurrency']:>4} {r['seconds']:>5} {r['requests']:>8} {r['rps']:>7} "
              f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['p99_ms']:>7} {r['errors']:>6}")
        for sample in r["error_samples"]:
            print(f"    {sample}")


if __name__ == "__main__":
    main()
