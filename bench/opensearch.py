"""The OpenSearch backend beside the embedded index, over Reuters-21578, in one run.

    python bench/opensearch.py [--url URL] [--nodes 3] [--shards 2] [--replicas 1] [--queries 200]
        [--duration 20] [--json]

Without --url, a cluster of --nodes is started by tools/opensearch-cluster in a temporary folder and
stopped at the end. Measured, one after the other on the same machine:

1. The bulk reindex of the 22 Reuters files into the cluster (--shards, --replicas) and the embedded
   reindex of the same files into a temporary folder: articles/s each.
2. --queries distinct one- to three-word queries of Reuters title words (bench/load.py's), through
   both backends' ``search``: the share whose totals are within 1% of the embedded engine's, whether
   the facet counts are equal where the totals are, and the overlap of the two first pages of ten.
3. wrk at concurrency 16 against ``newsdex serve`` on each backend (distinct queries, a fresh server
   each): req/s, p50 and p95.
4. The memory of each node's JVM (and of each server's processes).

The table goes to stdout, or with --json to stderr and the JSON document to stdout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, machine, reuters_files
from load import WRK_SCRIPT, Server, make_queries, measure, tree_memory

from indexer.index.opensearch_reindex import reindex_opensearch
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
    """Each running node's JVM: its memory (tree_memory's figures), read from the pid files the tool writes."""
    found = []
    for pid_file in sorted(folder.glob("node-*/node.pid")):
        pid = int(pid_file.read_text().strip())
        if Path(f"/proc/{pid}").exists():
            memory = tree_memory(pid)
            found.append({"node": pid_file.parent.name, "rss_mb": memory["rss_mb"],
                          "private_mb": memory["private_mb"]})
    return found


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


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
    files = reuters_files()
    index = folder / "index"
    print("embedded reindex ...", file=sys.stderr, flush=True)
    embedded_report, embedded_seconds = timed(lambda: reindex(files, index, progress=False))
    print("OpenSearch reindex ...", file=sys.stderr, flush=True)
    cluster_report, cluster_seconds = timed(lambda: reindex_opensearch(
        files, url, ALIAS, shards=args.shards, replicas=args.replicas))
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
    return {
        "machine": machine(),
        "cluster": {"nodes": args.nodes if cluster_folder else None, "shards": args.shards,
                    "replicas": args.replicas, "node_memory": nodes_after_queries},
        "reindex": {"embedded": {"articles": embedded_report.articles, "seconds": round(embedded_seconds, 1),
                                 "articles_per_s": round(embedded_report.articles / embedded_seconds, 1)},
                    "opensearch": {"articles": cluster_report.articles, "seconds": round(cluster_seconds, 1),
                                   "articles_per_s": round(cluster_report.articles / cluster_seconds, 1),
                                   "failed": len(cluster_report.failed)}},
        "comparison": comparison,
        "load": [{key: point[key] for key in ("server", "concurrency", "rps", "p50_ms", "p95_ms", "errors",
                                              "cores_used", "memory")} for point in load],
    }


def print_table(document: dict, stream) -> None:
    reindexed = document["reindex"]
    ratio = reindexed["opensearch"]["articles_per_s"] / reindexed["embedded"]["articles_per_s"]
    print(f"reindex: embedded {reindexed['embedded']['articles_per_s']} articles/s, OpenSearch "
          f"{reindexed['opensearch']['articles_per_s']} articles/s ({ratio:.2f}x), "
          f"{reindexed['opensearch']['failed']} failed files", file=stream)
    compared = document["comparison"]
    print(f"{compared['queries']} queries: totals within 1% on {compared['within_1pct_share']:.1%}; "
          f"facets equal on {compared['facets_equal_share']:.1%} of the {compared['same_total']} with equal totals; "
          f"top-10 overlap mean {compared['top10_overlap_mean']:.2f}, median {compared['top10_overlap_median']:.2f}",
          file=stream)
    for point in document["load"]:
        print(f"{point['server']:<20} c{point['concurrency']}: {point['rps']:.1f} req/s, p50 {point['p50_ms']} ms, "
              f"p95 {point['p95_ms']} ms, {point['errors']} errors, {point['memory']['rss_mb']:.0f} MB RSS",
              file=stream)
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
