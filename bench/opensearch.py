"""The OpenSearch backend beside the embedded index, over Reuters-21578, in one run.

    python bench/opensearch.py [--url URL] [--nodes 3] [--shards 2] [--replicas 1] [--queries 200]
        [--duration 20] [--json]

Without --url, a cluster of --nodes is started by tools/opensearch-cluster in a temporary folder and
stopped at the end. Measured, one after the other on the same machine:

1. The bulk reindex of the 22 Reuters files into the cluster (--shards, --replicas) and the embedded
   reindex of the same files into a temporary folder: articles/s each. Then an incremental run of each
   with nothing changed, and one after a file's modification time moved: seconds each.
2. --queries distinct one- to three-word queries of Reuters title words (bench/load.py's), through
   both backends' ``search``: the share whose totals are within 1% of the embedded engine's, whether
   the facet counts are equal where the totals are, and the overlap of the two first pages of ten.
3. wrk at concurrency 16 against ``newsdex serve`` on each backend (distinct queries, a fresh server
   each): req/s, p50 and p95.
4. The memory of each node's JVM (and of each server's processes).
5. With a cluster started here: a node lost. wrk at concurrency 16 against ``newsdex serve`` given every
   node's URL while the node the first URL names is SIGKILLed a third of the way in: failed requests
   and whether every article is still found. Then, the cluster restarted whole, a reindex of the same
   files during which a node is SIGKILLed as the documents go in: it must either complete (every
   article in the new index) or fail leaving the alias on the old one, every article still served.

The table goes to stdout, or with --json to stderr and the JSON document to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import REPO, machine, reuters_files
from load import WRK_SCRIPT, Server, make_queries, measure, require_wrk, tree_memory

from indexer.index.opensearch_reindex import reindex_opensearch
from indexer.index.opensearch_schema import connect
from indexer.index.reindex import reindex
from indexer.search import IndexHandle, SearchRequest
from indexer.search.opensearch import OpenSearchBackend

CLUSTER_TOOL = REPO / "tools" / "opensearch-cluster"
ALIAS = "bench-reuters"
WARM = 20
CONCURRENCY = 16


def start_cluster(folder: Path, nodes: int) -> str:
    started = subprocess.run([str(CLUSTER_TOOL), "start", str(folder), "--nodes", str(nodes)],
                             capture_output=True, text=True, timeout=600)
    if started.returncode:
        sys.exit(f"the cluster did not start:\n{started.stdout[-2000:]}{started.stderr[-2000:]}")
    return started.stdout.strip().splitlines()[-1]


def node_memory(folder: Path) -> list[dict]:
    """Each running node's JVM: its memory (tree_memory's figures)."""
    return [{"node": name, "rss_mb": memory["rss_mb"], "private_mb": memory["private_mb"]}
            for name, pid in node_pids(folder).items() if Path(f"/proc/{pid}").exists()
            for memory in [tree_memory(pid)]]


def node_pids(folder: Path) -> dict[str, int]:
    """Each node's JVM, from the pid files the tool writes."""
    return {pid_file.parent.name: int(pid_file.read_text().strip())
            for pid_file in sorted(folder.glob("node-*/node.pid"))}


def node_urls(url: str) -> dict[str, str]:
    """Each node's name and URL, as the node at ``url`` lists them."""
    with urllib.request.urlopen(f"{url}/_cat/nodes?format=json&h=name,http_address", timeout=30) as response:
        return {node["name"]: f"http://{node['http_address']}" for node in json.load(response)}


def kill_node(folder: Path, name: str) -> None:
    os.kill(node_pids(folder)[name], signal.SIGKILL)


def restart_cluster(folder: Path) -> str:
    subprocess.run([str(CLUSTER_TOOL), "stop", str(folder)], capture_output=True, timeout=300)
    started = subprocess.run([str(CLUSTER_TOOL), "start", str(folder)], capture_output=True, text=True, timeout=600)
    if started.returncode:
        sys.exit(f"the cluster did not start again:\n{started.stdout[-2000:]}{started.stderr[-2000:]}")
    return started.stdout.strip().splitlines()[-1]


