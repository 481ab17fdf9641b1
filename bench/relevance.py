"""Ranking quality on test collections with human relevance judgements.

    python bench/relevance.py [DIR ...] [--json] [--index-cache DIR]

Each DIR holds ``docs.jsonl`` (``id``, ``title``, ``text``), ``queries.tsv`` (``qid<TAB>text``) and
``qrels.txt`` (TREC: ``qid 0 docid rel``). Without DIRs, every collection under ``../shared/data/ir``
(beside the repository) is measured. The documents are indexed with the engine's own reindex
(analysis, schema), into a temporary index unless ``--index-cache`` names a folder to keep indexes
in, and every query goes through ``SearchIndex.search(SearchRequest(text, page_size=1000))``: the code the web UI
runs for a typed query. Printed per collection: MAP (cut at 1000), nDCG@10, P@10, Recall@100 over
every judged query (a judged query with no results scores 0) and query latency in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from metrics import evaluate, read_qrels, read_queries  # noqa: E402

from indexer.article import article_id  # noqa: E402
from indexer.search import SearchRequest  # noqa: E402

DEFAULT_DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "ir")


def build_index(collection: str, index_root: str) -> None:
    from indexer.index.reindex import reindex
    from indexer.index.store import IndexStore

    if IndexStore(index_root).exists():
        return
    report = reindex([os.path.join(collection, "docs.jsonl")], index_root, jobs=1, progress=False)
    if report.failed:
        raise SystemExit(f"indexing {collection} failed: {report.failed}")


def collection_ids(path: str) -> dict[str, str]:
    """Engine article id -> the collection's own doc id (ids are derived from the file path and record id)."""
    mapping = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                record = json.loads(line)
                key = str(record.get("id", "")).strip() or number
                mapping[article_id(os.path.abspath(path), key)] = str(record.get("id", number))
    return mapping


def run_collection(collection: str, index_root: str) -> dict:
    from indexer.search import MAX_QUERY_CHARS, IndexHandle

    started = time.perf_counter()
    build_index(collection, index_root)
    index_seconds = time.perf_counter() - started
    with open(os.path.join(collection, "queries.tsv"), encoding="utf-8") as handle:
        queries = read_queries(handle)
    with open(os.path.join(collection, "qrels.txt"), encoding="utf-8") as handle:
        qrels = read_qrels(handle)
    ids = collection_ids(os.path.join(collection, "docs.jsonl"))
    index = IndexHandle(index_root).get()
    index.search(SearchRequest("warm up", page_size=10))
    runs, latencies, truncated = {}, [], 0
    for qid, text in queries.items():
        if qid not in qrels:
            continue
        if len(text) > MAX_QUERY_CHARS:  # the search API refuses longer queries: keep the whole words that fit
            text = text[:MAX_QUERY_CHARS + 1].rsplit(None, 1)[0]
            truncated += 1
        started = time.perf_counter()
        result = index.search(SearchRequest(text, page_size=1000, snippets=False))
        latencies.append((time.perf_counter() - started) * 1000)
        runs[qid] = [ids.get(hit.id, hit.id) for hit in result.hits]
    metrics = evaluate(runs, qrels)
    latencies.sort()
    metrics.update({
        "collection": os.path.basename(os.path.normpath(collection)),
        "docs": len(ids),
        "truncated_queries": truncated,
        "index_seconds": round(index_seconds, 1),
        "latency_mean_ms": statistics.fmean(latencies) if latencies else 0.0,
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
    })
    return metrics


def _percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("collections", nargs="*", metavar="DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--index-cache", metavar="DIR",
                        help="keep each collection's index in DIR/<name> and reuse it next time")
    args = parser.parse_args(argv)
    collections = args.collections or sorted(
        os.path.join(DEFAULT_DATA, name) for name in os.listdir(DEFAULT_DATA)
        if os.path.isfile(os.path.join(DEFAULT_DATA, name, "qrels.txt"))) if os.path.isdir(DEFAULT_DATA) else []
    if not collections:
        parser.error(f"no collections given and none found in {DEFAULT_DATA}")
    results = []
    for collection in collections:
        name = os.path.basename(os.path.normpath(collection))
        if args.index_cache:
            results.append(run_collection(collection, os.path.join(args.index_cache, name)))
        else:
            with tempfile.TemporaryDirectory(prefix=f"newsdex-{name}-") as tmp:
                results.append(run_collection(collection, os.path.join(tmp, "index")))
        if not args.json:
            _print_row(results[-1], header=len(results) == 1)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def _print_row(m: dict, header: bool) -> None:
    if header:
        print(f"{'collection':<12}{'queries':>8}{'MAP':>8}{'nDCG@10':>9}{'P@10':>8}{'R@100':>8}"
              f"{'mean ms':>9}{'p50 ms':>8}{'p95 ms':>8}")
    print(f"{m['collection']:<12}{m['queries']:>8}{m['map']:>8.4f}{m['ndcg@10']:>9.4f}{m['p@10']:>8.4f}"
          f"{m['recall@100']:>8.4f}{m['latency_mean_ms']:>9.1f}{m['latency_p50_ms']:>8.1f}{m['latency_p95_ms']:>8.1f}",
          flush=True)


if __name__ == "__main__":
    sys.exit(main())
