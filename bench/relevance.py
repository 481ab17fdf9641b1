"""Ranking quality on test collections with human relevance judgements.

    python bench/relevance.py [DIR ...] [--json] [--index-cache DIR] [--leave-one-out]

Each DIR holds ``docs.jsonl`` (``id``, ``title``, ``text``), ``queries.tsv`` (``qid<TAB>text``) and
``qrels.txt`` (TREC: ``qid 0 docid rel``). Without DIRs, every collection under ``../shared/data/ir``
(beside the repository) is measured. The documents are indexed with the engine's own reindex
(analysis, schema), into a temporary index unless ``--index-cache`` names a folder to keep indexes
in, and every query goes through ``SearchIndex.search(SearchRequest(text, page_size=1000))``: the code
the web UI runs for a typed query. Printed per collection: MAP (cut at 1000), nDCG@10, P@10,
Recall@100 over every judged query (a judged query with no results scores 0) and query latency in
milliseconds; then, from the same run, the engine without feedback, the plain BM25 baselines of
``bench/baselines.py``, the ratio to the best of them, per-query feedback wins and losses, and how
many queries the parser reads as syntax. ``--leave-one-out`` also scores every setting of ``GRID``
and, for each collection, the setting best on the others (by the worst ratio to a baseline).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baselines  # noqa: E402
from metrics import average_precision, evaluate, read_qrels, read_queries  # noqa: E402

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


def run_collection(collection: str, index_root: str, ranking=None) -> dict:
    """The engine's figures on one collection, under ``ranking`` (RankingParameters; the defaults if None)."""
    started = time.perf_counter()
    build_index(collection, index_root)
    index_seconds = time.perf_counter() - started
    queries, qrels = judged_queries(collection)
    runs, latencies, truncated = engine_runs(collection, index_root, queries, ranking)
    metrics = evaluate(runs, qrels)
    latencies.sort()
    metrics.update({
        "collection": os.path.basename(os.path.normpath(collection)),
        "docs": len(collection_ids(os.path.join(collection, "docs.jsonl"))),
        "truncated_queries": truncated,
        "index_seconds": round(index_seconds, 1),
        "latency_mean_ms": statistics.fmean(latencies) if latencies else 0.0,
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
        "runs": runs,
    })
    return metrics


def judged_queries(collection: str) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    with open(os.path.join(collection, "queries.tsv"), encoding="utf-8") as handle:
        queries = read_queries(handle)
    with open(os.path.join(collection, "qrels.txt"), encoding="utf-8") as handle:
        qrels = read_qrels(handle)
    return {qid: text for qid, text in queries.items() if qid in qrels}, qrels


def engine_runs(collection: str, index_root: str, queries: dict[str, str], ranking=None):
    """Each query's ranked collection doc ids from ``SearchIndex.search``, the latencies (ms) and how
    many queries were cut to the API's length limit."""
    from indexer.index.store import IndexStore
    from indexer.search import MAX_QUERY_CHARS, SearchIndex

    ids = collection_ids(os.path.join(collection, "docs.jsonl"))
    index = SearchIndex(IndexStore(index_root).current(), ranking=ranking)
    index.search(SearchRequest("warm up", page_size=10))
    runs, latencies, truncated = {}, [], 0
    for qid, text in queries.items():
        if len(text) > MAX_QUERY_CHARS:  # the search API refuses longer queries: keep the whole words that fit
            text = text[:MAX_QUERY_CHARS + 1].rsplit(None, 1)[0]
            truncated += 1
        started = time.perf_counter()
        result = index.search(SearchRequest(text, page_size=1000, snippets=False))
        latencies.append((time.perf_counter() - started) * 1000)
        runs[qid] = [ids.get(hit.id, hit.id) for hit in result.hits]
    index.close()
    return runs, latencies, truncated