def served_articles(urls: str) -> int:
    backend = OpenSearchBackend(urls, ALIAS)
    try:
        return backend.search(SearchRequest(snippets=False, suggest=False)).total
    finally:
        backend.close()


def node_lost_under_load(folder: Path, cluster_folder: Path, url: str, queries: list[str], warm: list[str],
                         duration: float) -> dict:
    """wrk against a server given every node, the first of them SIGKILLed a third of the way in."""
    nodes = node_urls(url)
    first = min(nodes)
    urls = ",".join(nodes[name] for name in sorted(nodes))  # the killed node first: every client meets it
    server = Server("newsdex-opensearch-node-lost",
                    [sys.executable, "-m", "indexer.cli", "serve", "--backend", "opensearch", "--url", urls,
                     "--alias", ALIAS], "/api/search?q={q}")

    def alongside():
        timer = threading.Timer(duration / 3, kill_node, (cluster_folder, first))
        timer.start()
        return lambda: timer.join() or {"killed": first, "killed_after_s": round(duration / 3, 1)}

    point = measure(server, queries, warm, CONCURRENCY, duration, folder, alongside=alongside)
    log = (folder / f"{server.name}.log").read_text("utf-8", errors="replace").splitlines()
    point["logged_errors"] = [line[:300] for line in log if "ERROR" in line or "nreachable" in line][:5]
    survivors = ",".join(nodes[name] for name in sorted(nodes) if name != first)
    kept = ("server", "rps", "p50_ms", "p95_ms", "errors", "error_kinds", "partial", "killed", "killed_after_s",
            "logged_errors")
    return {key: point[key] for key in kept} | {"articles_after": served_articles(survivors)}


def node_lost_during_reindex(cluster_folder: Path, url: str, files: list[str], shards: int, replicas: int) -> dict:
    """A reindex of ``files`` with a node SIGKILLed once its new index is taking documents."""
    nodes = node_urls(url)
    victim = sorted(nodes)[1]
    urls = ",".join(nodes[name] for name in sorted(nodes))
    client = connect(urls)
    before = sorted(client.indices.get_alias(name=ALIAS))
    outcome: dict = {}

    def run_reindex():
        try:
            report = reindex_opensearch(files, urls, ALIAS, shards=shards, replicas=replicas)
            outcome.update(completed=True, articles=report.articles, failed=len(report.failed))
        except Exception as exc:  # noqa: BLE001 - what the run raised is the figure
            outcome.update(completed=False, error=f"{type(exc).__name__}: {exc}"[:300])

    reindexing = threading.Thread(target=run_reindex)
    reindexing.start()
    killed_after = None
    started = time.monotonic()
    while reindexing.is_alive() and killed_after is None:  # the new index appears once the files are read
        if set(client.indices.get(index=f"{ALIAS}-*")) - set(before) - set(client.indices.get_alias(name="*")):
            time.sleep(1)  # into the bulk requests
            kill_node(cluster_folder, victim)
            killed_after = round(time.monotonic() - started, 1)
        time.sleep(0.2)
    reindexing.join()
    survivors = ",".join(nodes[name] for name in sorted(nodes) if name != victim)
    after = sorted(connect(survivors).indices.get_alias(name=ALIAS))
    return {**outcome, "killed": victim, "killed_after_s": killed_after, "alias_moved": after != before,
            "articles_after": served_articles(survivors)}


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def incremental_runs(files: list[str], index: Path, url: str, args) -> dict:
    """Incremental runs of both backends after their full reindex: nothing changed, then one file's
    modification time moved (the file is read, its content found unchanged by its hash)."""
    runs = {}
    for case in ("nothing changed", "one file touched"):
        if case == "one file touched":
            os.utime(files[0])
        runs[case] = {}
        for backend, call in (("embedded", lambda: reindex(files, index, incremental=True, progress=False)),
                              ("opensearch", lambda: reindex_opensearch(files, url, ALIAS, incremental=True,
                                                                        shards=args.shards, replicas=args.replicas))):
            report, seconds = timed(call)
            runs[case][backend] = {"seconds": round(seconds, 2), "articles": report.articles,
                                   "unchanged": report.unchanged, "updated": report.updated}
    return runs


