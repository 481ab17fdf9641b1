"""Load test: `newsdex serve` and, side by side, Datasette over the same articles, driven by wrk on 127.0.0.1.

    python bench/load.py [--index DIR] [--peer datasette] [--datasette PATH] [--concurrency 1,4,16,64]
        [--duration 30] [--rounds 2] [--workers N] [--threads N] [--distinct N] [--reindex-during] [--json]

Without --index, Reuters-21578 (../shared/data/reuters21578) is indexed into a temporary folder first.
With --peer datasette the articles of that index (title, body, date, people, countries) are copied into
an SQLite database with an FTS5 table, and Datasette serves it: each query asks both servers for the top
10 with person and country counts. Two mixes: ``distinct``, queries no server process was asked before
(each point gets its own slice; the two servers get the same slice at the same concurrency and round),
and ``repeated``, 200 queries over and over. Every point runs on a freshly started server and reports
requests/s, latency percentiles, errors, the cores the server's process tree used and its memory.
--reindex-during reindexes the served Reuters index during a 60 s run at concurrency 64 (Newsdex only).
The table goes to stdout, or with --json to stderr and the JSON document to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from common import REPO, machine, reuters_files
from whoosh.analysis import STOP_WORDS

from indexer.index.store import MANIFEST, IndexStore
from indexer.search.contract import SearchRequest
from indexer.search.engine import SearchIndex

RATE_ESTIMATE = 1000  # requests/s a slice of distinct queries is sized for: a faster point wraps, and says so
REPEATED = 200
WARM = 20  # queries kept apart to warm each server up, never measured
SAMPLES = ("oil", "coffee prices", "bank interest rates")
REINDEX_SECONDS, REINDEX_CONCURRENCY = 60, 64
# The reindex's progress line that opens its second stage: reading the files is over, committing, writing the
# rank postings and switching are left (some 25 s of its 50 s for Reuters on 2 idle cores, more under load).
REINDEX_LATE_STAGE = "[2/"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DB_NAME = "articles"
DATASETTE_SETTINGS = ["--setting", "facet_time_limit_ms", "10000", "--setting", "sql_time_limit_ms", "10000",
                      "--setting", "default_page_size", "10"]
# Datasette's JSON leaves out a facet, and gives a null count, when its query ran past the time limit.
DATASETTE_COMPLETE = ['"filtered_table_rows_count": %d', '"name": "people", "type": "array"',
                      '"name": "countries", "type": "array"']

# Each wrk thread sends its share of the query file (lines id, id + stride, ...) once, in order, and
# counts how often it had to start over, and the answers (status 200) lacking one of the Lua patterns
# given after the file and the stride; done() prints what wrk's text report lacks in one parseable line.
WRK_SCRIPT = r"""
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local stride = tonumber(args[2])
  paths, position, wraps, partial, markers = {}, 1, 0, 0, {}
  for i = 3, #args do markers[#markers + 1] = args[i] end
  local n = 0
  for line in io.lines(args[1]) do
    if n % stride == id then paths[#paths + 1] = line end
    n = n + 1
  end
end

function request()
  local path = paths[position]
  position = position + 1
  if position > #paths then
    position, wraps = 1, wraps + 1
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then return end
  for _, marker in ipairs(markers) do
    if not body:find(marker) then
      partial = partial + 1
      return
    end
  end
end

function done(summary, latency, requests)
  local wrapped, lacking = 0, 0
  for _, thread in ipairs(threads) do
    wrapped = wrapped + thread:get("wraps")
    lacking = lacking + thread:get("partial")
  end
  io.write(string.format("BENCH p95_us=%d max_us=%d wraps=%d partial=%d\n",
                         latency:percentile(95), latency.max, wrapped, lacking))
end
"""


@dataclass
class Server:
    name: str
    command: list[str]  # without the port, which each start gets afresh
    search: str  # the path of one query, ``{q}`` for the URL-quoted words
    complete: tuple[str, ...] = ()  # Lua patterns every full answer holds

    def path(self, q: str) -> str:
        return self.search.format(q=quote_plus(q))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_reuters(index: Path) -> None:
    files = reuters_files()
    print(f"building the Reuters index in {index} ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "indexer.cli", "reindex", *files, "--index", str(index)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def read_articles(index: Path) -> list[dict]:
    """Every article of the index's live generation as the search API gives it (people and countries as shown)."""
    search = SearchIndex(IndexStore(index).current())
    try:
        return [search.article(hit.id) for hit in search.hits(SearchRequest(snippets=False, suggest=False))]
    finally:
        search.close()


def build_sqlite(articles: list[dict], path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:  # committed, then closed
        db.execute("CREATE TABLE articles(id INTEGER PRIMARY KEY, title TEXT, body TEXT, date TEXT, people TEXT, "
                   "countries TEXT)")
        db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                       [(n, a["title"], a["body"], a["date"], json.dumps(a["persons"]), json.dumps(a["countries"]))
                        for n, a in enumerate(articles, 1)])
        # content="articles" in double quotes: the form Datasette looks for to tie the FTS table to its table.
        db.execute('CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content="articles", '
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def title_words(title: str) -> list[str]:
    words = re.findall(r"[a-z]+", title.lower())
    return list(dict.fromkeys(w for w in words if len(w) >= 3 and w not in STOP_WORDS))


def make_queries(titles: list[str], count: int) -> list[str]:
    """Up to ``count`` distinct queries of one to three words of one title each, the same for the same titles."""
    word_lists = [words for words in map(title_words, titles) if words]
    rng = random.Random(17)
    seen: set[frozenset[str]] = set()
    queries: list[str] = []
    for _ in range(count * 20):  # bounded: a small corpus runs out of new combinations
        if len(queries) == count:
            break
        words = rng.choice(word_lists)
        chosen = rng.sample(words, min(len(words), rng.randint(1, 3)))
        if frozenset(chosen) not in seen:  # "oil prices" and "prices oil" find the same articles
            seen.add(frozenset(chosen))
            queries.append(" ".join(chosen))
    return queries


@contextmanager
def serving(server: Server, log: Path):
    """``server`` started in a session of its own, listening; its whole process group is killed after."""
    port = free_port()
    with open(log, "ab") as log_file:
        process = subprocess.Popen([*server.command, "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL,
                                   stderr=log_file, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # The log's folder is removed on the way out: show its end here.
                    tail = log.read_text("utf-8", errors="replace").strip().splitlines()[-5:]
                    sys.exit(f"{server.name} did not start listening; its log ends:\n" + "\n".join(tail))
                time.sleep(0.1)
        yield process, port
    finally:
        with suppress(ProcessLookupError):  # the server may have exited already
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return json.load(response)


def sample(server: Server, port: int, q: str) -> dict:
    """What one server answers for ``q``: the total and the top people and countries."""
    answer = get_json(port, server.path(q))
    if server.name == "newsdex":
        return {"total": answer["total"], "hits": len(answer["hits"]),
                "people": answer["facets"]["person"][:3], "countries": answer["facets"]["country"][:3]}
    facets = answer["facet_results"]
    return {"total": answer["filtered_table_rows_count"], "hits": len(answer["rows"]),
            **{name: [[v["value"], v["count"]] for v in facets[name]["results"][:3]] if name in facets else None
               for name in ("people", "countries")}}


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from the parent pids of /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children.setdefault(int(_stat(int(entry))[1]), []).append(int(entry))
            except OSError:
                continue
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (which may hold spaces): state, ppid, ..."""
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU of the tree, reaped children included (utime, stime, cutime, cstime)."""
    ticks = 0
    for member in process_tree(pid):
        try:
            ticks += sum(int(value) for value in _stat(member)[11:15])
        except OSError:
            continue
    return ticks / CLOCK_TICKS


def tree_memory(pid: int) -> dict:
    """Rss, Pss and private memory (MB) of the tree together and of its largest process (by Rss). Private
    counts a mapped index page only one process has read; its dirty part (the heap it wrote) is what that
    process alone holds and cannot give back, so it is reported apart."""
    processes = []
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as handle:
                kib = {line.split(":")[0]: int(line.split()[1]) for line in handle if line.endswith("kB\n")}
        except OSError:
            continue
        processes.append({"rss_mb": kib["Rss"] / 1024, "pss_mb": kib["Pss"] / 1024,
                          "private_mb": (kib["Private_Clean"] + kib["Private_Dirty"]) / 1024,
                          "private_dirty_mb": kib["Private_Dirty"] / 1024})
    total = {key: round(sum(p[key] for p in processes), 1)
             for key in ("rss_mb", "pss_mb", "private_mb", "private_dirty_mb")}
    largest = max(processes, key=lambda p: p["rss_mb"])
    return {**total, "processes": len(processes), "largest": {k: round(v, 1) for k, v in largest.items()}}


def require_wrk() -> None:
    """Stop before any index is built when the load cannot be sent."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: the load is sent by wrk (Debian: apt-get install wrk)")


def start_wrk(port: int, paths_file: Path, script: Path, concurrency: int, seconds: float,
              complete: tuple[str, ...]) -> subprocess.Popen:
    threads = min(concurrency, 2)
    return subprocess.Popen(["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds:g}s", "--latency",
                             "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}/", "--",
                             str(paths_file), str(threads), *complete], stdout=subprocess.PIPE, text=True)


def parse_wrk(output: str) -> dict:
    distribution = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.M))  # "1.22s " is padded
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    kinds = dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True)
                 if sockets else {"connect": 0, "read": 0, "write": 0, "timeout": 0})
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    kinds["status"] = int(status.group(1)) if status else 0
    extra = dict(re.findall(r"(\w+)=(\d+)", re.search(r"^BENCH .*$", output, re.M).group(0)))
    return {"requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            **{f"p{p}_ms": _ms(distribution[p]) for p in ("50", "90")},
            "p95_ms": round(int(extra["p95_us"]) / 1000, 1),
            "p99_ms": _ms(distribution["99"]), "max_ms": round(int(extra["max_us"]) / 1000, 1),
            "errors": sum(kinds.values()), "error_kinds": kinds, "wraps": int(extra["wraps"]),
            "partial": int(extra["partial"])}


def _ms(text: str) -> float:
    """wrk's latency, ``850.00us``, ``12.30ms``, ``1.20s`` or ``1.05m``, in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit], 1)


def measure(server: Server, queries: list[str], warm: list[str], concurrency: int, seconds: float, tmp: Path,
            alongside: Callable[[], Callable[[], dict]] | None = None) -> dict:
    """One point: a fresh ``server``, warmed up, sent ``queries`` by wrk. ``alongside()`` is called just before
    wrk starts; what it returns is called once wrk is done and the server measured, for fields to add."""
    paths_file = tmp / f"{server.name}-paths.txt"
    paths_file.write_text("".join(server.path(q) + "\n" for q in queries), encoding="utf-8")
    with serving(server, tmp / f"{server.name}.log") as (process, port):
        with ThreadPoolExecutor(4) as warming:  # concurrent, so that every worker process answers some
            list(warming.map(lambda q: get_json(port, server.path(q)), warm))
        finish = alongside() if alongside else dict
        cpu, started = tree_cpu_seconds(process.pid), time.monotonic()
        load = start_wrk(port, paths_file, tmp / "load.lua", concurrency, seconds, server.complete)
        output = load.communicate()[0]
        wall = time.monotonic() - started
        try:
            figures = parse_wrk(output)
        except (AttributeError, KeyError) as exc:  # a line missing: wrk failed, or printed something unforeseen
            sys.exit(f"cannot read wrk's report ({exc!r}; exit status {load.returncode}) against {server.name}:\n"
                     f"{output}")
        result = {"server": server.name, "concurrency": concurrency, "seconds": seconds, "queries": len(queries),
                  **figures, "cores_used": round((tree_cpu_seconds(process.pid) - cpu) / wall, 2),
                  "memory": tree_memory(process.pid)}
        return {**result, **finish()}


def indexed_files(index: Path) -> list[str]:
    """The files the index was built from, checked before any point runs: all must still be there."""
    files = sorted(IndexStore(index).read_json(MANIFEST).get("files", {}))
    if not files or not all(Path(f).is_file() for f in files):
        sys.exit(f"--reindex-during reindexes the files {index} was built from, and some are gone")
    return files


def reindex_run(server: Server, index: Path, files: list[str], queries: list[str], warm: list[str],
                tmp: Path) -> dict:
    """A Newsdex run at concurrency 64 while ``newsdex reindex`` of the same ``files`` switches generations.

    The reindex starts first and the run once it has read the files, so that the switch, at its very end,
    falls within the run even when the load slows the reindex down; ``switched_after_s`` says when it came."""
    store = IndexStore(index)
    before = store.current().name

    def start() -> Callable[[], dict]:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "indexer.cli", "reindex", *files, "--index", str(index)],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        late, switched, ended, stop = threading.Event(), [], [], threading.Event()

        def follow() -> None:  # read all of it: a full pipe would stall the reindex
            for line in process.stderr:
                if line.startswith(REINDEX_LATE_STAGE):
                    late.set()
            ended.append(round(time.monotonic() - started, 1))
            late.set()

        def watch(run_started: float) -> None:
            while not stop.wait(0.05) and not switched:
                if store.current().name != before:
                    switched.append(round(time.monotonic() - run_started, 1))

        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        late.wait(timeout=600)
        lead = time.monotonic() - started
        watcher = threading.Thread(target=watch, args=(time.monotonic(),), daemon=True)
        watcher.start()

        def finish() -> dict:
            stop.set()
            watcher.join()
            status = process.wait()
            follower.join()
            return {"reindex": {"started_before_run_s": round(lead, 1), "exit_status": status, "seconds": ended[0],
                                "switched_after_s": switched[0] if switched else None,
                                "generation_before": before, "generation_after": store.current().name}}
        return finish

    point = measure(server, queries, warm, REINDEX_CONCURRENCY, REINDEX_SECONDS, tmp, start)
    return {**point, "mix": "distinct", "exhausted": point["wraps"] > 0}


def run_points(servers: list[Server], concurrencies: list[int], rounds: int, duration: float,
               distinct: list[list[str]], repeated: list[str], warm: list[str], tmp: Path) -> list[dict]:
    """Every point; ``distinct[i]`` is the slice of round ``i // len(concurrencies)`` at concurrency number
    ``i % len(concurrencies)``, the same for every server."""
    points = []
    for round_ in range(1, rounds + 1):
        order = servers if round_ % 2 else servers[::-1]
        for mix in ("distinct", "repeated"):
            for n, concurrency in enumerate(concurrencies):
                queries = distinct[(round_ - 1) * len(concurrencies) + n] if mix == "distinct" else repeated
                for server in order:
                    print(f"round {round_}: {server.name}, {mix}, concurrency {concurrency} ...", file=sys.stderr,
                          flush=True)
                    point = measure(server, queries, warm, concurrency, duration, tmp)
                    points.append({**point, "mix": mix, "round": round_,
                                   "exhausted": point["wraps"] > 0 if mix == "distinct" else None})
    return points


def print_table(points: list[dict], stream) -> None:
    print(f"{'server':<9} {'mix':<8} {'conc':>4} {'rnd':>3} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'cores':>5} {'RSS MB':>6} {'PSS MB':>6} {'priv MB':>7} {'largest RSS/PSS/priv/dirty':>26} "
          f"{'exhausted':>9}", file=stream)
    for p in points:
        memory, largest = p["memory"], p["memory"]["largest"]
        largest_text = "/".join(f"{largest[key]:.0f}" for key in ("rss_mb", "pss_mb", "private_mb", "private_dirty_mb"))
        exhausted = "-" if p["exhausted"] is None else "yes" if p["exhausted"] else "no"
        print(f"{p['server']:<9} {p['mix']:<8} {p['concurrency']:>4} {p['round']:>3} {p['rps']:>7.1f} "
              f"{p['p50_ms']:>7} {p['p95_ms']:>7} {p['p99_ms']:>7} {p['errors']:>6} {p['cores_used']:>5} "
              f"{memory['rss_mb']:>6.0f} {memory['pss_mb']:>6.0f} {memory['private_mb']:>7.0f} "
              f"{largest_text:>26} "
              f"{exhausted:>9}", file=stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="an existing index folder (default: build Reuters into a temporary folder)")
    parser.add_argument("--peer", choices=["datasette"], help="also load this server, over the same articles")
    parser.add_argument("--datasette", default="datasette", help="the datasette executable")
    parser.add_argument("--concurrency", default="1,4,16,64", help="open connections of each point")
    parser.add_argument("--duration", type=float, default=30, help="seconds of each point")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every point; each switches who goes first")
    parser.add_argument("--workers", type=int, help="newsdex serve --workers (not sent unless given)")
    parser.add_argument("--threads", type=int, help="newsdex serve --threads (not sent unless given)")
    parser.add_argument("--distinct", type=int, help=f"distinct queries per point (default {RATE_ESTIMATE} x duration)")
    parser.add_argument("--reindex-during", action="store_true",
                        help=f"also a {REINDEX_SECONDS} s Newsdex run at concurrency {REINDEX_CONCURRENCY} during a "
                             "reindex of the served Reuters index")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    require_wrk()
    concurrencies = [int(c) for c in args.concurrency.split(",") if c.strip()]

    with tempfile.TemporaryDirectory(prefix="newsdex-load-") as folder:
        tmp = Path(folder)
        index = Path(args.index).resolve() if args.index else tmp / "index"
        if not args.index:
            build_reuters(index)
        (tmp / "load.lua").write_text(WRK_SCRIPT, encoding="utf-8")
        articles = read_articles(index)
        reindexed = indexed_files(index) if args.reindex_during else []
        newsdex_options = [f"--{name}={value}" for name, value in (("workers", args.workers),
                                                                   ("threads", args.threads)) if value]
        servers = [Server("newsdex", [sys.executable, "-m", "indexer.cli", "serve", "--index", str(index),
                                      *newsdex_options], "/api/search?q={q}")]
        if args.peer == "datasette":
            build_sqlite(articles, tmp / f"{DB_NAME}.db")
            servers.append(Server("datasette", [args.datasette, "serve", str(tmp / f"{DB_NAME}.db"),
                                                *DATASETTE_SETTINGS],
                                  f"/{DB_NAME}/{DB_NAME}.json?_search={{q}}&_facet_array=people"
                                  "&_facet_array=countries&_size=10&_nosuggest=1", tuple(DATASETTE_COMPLETE)))

        per_point = args.distinct or int(RATE_ESTIMATE * args.duration)
        reindex_size = RATE_ESTIMATE * REINDEX_SECONDS if args.reindex_during else 0
        slices = args.rounds * len(concurrencies)
        pool = make_queries([a["title"] for a in articles], WARM + REPEATED + reindex_size + slices * per_point)
        warm, repeated = pool[:WARM], pool[WARM:WARM + REPEATED]
        reindex_queries, rest = pool[WARM + REPEATED:][:reindex_size], pool[WARM + REPEATED + reindex_size:]
        per_point = min(per_point, len(rest) // slices)  # a small corpus: smaller slices, still disjoint
        distinct = [rest[i * per_point:(i + 1) * per_point] for i in range(slices)]

        samples = {}
        for server in servers:
            with serving(server, tmp / f"{server.name}.log") as (_, port):
                samples[server.name] = {q: sample(server, port, q) for q in SAMPLES}
        points = run_points(servers, concurrencies, args.rounds, args.duration, distinct, repeated, warm, tmp)
        during = None
        if args.reindex_during:
            print("reindexing during a Newsdex run ...", file=sys.stderr, flush=True)
            during = reindex_run(servers[0], index, reindexed, reindex_queries, warm, tmp)

    document = {"machine": machine(), "points": points, "samples": samples, "reindex_during": during}
    print_table(points, sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