def compare(collection: str, index_root: str) -> dict:
    """The engine beside itself without feedback and beside the plain BM25 baselines, in one run."""
    from indexer.search.query import QueryParser
    from indexer.search.ranking import FieldedTerms, RankingParameters

    engine = run_collection(collection, index_root)
    queries, qrels = judged_queries(collection)
    without, _, _ = engine_runs(collection, index_root, queries, RankingParameters(plain_text_feedback=False))
    documents = baselines.read_documents(os.path.join(collection, "docs.jsonl"))
    plain = {"lucene_bm25": baselines.lucene_bm25(documents, queries),
             "fts5_bm25": baselines.fts5_bm25(documents, queries)}
    maps = {name: evaluate(runs, qrels)["map"] for name, runs in plain.items()}
    best = max(maps, key=maps.get)
    # Per query, feedback against none: a win or loss moves average precision by more than 0.001.
    change = [average_precision(engine["runs"].get(qid, []), qrels[qid]) -
              average_precision(without.get(qid, []), qrels[qid]) for qid in queries]
    parser = QueryParser(_schema(index_root))
    syntax = [qid for qid, text in queries.items()
              if not (isinstance(parsed := parser.parse(text)[0], FieldedTerms) and parsed.plain_text)]
    engine.update({
        "map_without_feedback": evaluate(without, qrels)["map"],
        "feedback_wins": sum(d > 0.001 for d in change), "feedback_losses": sum(d < -0.001 for d in change),
        "feedback_worst_loss": min(change, default=0.0),
        **{f"map_{name}": value for name, value in maps.items()},
        "best_baseline": best, "best_baseline_map": maps[best], "ratio_to_best_baseline": engine["map"] / maps[best],
        "queries_read_as_syntax": len(syntax), "syntax_query_ids": syntax,
    })
    return engine


def _schema(index_root: str):
    import whoosh.index

    from indexer.index.store import IndexStore

    return whoosh.index.open_dir(str(IndexStore(index_root).current())).schema


# Every ranking constant is chosen by leave-one-collection-out over this grid (docs/ranking.md).
GRID = {
    "k1": (0.6, 0.9, 1.2, 1.5, 2.0),
    "b": (0.3, 0.5, 0.75),
    "title_weight": (1.0, 2.0),
    "feedback_weight": (0.0, 0.25, 0.4, 0.6, 0.8),  # 0: no feedback
}


def grid_settings() -> list[dict]:
    return [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]


def parameters_of(setting: dict):
    from indexer.search.ranking import RankingParameters

    b = setting["b"]
    return RankingParameters(
        k1=setting["k1"], b=(("title", b), ("body", b)), field_weights=(("title", setting["title_weight"]),
                                                                        ("body", 1.0)),
        plain_text_feedback=setting["feedback_weight"] > 0, feedback_weight=setting["feedback_weight"] or 0.4)