def compare(embedded, cluster, queries: list[str]) -> dict:
    """The two backends' answers to each query: totals, facets where the totals agree, first-page overlap."""
    rows = []
    for q in queries:
        request = SearchRequest(q, snippets=False, suggest=False)
        ours, theirs = cluster.search(request), embedded.search(request)
        rows.append({"q": q, "embedded_total": theirs.total, "opensearch_total": ours.total,
                     "within_1pct": abs(ours.total - theirs.total) <= 0.01 * theirs.total,
                     "facets_equal": ours.facets == theirs.facets if ours.total == theirs.total else None,
                     "top10_overlap": (len({h.id for h in ours.hits} & {h.id for h in theirs.hits})
                                       / max(1, min(len(ours.hits), len(theirs.hits))))})
    same_total = [row for row in rows if row["facets_equal"] is not None]
    return {"queries": len(rows),
            "within_1pct_share": sum(row["within_1pct"] for row in rows) / len(rows),
            "same_total": len(same_total),
            "facets_equal_share": sum(row["facets_equal"] for row in same_total) / max(1, len(same_total)),
            "top10_overlap_mean": statistics.mean(row["top10_overlap"] for row in rows),
            "top10_overlap_median": statistics.median(row["top10_overlap"] for row in rows),
            "differing": [row for row in rows if not row["within_1pct"] or row["facets_equal"] is False][:20]}


def run(args, folder: Path, url: str, cluster_folder: Path | None) -> dict:
    # Copies, so that the incremental runs can touch one.
    copies = folder / "reuters"
    copies.mkdir()
    files = [shutil.copy2(path, copies) for path in reuters_files()]
    index = folder / "index"
    print("embedded reindex ...", file=sys.stderr, flush=True)
    embedded_report, embedded_seconds = timed(lambda: reindex(files, index, progress=False))
    print("OpenSearch reindex ...", file=sys.stderr, flush=True)
    cluster_report, cluster_seconds = timed(lambda: reindex_opensearch(
        files, url, ALIAS, shards=args.shards, replicas=args.replicas))
    print("incremental reindexes ...", file=sys.stderr, flush=True)
    incremental = incremental_runs(files, index, url, args)
    embedded, cluster = IndexHandle(index).get(), OpenSearchBackend(url, ALIAS)
    titles = [hit.title for hit in embedded.hits(SearchRequest(snippets=False, suggest=False))]
    pool = make_queries(titles, args.queries + 2 * WARM + 2 * int(400 * args.duration))
    compared_queries, rest = pool[:args.queries], pool[args.queries:]
    print(f"comparing {len(compared_queries)} queries ...", file=sys.stderr, flush=True)
    comparison = compare(embedded, cluster, compared_queries)
    nodes_after_queries = node_memory(cluster_folder) if cluster_folder else []
    embedded.close()
    cluster.close()

    (folder / "load.lua").write_text(WRK_SCRIPT, encoding="utf-8")
    serve = [sys.executable, "-m", "indexer.cli", "serve"]
    servers = [Server("newsdex", [*serve, "--index", str(index)], "/api/search?q={q}"),
               Server("newsdex-opensearch", [*serve, "--backend", "opensearch", "--url", url, "--alias", ALIAS],
                      "/api/search?q={q}")]
    warm, rest = rest[:WARM], rest[WARM:]
    half = len(rest) // 2
    load = []
    for server, queries in zip(servers, (rest[:half], rest[half:]), strict=True):
        print(f"load: {server.name}, concurrency {CONCURRENCY} ...", file=sys.stderr, flush=True)
        load.append(measure(server, queries, warm, CONCURRENCY, args.duration, folder))
    node_lost = {}
    if cluster_folder:
        print("load while a node is SIGKILLed ...", file=sys.stderr, flush=True)
        node_lost["load"] = node_lost_under_load(folder, cluster_folder, url, rest[:half], warm, args.duration)
        print("reindex while a node is SIGKILLed ...", file=sys.stderr, flush=True)
        url = restart_cluster(cluster_folder)
        node_lost["reindex"] = node_lost_during_reindex(cluster_folder, url, files, args.shards, args.replicas)
    return {
        "machine": machine(),
        "cluster": {"nodes": args.nodes if cluster_folder else None, "shards": args.shards,
                    "replicas": args.replicas, "node_memory": nodes_after_queries},
        "reindex": {"embedded": {"articles": embedded_report.articles, "seconds": round(embedded_seconds, 1),
                                 "articles_per_s": round(embedded_report.articles / embedded_seconds, 1)},
                    "opensearch": {"articles": cluster_report.articles, "seconds": round(cluster_seconds, 1),
                                   "articles_per_s": round(cluster_report.articles / cluster_seconds, 1),
                                   "failed": len(cluster_report.failed)},
                    "incremental": incremental},
        "comparison": comparison,
        "load": [{key: point[key] for key in ("server", "concurrency", "rps", "p50_ms", "p95_ms", "errors",
                                              "cores_used", "memory")} for point in load],
        "node_lost": node_lost,
    }