def leave_one_out(collections: list[str], index_roots: list[str], baseline_maps: dict[str, float]) -> dict:
    """MAP of every grid setting on every collection; for each collection, the setting best on the
    other collections and what it scores on the one left out.

    Best means the largest smallest ratio to the collection's best plain BM25 baseline: the target is
    every collection above its baseline, and a mean lets one collection pay for the others.
    """
    names = [os.path.basename(os.path.normpath(c)) for c in collections]

    def worst_ratio(row: dict, among: list[str]) -> float:
        return min(row[n] / baseline_maps[n] for n in among)

    settings = grid_settings()
    scores = []
    for setting in settings:
        row = {}
        for name, collection, root in zip(names, collections, index_roots, strict=True):
            queries, qrels = judged_queries(collection)
            row[name] = evaluate(engine_runs(collection, root, queries, parameters_of(setting))[0], qrels)["map"]
        scores.append(row)
        print(f"  {setting} " + " ".join(f"{row[n]:.4f}" for n in names), file=sys.stderr, flush=True)
    table = []
    for left_out in names:
        others = [n for n in names if n != left_out]
        chosen = max(range(len(settings)), key=lambda i: worst_ratio(scores[i], others))
        in_sample = max(range(len(settings)), key=lambda i: scores[i][left_out])
        table.append({"left_out": left_out, "chosen": settings[chosen], "map": scores[chosen][left_out],
                      "ratio_to_best_baseline": scores[chosen][left_out] / baseline_maps[left_out],
                      "best_in_sample": settings[in_sample], "best_in_sample_map": scores[in_sample][left_out]})
    overall = max(range(len(settings)), key=lambda i: worst_ratio(scores[i], names))
    mean_map = statistics.fmean(row["map"] for row in table)
    return {"settings": [{**s, **row} for s, row in zip(settings, scores, strict=True)], "table": table,
            "mean_map": mean_map, "mean_ratio": mean_map / statistics.fmean(baseline_maps[n] for n in names),
            "best_on_all": settings[overall], "best_on_all_maps": scores[overall]}


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
    parser.add_argument("--leave-one-out", action="store_true",
                        help=f"also run the {len(grid_settings())}-setting grid and the leave-one-collection-out table")
    args = parser.parse_args(argv)
    collections = args.collections or sorted(
        os.path.join(DEFAULT_DATA, name) for name in os.listdir(DEFAULT_DATA)
        if os.path.isfile(os.path.join(DEFAULT_DATA, name, "qrels.txt"))) if os.path.isdir(DEFAULT_DATA) else []
    if not collections:
        parser.error(f"no collections given and none found in {DEFAULT_DATA}")
    with tempfile.TemporaryDirectory(prefix="newsdex-relevance-") as tmp:
        cache = args.index_cache or tmp
        roots = [os.path.join(cache, os.path.basename(os.path.normpath(c))) for c in collections]
        results = []
        for collection, root in zip(collections, roots, strict=True):
            results.append(compare(collection, root))
            if not args.json:
                _print_row(results[-1], header=len(results) == 1)
        report = {"collections": [{k: v for k, v in r.items() if k != "runs"} for r in results]}
        if not args.json:
            _print_comparison(results)
        if args.leave_one_out:
            report["leave_one_out"] = leave_one_out(collections, roots,
                                                    {r["collection"]: r["best_baseline_map"] for r in results})
            if not args.json:
                _print_leave_one_out(report["leave_one_out"])
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


def _print_row(m: dict, header: bool) -> None:
    if header:
        print(f"{'collection':<12}{'queries':>8}{'MAP':>8}{'nDCG@10':>9}{'P@10':>8}{'R@100':>8}"
              f"{'mean ms':>9}{'p50 ms':>8}{'p95 ms':>8}")
    print(f"{m['collection']:<12}{m['queries']:>8}{m['map']:>8.4f}{m['ndcg@10']:>9.4f}{m['p@10']:>8.4f}"
          f"{m['recall@100']:>8.4f}{m['latency_mean_ms']:>9.1f}{m['latency_p50_ms']:>8.1f}{m['latency_p95_ms']:>8.1f}",
          flush=True)


def _print_comparison(results: list[dict]) -> None:
    print(f"\n{'collection':<12}{'engine':>8}{'no fb':>8}{'Lucene':>8}{'FTS5':>8}{'ratio':>7}"
          f"{'fb +/-':>9}{'worst':>8}{'syntax':>8}")
    for m in results:
        print(f"{m['collection']:<12}{m['map']:>8.4f}{m['map_without_feedback']:>8.4f}{m['map_lucene_bm25']:>8.4f}"
              f"{m['map_fts5_bm25']:>8.4f}{m['ratio_to_best_baseline']:>7.3f}"
              f"{m['feedback_wins']:>5}/{m['feedback_losses']:<3}{m['feedback_worst_loss']:>8.3f}"
              f"{m['queries_read_as_syntax']:>8}")
    engine = statistics.fmean(m["map"] for m in results)
    best = statistics.fmean(m["best_baseline_map"] for m in results)
    print(f"mean MAP {engine:.4f}, mean best baseline {best:.4f}: {engine / best:.3f}x")


def _print_leave_one_out(loo: dict) -> None:
    print("\nleave one collection out: the setting best on the other three, scored on the one left out")
    for row in loo["table"]:
        print(f"{row['left_out']:<8}{row['map']:>8.4f} ({row['ratio_to_best_baseline']:.3f}x baseline)  chosen "
              f"{row['chosen']}  (best on it: {row['best_in_sample_map']:.4f} {row['best_in_sample']})")
    print(f"mean {loo['mean_map']:.4f} ({loo['mean_ratio']:.3f}x the mean best baseline); "
          f"best on all: {loo['best_on_all']} {loo['best_on_all_maps']}")


if __name__ == "__main__":
    sys.exit(main())