def print_table(document: dict, stream) -> None:
    reindexed = document["reindex"]
    ratio = reindexed["opensearch"]["articles_per_s"] / reindexed["embedded"]["articles_per_s"]
    print(f"reindex: embedded {reindexed['embedded']['articles_per_s']} articles/s, OpenSearch "
          f"{reindexed['opensearch']['articles_per_s']} articles/s ({ratio:.2f}x), "
          f"{reindexed['opensearch']['failed']} failed files", file=stream)
    for case, runs in reindexed["incremental"].items():
        print(f"incremental, {case}: embedded {runs['embedded']['seconds']} s, OpenSearch "
              f"{runs['opensearch']['seconds']} s ({runs['opensearch']['articles']} articles, "
              f"{runs['opensearch']['unchanged']} files unchanged)", file=stream)
    compared = document["comparison"]
    print(f"{compared['queries']} queries: totals within 1% on {compared['within_1pct_share']:.1%}; "
          f"facets equal on {compared['facets_equal_share']:.1%} of the {compared['same_total']} with equal totals; "
          f"top-10 overlap mean {compared['top10_overlap_mean']:.2f}, median {compared['top10_overlap_median']:.2f}",
          file=stream)
    for point in document["load"]:
        print(f"{point['server']:<20} c{point['concurrency']}: {point['rps']:.1f} req/s, p50 {point['p50_ms']} ms, "
              f"p95 {point['p95_ms']} ms, {point['errors']} errors, {point['memory']['rss_mb']:.0f} MB RSS",
              file=stream)
    lost = document["node_lost"]
    if lost:
        point, run = lost["load"], lost["reindex"]
        print(f"{point['killed']} SIGKILLed {point['killed_after_s']} s into the load: {point['rps']:.1f} req/s, "
              f"p95 {point['p95_ms']} ms, {point['errors']} errors, {point['partial']} partial answers; "
              f"{point['articles_after']} articles served after", file=stream)
        ended = (f"completed with {run['articles']} articles" if run["completed"]
                 else f"failed ({run['error']}), alias {'moved' if run['alias_moved'] else 'unchanged'}")
        print(f"{run['killed']} SIGKILLed {run['killed_after_s']} s into a reindex: {ended}; "
              f"{run['articles_after']} articles served after", file=stream)
    for node in document["cluster"]["node_memory"]:
        print(f"{node['node']}: {node['rss_mb']:.0f} MB RSS, {node['private_mb']:.0f} MB private", file=stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="an existing cluster (default: start one with tools/opensearch-cluster)")
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20, help="seconds of each load point")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    require_wrk()
    with tempfile.TemporaryDirectory(prefix="newsdex-opensearch-bench-") as name:
        folder = Path(name)
        cluster_folder = None if args.url else folder / "cluster"
        url = args.url or start_cluster(cluster_folder, args.nodes)
        try:
            document = run(args, folder, url, cluster_folder)
        finally:
            if cluster_folder:
                subprocess.run([str(CLUSTER_TOOL), "stop", str(cluster_folder)], capture_output=True, timeout=300)
    print_table(document, sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(document, indent=2, default=str))


if __name__ == "__main__":
    main()
